#!/usr/bin/env python3
"""Content benchmark: feedmirror's standard clean-up (gumbo parse, clean-up
rules, sanitizer, image proxy, serializer: ArticleHtml with cleanup =
"standard", images = "proxy") against Python's bleach (`bleach.clean` with a
comparable allowlist, strip=True) on the same item HTML, one core each, in
the same run.

    cmake --build build/default --target content_bench
    /usr/bin/python3 bench/content_bench.py --bench build/default/content_bench

The items are the <description>s of ../shared/bench/gen_corpus.py's
standard corpus (200 feeds x 50 items, seed 1), generated into bench/corpus/
(ignored by git) when missing. Throughput is items and MB of input per CPU
second of the measuring thread (the machine may be shared); wall time is
printed too. Needs bleach (Debian python3-bleach: scripts/install-deps.sh
bench); when this interpreter lacks it, the script re-runs itself under
/usr/bin/python3."""
import argparse
import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "..", "shared", "bench", "gen_corpus.py")

try:
    import bleach
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    sys.exit("content_bench: bleach is missing (scripts/install-deps.sh bench)")

# bleach's allowlist, as close as bleach allows to feedmirror's sanitizer
# (src/content/sanitizer.cc): the same elements, per-element attributes,
# global title/lang/dir, and the same URL schemes.
TAGS = [
    "p", "br", "hr", "div", "span", "section", "article", "header", "footer", "aside", "main", "nav",
    "address", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table",
    "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td", "figure", "figcaption",
    "img", "picture", "source", "audio", "video", "track", "a", "blockquote", "q", "cite", "pre",
    "code", "kbd", "samp", "var", "abbr", "time", "data", "sub", "sup", "small", "strong", "b", "em",
    "i", "u", "s", "del", "ins", "mark", "dfn", "bdi", "bdo", "wbr", "ruby", "rt", "rp", "rb", "rtc",
    "details", "summary", "big",
]
GLOBAL = ["title", "lang", "dir"]
PER_TAG = {
    "ol": ["start", "reversed", "type"], "li": ["value"], "colgroup": ["span"], "col": ["span"],
    "th": ["colspan", "rowspan", "headers", "scope", "abbr"], "td": ["colspan", "rowspan", "headers"],
    "img": ["src", "srcset", "sizes", "alt", "width", "height"],
    "source": ["src", "srcset", "sizes", "media", "type"],
    "audio": ["src", "controls", "loop", "muted", "preload"],
    "video": ["src", "poster", "controls", "loop", "muted", "preload", "playsinline", "width", "height"],
    "track": ["src", "kind", "srclang", "label", "default"], "a": ["href", "hreflang"],
    "blockquote": ["cite"], "q": ["cite"], "time": ["datetime"], "data": ["value"],
    "del": ["cite", "datetime"], "ins": ["cite", "datetime"], "details": ["open"],
}
ATTRIBUTES = {tag: GLOBAL + PER_TAG.get(tag, []) for tag in TAGS}
PROTOCOLS = ["http", "https", "mailto"]


def ensure_corpus(corpus):
    if os.path.isdir(corpus) and os.listdir(corpus):
        return
    print("generating %s ..." % corpus, file=sys.stderr)
    subprocess.run([sys.executable, GEN, "--feeds", "200", "--items", "50", "--out", corpus, "--seed", "1"],
                   check=True, stdout=subprocess.DEVNULL)


def read_items(corpus, limit):
    """[(link, html)] of every item of every feed, in file order."""
    items = []
    for name in sorted(os.listdir(corpus)):
        if not name.endswith(".xml"):
            continue
        for item in ET.parse(os.path.join(corpus, name)).getroot().iter("item"):
            items.append((item.findtext("link") or "", item.findtext("description") or ""))
            if limit and len(items) >= limit:
                return items
    return items


def run_feedmirror(bench, items_path, phases):
    cmd = [bench, items_path] + (["--phases"] if phases else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def measure(phase, items, clean):
    for _, html in items[:50]:  # warm-up
        clean(html)
    wall, cpu = time.perf_counter(), time.thread_time()
    out_bytes = 0
    for _, html in items:
        out_bytes += len(clean(html).encode("utf-8"))
    return {"phase": phase, "items": len(items), "bytes": sum(len(h.encode("utf-8")) for _, h in items),
            "cpu_s": time.thread_time() - cpu, "wall_s": time.perf_counter() - wall, "output_bytes": out_bytes}


def run_bleach(items, cleaner_too):
    def clean(html):
        return bleach.clean(html, tags=TAGS, attributes=ATTRIBUTES, protocols=PROTOCOLS, strip=True)
    rows = [measure("bleach.clean", items, clean)]
    if cleaner_too:
        cleaner = bleach.sanitizer.Cleaner(tags=TAGS, attributes=ATTRIBUTES, protocols=PROTOCOLS, strip=True)
        rows.append(measure("bleach Cleaner reused", items, cleaner.clean))
    return rows


def row(tool, r):
    mb = r["bytes"] / 1e6
    return "| %s | %d | %.1f | %.2f | %.2f | %.2f | %.0f |" % (
        tool, r["items"], mb, r["cpu_s"], r["wall_s"], mb / r["cpu_s"], r["items"] / r["cpu_s"])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", default=os.path.join(HERE, "..", "build", "default", "content_bench"))
    parser.add_argument("--baseline", help="another content_bench build to time in the same run (e.g. main's)")
    parser.add_argument("--corpus", default=os.path.join(HERE, "corpus"))
    parser.add_argument("--out", default=os.path.join(HERE, "out"))
    parser.add_argument("--limit", type=int, default=0, help="only the first N items (0: all)")
    parser.add_argument("--phases", action="store_true", help="also time feedmirror's parts")
    parser.add_argument("--cleaner", action="store_true", help="also time bleach with one reused Cleaner")
    args = parser.parse_args()

    ensure_corpus(args.corpus)
    items = read_items(args.corpus, args.limit)
    os.makedirs(args.out, exist_ok=True)
    items_path = os.path.join(args.out, "content_items.jsonl")
    with open(items_path, "w", encoding="utf-8") as f:
        for link, html in items:
            f.write(json.dumps({"link": link, "html": html}, ensure_ascii=False) + "\n")

    ours = run_feedmirror(args.bench, items_path, args.phases)
    baseline = run_feedmirror(args.baseline, items_path, False) if args.baseline else []
    theirs = run_bleach(items, args.cleaner)
    print("| tool | items | input MB | CPU s | wall s | MB/s (CPU) | items/s (CPU) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in ours:
        print(row("feedmirror " + r["phase"], r))
    for r in baseline:
        print(row("baseline " + r["phase"], r))
    for r in theirs:
        print(row(r["phase"], r))
    bleach_rate = theirs[0]["items"] / theirs[0]["cpu_s"]
    print("\nfeedmirror ArticleHtml vs bleach.clean, items/s: %.1fx" % (ours[0]["items"] / ours[0]["cpu_s"] / bleach_rate))
    if baseline:
        print("baseline ArticleHtml vs bleach.clean, items/s: %.1fx" % (
            baseline[0]["items"] / baseline[0]["cpu_s"] / bleach_rate))
    gumbo = [r for r in ours if r["phase"] == "gumbo_parse"]
    if gumbo:
        print("gumbo's parse alone (original input, no placeholders) vs bleach.clean, items/s: %.1fx" % (
            gumbo[0]["items"] / gumbo[0]["cpu_s"] / bleach_rate))
    print("bleach %s, python %s, load average %s" % (
        bleach.__version__, sys.version.split()[0], " ".join("%.1f" % x for x in os.getloadavg())))


if __name__ == "__main__":
    main()
