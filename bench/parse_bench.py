#!/usr/bin/env python3
"""Parsing benchmark: `feedmirror parse` against libxml2's bare streaming parse
(`xmllint --stream --noout`) and Python's feedparser (sanitizing off), side by
side in one run on the corpora of ../../shared/bench/gen_corpus.py, plus the
peak memory of archiving the big feed with `feedmirror fetch`.

    scripts/install-deps.sh bench      # python3-feedparser, libxml2-utils, time
    python3 bench/parse_bench.py --feedmirror build/default/feedmirror

Inputs (generated once into bench/corpus-parse/, which git ignores; the same
arguments write the same bytes, so they are not kept):
  standard  200 RSS 2.0 feeds x 50 items (--feeds 200 --items 50 --seed 1)
  big       one RSS 2.0 feed of 20,000 items (--one-big --items 20000 --seed 1)

Each tool reads every file of an input in one process (so that start-up
costs are paid once per input, alike for the three):
  feedmirror  `parse --count FILES...`: parses every item and decodes every
              field (title, link, dates, authors, categories, content), as
              `parse --json` does, but counts them instead of printing JSON
              (`parse --json` of the big feed is timed too, for reference)
  xmllint     `xmllint --stream --noout FILES...`: libxml2's reader, no model
  feedparser  feedparser.parse() of each file's bytes with SANITIZE_HTML and
              RESOLVE_RELATIVE_URIS off, every entry's fields read

Every measurement is repeated (--repeat, default 3) with the tools
interleaved, and the fastest run of each is kept: on a shared, loaded
machine the fastest run is the one least disturbed (feedparser, much the
slowest, runs once unless --feedparser-repeat). Items/s and MB/s are
given per CPU second (user + system, GNU time) and per wall second.

The memory run archives the big feed from a file:// source into a fresh
archive (max_bytes raised to 200 MB) and reports GNU time's maximum
resident set size. Prints Markdown tables; see docs/benchmarks.md."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "..", "shared", "bench", "gen_corpus.py")
DATA = os.path.join(HERE, "corpus-parse")

FEEDPARSER = r"""
import sys
import feedparser
feedparser.SANITIZE_HTML = False
feedparser.RESOLVE_RELATIVE_URIS = False
items = chars = 0
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        parsed = feedparser.parse(f.read())
    for e in parsed.entries:
        items += 1
        fields = [e.get("title", ""), e.get("link", ""), e.get("id", ""), e.get("author", ""),
                  e.get("summary", "")]
        fields += [t.get("term") or "" for t in e.get("tags", [])]
        fields += [c.get("value", "") for c in e.get("content", [])]
        chars += sum(len(x) for x in fields) + (e.get("published_parsed") is not None)
print("items: %d" % items)
"""


def generate():
    """The two inputs, generated when missing: {name: [files]}."""
    standard = os.path.join(DATA, "standard")
    big = os.path.join(DATA, "big.xml")
    if not os.path.isdir(standard) or len(os.listdir(standard)) != 200:
        shutil.rmtree(standard, ignore_errors=True)
        run([sys.executable, GEN, "--feeds", "200", "--items", "50", "--out", standard, "--seed", "1"])
    if not os.path.isfile(big):
        run([sys.executable, GEN, "--one-big", big, "--items", "20000", "--seed", "1"])
    files = sorted(os.path.join(standard, n) for n in os.listdir(standard))
    return {"standard": (files, 10000), "big": ([big], 20000)}


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd[:4]), proc.stderr[-2000:]))
    return proc


def timed(cmd, stdout=subprocess.PIPE):
    """(wall s, CPU s, peak RSS MB, stdout) of a command, through GNU time."""
    with tempfile.NamedTemporaryFile("r") as report:
        proc = subprocess.run(["/usr/bin/time", "-o", report.name, "-f", "%e %U %S %M"] + cmd,
                              stdout=stdout, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            sys.exit("failed: %s ...\n%s" % (" ".join(cmd[:3]), proc.stderr[-2000:]))
        wall, user, system, rss = report.read().split()
    return float(wall), float(user) + float(system), int(rss) / 1024, proc.stdout or ""


def tools(feedmirror):
    """name -> (command for a list of files, how its output names the item count)."""
    return {
        "feedmirror parse --count": lambda files: [feedmirror, "parse", "--count", "--max-bytes",
                                                   "200000000"] + files,
        "xmllint --stream": lambda files: ["xmllint", "--stream", "--noout"] + files,
        # Debian's python3-feedparser lives in Debian's Python, whatever runs this.
        "feedparser": lambda files: ["/usr/bin/python3", "-c", FEEDPARSER] + files,
    }


def items_in(output):
    """Sum of the "items: N" lines a tool printed (None when it prints none)."""
    counts = [int(line.split()[1]) for line in output.splitlines() if line.startswith("items: ")]
    return sum(counts) if counts else None


def measure(commands, inputs, repeat, once):
    """{(tool, input): best (wall, cpu, rss)}, tools interleaved in each round;
    the tools named in `once` run in the first round only."""
    best = {}
    for round_number in range(repeat):
        for input_name, (files, expected) in inputs.items():
            for tool, command in commands.items():
                if round_number > 0 and tool in once:
                    continue
                wall, cpu, rss, out = timed(command(files))
                got = items_in(out)
                if got is not None and got != expected:
                    sys.exit("%s read %d items of %s, expected %d" % (tool, got, input_name, expected))
                key = (tool, input_name)
                if key not in best or cpu < best[key][1]:
                    best[key] = (wall, cpu, rss)
    return best


def print_throughput(best, inputs):
    print("| input | tool | MB | items | CPU s | wall s | MB/s (CPU) | items/s (CPU) | items/s (wall) "
          "| items/s vs xmllint (CPU) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for input_name, (files, items) in inputs.items():
        mb = sum(os.path.getsize(f) for f in files) / 1e6
        base = items / best[("xmllint --stream", input_name)][1]
        for (tool, name), (wall, cpu, _) in best.items():
            if name != input_name:
                continue
            rate = items / cpu
            print("| %s | %s | %.1f | %d | %.2f | %.2f | %.0f | %.0f | %.0f | %.2f× |"
                  % (name, tool, mb, items, cpu, wall, mb / cpu, rate, items / wall, rate / base))


def archive_big_feed(feedmirror, big):
    """(wall, cpu, peak RSS MB, stdout) of `feedmirror fetch` archiving the big feed."""
    archive = os.path.join(DATA, "archive")
    shutil.rmtree(archive, ignore_errors=True)
    os.makedirs(archive)
    config = os.path.join(archive, "feedmirror.toml")
    with open(config, "w", encoding="utf-8") as f:
        f.write('[archive]\nmax_bytes = 200000000\n\n[[source]]\nname = "(臺)中央社CNA"\n'
                'url = "%s"\n' % big)
    result = timed([feedmirror, "fetch", "--config", config])
    if "20000 new" not in result[3]:
        sys.exit("fetch did not archive the 20,000 items:\n" + result[3])
    shutil.rmtree(archive, ignore_errors=True)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feedmirror", default=os.path.join(HERE, "..", "build", "default", "feedmirror"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--feedparser-repeat", action="store_true",
                        help="repeat feedparser too (by default it runs once: it is slow)")
    parser.add_argument("--skip-fetch", action="store_true", help="no memory run")
    args = parser.parse_args()
    feedmirror = os.path.abspath(args.feedmirror)
    inputs = generate()
    for files, _ in inputs.values():  # into the page cache
        for path in files:
            with open(path, "rb") as f:
                while f.read(1 << 20):
                    pass

    best = measure(tools(feedmirror), inputs, args.repeat,
                   set() if args.feedparser_repeat else {"feedparser"})
    big = inputs["big"][0][0]
    for _ in range(args.repeat):
        wall, cpu, rss, _ = timed([feedmirror, "parse", "--json", "--max-bytes", "200000000", big],
                                  stdout=subprocess.DEVNULL)
        key = ("feedmirror parse --json", "big")
        if key not in best or cpu < best[key][1]:
            best[key] = (wall, cpu, rss)
    print_throughput(best, inputs)

    if not args.skip_fetch:
        wall, cpu, rss, _ = archive_big_feed(feedmirror, big)
        print("\n| run | items | wall s | CPU s | peak RSS |\n| --- | --- | --- | --- | --- |")
        print("| feedmirror fetch, big feed (file://) | 20000 | %.1f | %.1f | %.0f MB |" % (wall, cpu, rss))
    print("\nload average at the end: %.1f %.1f %.1f" % os.getloadavg())


if __name__ == "__main__":
    main()
