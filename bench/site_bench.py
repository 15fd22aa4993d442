#!/usr/bin/env python3
"""Site build benchmark: feedmirror against Hugo (and Jekyll up to a size) on
the same generated archives (../../shared/bench/gen_posts.py).

For each size: a full build, then 10 posts added and a rebuild. Hugo builds a
site of the same kinds of pages (posts, home paginated by 50, tag and
category pages, per-section lists); Jekyll a plain site of the posts.

    python3 bench/site_bench.py --feedmirror build/default/feedmirror \\
        --sizes 1000 20000 100000 --out bench/out

Prints a Markdown table (wall seconds, CPU user + system seconds, peak RSS),
then for each size how many times faster than Hugo a full build was (wall
and CPU). --baseline BIN runs a second feedmirror (an older build) on the
same archives for a before/after comparison. Hugo runs up to --hugo-max
posts, Jekyll up to --jekyll-max. Figures depend on the machine and its
load; see docs/benchmarks.md. `scripts/install-deps.sh bench` installs Hugo,
Jekyll and GNU time."""
import argparse
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "..", "shared", "bench", "gen_posts.py")

HUGO_CONFIG = """baseURL = "http://example.org/"
title = "bench"
paginate = 50
disableKinds = ["RSS"]
[taxonomies]
  tag = "tags"
  category = "categories"
[markup.goldmark.renderer]
  unsafe = true
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": "<!doctype html><html><head><meta charset=utf-8><title>{{ .Title }}</title></head>"
                            "<body>{{ block \"main\" . }}{{ end }}</body></html>",
    "_default/single.html": "{{ define \"main\" }}<article><h1>{{ .Title }}</h1><p>{{ .Params.author }} · "
                            "{{ .Date.Format \"2006-01-02 15:04\" }}</p>{{ .Content }}</article>"
                            "{{ with .PrevInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}"
                            "{{ with .NextInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}"
                            "{{ end }}",
    "_default/list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ol>{{ range .Paginator.Pages }}"
                          "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Params.author }} "
                          "{{ .Date.Format \"2006-01-02\" }}</li>{{ end }}</ol>{{ template \"_internal/pagination.html\" . }}"
                          "{{ end }}",
    "index.html": "{{ define \"main\" }}<ol>{{ range (.Paginate .Site.RegularPages).Pages }}"
                  "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Params.author }}</li>{{ end }}</ol>"
                  "{{ template \"_internal/pagination.html\" . }}{{ end }}",
}


def timed(cmd, cwd=None):
    """(wall, user, sys, peak RSS MB) of a command, through GNU time."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M"] + cmd, cwd=cwd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), out.stderr[-2000:]))
    wall, user, system, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user), float(system), int(rss) / 1024


GEN_CACHE = None  # --cache: generated archives, copied for each tool


def gen(out, posts, seed, start=0, subdir="_posts"):
    """Adds the generated posts to out/subdir: generated once into the cache
    (the generator is deterministic), then copied."""
    cached = os.path.join(GEN_CACHE, "%d-%d-%d" % (posts, seed, start))
    if not os.path.isdir(os.path.join(cached, "_posts")):
        shutil.rmtree(cached, ignore_errors=True)
        subprocess.run(["python3", GEN, "--posts", str(posts), "--out", cached, "--seed", str(seed),
                        "--start-index", str(start)], check=True, capture_output=True)
    shutil.copytree(os.path.join(cached, "_posts"), os.path.join(out, subdir), dirs_exist_ok=True)


def hugo_site(root, n):
    shutil.rmtree(root, ignore_errors=True)
    gen(root, n, 42, subdir="content/posts")
    with open(os.path.join(root, "config.toml"), "w") as f:
        f.write(HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        path = os.path.join(root, "layouts", name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)


def row(tool, size, kind, r):
    print("| %s | %d | %s | %.2f | %.2f + %.2f | %.0f MB |" % (tool, size, kind, r[0], r[1], r[2], r[3]), flush=True)
    return r


def feedmirror_runs(label, binary, out, n):
    """Full build, +10 posts, no change; returns the full build's figures."""
    arch = os.path.join(out, "arch%d-%s" % (n, label.replace(" ", "-")))
    shutil.rmtree(arch, ignore_errors=True)
    gen(arch, n, 42)
    full = row(label, n, "full", timed([binary, "build", "--dir", arch]))
    gen(arch, 10, 43, start=n)
    row(label, n, "+10 posts", timed([binary, "build", "--dir", arch]))
    row(label, n, "no change", timed([binary, "build", "--dir", arch]))
    shutil.rmtree(arch, ignore_errors=True)
    return full


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--feedmirror", default="build/default/feedmirror")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--jekyll-max", type=int, default=20000)
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--hugo-max", type=int, default=20000)
    ap.add_argument("--cache", help="folder of generated archives (default: OUT/gen)")
    ap.add_argument("--baseline", help="another feedmirror binary to measure on the same archives")
    a = ap.parse_args()
    fm = os.path.abspath(a.feedmirror)
    global GEN_CACHE
    GEN_CACHE = os.path.abspath(a.cache or os.path.join(a.out, "gen"))
    os.makedirs(a.out, exist_ok=True)
    print("| tool | posts | build | wall s | CPU user + sys s | peak RSS |")
    print("| --- | --- | --- | --- | --- | --- |")
    ratios = []
    for n in a.sizes:
        full = feedmirror_runs("feedmirror", fm, a.out, n)
        if a.baseline:
            base = feedmirror_runs("feedmirror baseline", os.path.abspath(a.baseline), a.out, n)
            ratios.append("%d posts, full build, baseline time / this build's time: wall %.2f, CPU %.2f"
                          % (n, base[0] / full[0], (base[1] + base[2]) / (full[1] + full[2])))
        if not a.no_hugo and n <= a.hugo_max and shutil.which("hugo"):
            site = os.path.join(a.out, "hugo%d" % n)
            hugo_site(site, n)
            hugo = row("hugo", n, "full", timed(["hugo", "--quiet", "--source", site]))
            gen(site, 10, 43, start=n, subdir="content/posts")
            row("hugo", n, "+10 posts", timed(["hugo", "--quiet", "--source", site]))
            shutil.rmtree(site, ignore_errors=True)
            ratios.append("%d posts, full build, Hugo / feedmirror: wall %.2f, CPU %.2f, peak memory %.2f"
                          % (n, hugo[0] / full[0], (hugo[1] + hugo[2]) / (full[1] + full[2]), hugo[3] / full[3]))
        if n <= a.jekyll_max and shutil.which("jekyll"):
            site = os.path.join(a.out, "jekyll%d" % n)
            shutil.rmtree(site, ignore_errors=True)
            gen(site, n, 42)
            with open(os.path.join(site, "_config.yml"), "w") as f:
                f.write("title: bench\n")
            row("jekyll", n, "full", timed(["jekyll", "build", "--quiet", "--source", site,
                                            "--destination", os.path.join(site, "_site")]))
            shutil.rmtree(site, ignore_errors=True)
    print()
    for line in ratios:
        print("- " + line)


if __name__ == "__main__":
    main()
