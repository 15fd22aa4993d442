#!/usr/bin/env python3
"""Site build benchmark: feedmirror against Hugo (and Jekyll up to a size) on
the same generated archives (../../shared/bench/gen_posts.py).

For each size: a full build, then 10 posts added and a rebuild, then a
rebuild with nothing changed. The 10 added posts are by default dated after
the whole archive (--add newest: what a fetch of new articles adds); --add
random dates them anywhere in the archive's range (backdated posts, the
worst case for paginated listings); --add both measures the two, each on
its own copy of the archive. Hugo builds a site of the same kinds of pages
(posts, home paginated by 50, tag and category pages, per-section lists);
Jekyll a plain site of the posts.

--copies-of N makes an archive of n posts (n a multiple of N) from N
generated posts, each copied n/N times under distinct names (`-r1.md`...),
because the generator needs about an hour for 100,000 posts.

The ext4 file system of our benchmark machine has no journal, and without
one ext4 skips inodes freed in the last 60 s (300 s more while their blocks
are dirty) when it allocates new ones: creating files right after deleting
many is several times slower in the kernel. So nothing is deleted between
timed runs: archives and sites stay until the end, and leftovers of an
earlier run are deleted first, followed by a sync and a 65 s pause.

Figures in docs/benchmarks.md were measured with --out on a journaled ext4
(a loop mount), as a user's server has, and on the machine's own disk.
--repeat N runs each tool N times per size, alternating between the tools,
each run on its own copy (nothing deleted); the ratios are of the medians.

    python3 bench/site_bench.py --feedmirror build/default/feedmirror \\
        --sizes 1000 20000 100000 --out bench/out --repeat 3

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
import time

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
    """(wall, user, sys, peak RSS MB) of a command, through GNU time. The
    files written before it (a copied archive) are synced first, so that
    their write-back does not run during the timing."""
    subprocess.run(["sync"], check=True)
    out = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M"] + cmd, cwd=cwd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), out.stderr[-2000:]))
    wall, user, system, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user), float(system), int(rss) / 1024


GEN_CACHE = None  # --cache: generated archives, copied for each tool
COPIES_OF = 0     # --copies-of
NEWEST_DATE = ("2021-01-01", "1")  # after gen_posts.py's default range (2019-01-01 + 730 days)


def generated(posts, seed, start=0, dates=None):
    """The folder of a generated archive, generated once into the cache (the
    generator is deterministic)."""
    key = "%d-%d-%d" % (posts, seed, start) + ("-%s-%s" % dates if dates else "")
    cached = os.path.join(GEN_CACHE, key)
    if not os.path.isdir(os.path.join(cached, "_posts")):
        shutil.rmtree(cached, ignore_errors=True)
        cmd = ["python3", GEN, "--posts", str(posts), "--out", cached, "--seed", str(seed), "--start-index", str(start)]
        if dates:
            cmd += ["--start-date", dates[0], "--days", dates[1]]
        subprocess.run(cmd, check=True, capture_output=True)
    return os.path.join(cached, "_posts")


def gen(out, posts, seed, start=0, subdir="_posts", dates=None):
    """Adds the generated posts to out/subdir; with --copies-of, an archive
    of `posts` made of COPIES_OF generated posts copied under new names."""
    target = os.path.join(out, subdir)
    if not COPIES_OF or posts <= COPIES_OF:
        shutil.copytree(generated(posts, seed, start, dates), target, dirs_exist_ok=True)
        return
    if posts % COPIES_OF:
        sys.exit("--copies-of %d does not divide %d" % (COPIES_OF, posts))
    source = generated(COPIES_OF, seed, start, dates)
    shutil.copytree(source, target, dirs_exist_ok=True)
    names = os.listdir(source)
    for r in range(1, posts // COPIES_OF):
        for name in names:
            shutil.copyfile(os.path.join(source, name), os.path.join(target, name[:-3] + "-r%d.md" % r))


def add_ten(out, n, mode, subdir="_posts"):
    gen(out, 10, 43, start=n, subdir=subdir, dates=NEWEST_DATE if mode == "newest" else None)


def settle(folder):
    """Deletes `folder` if it exists, then lets ext4 forget the freed inodes."""
    if not os.path.exists(folder):
        return
    shutil.rmtree(folder)
    subprocess.run(["sync"], check=True)
    time.sleep(65)


def hugo_site(root, n):
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


def feedmirror_runs(label, binary, out, n, adds, run):
    """Full build, then for each mode of `adds`: +10 posts, no change (each
    mode on its own copy of the built archive); returns the full build's
    figures."""
    arch = os.path.join(out, "arch%d-%s-%d" % (n, label.replace(" ", "-"), run))
    gen(arch, n, 42)
    full = row(label, n, "full", timed([binary, "build", "--dir", arch]))
    for i, mode in enumerate(adds):
        work = arch
        if i + 1 < len(adds):
            work = arch + "-" + mode
            shutil.copytree(arch, work, symlinks=True)
        add_ten(work, n, mode)
        row(label, n, "+10 posts (%s)" % mode, timed([binary, "build", "--dir", work]))
        row(label, n, "no change", timed([binary, "build", "--dir", work]))
    return full


def hugo_runs(out, n, adds, run):
    site = os.path.join(out, "hugo%d-%d" % (n, run))
    hugo_site(site, n)
    full = row("hugo", n, "full", timed(["hugo", "--quiet", "--source", site]))
    add_ten(site, n, adds[0], subdir="content/posts")
    row("hugo", n, "+10 posts (%s)" % adds[0], timed(["hugo", "--quiet", "--source", site]))
    return full


def median(values):
    v = sorted(values)
    return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2


def ratio_line(n, what, slower, faster):
    """`slower` and `faster`: the full builds' figures of each run."""
    def cpu(r):
        return r[1] + r[2]
    return ("%d posts, full build, %s: wall %.2f, CPU %.2f, peak memory %.2f (medians of %d runs: %.2f s vs %.2f s wall)"
            % (n, what, median([r[0] for r in slower]) / median([r[0] for r in faster]),
               median([cpu(r) for r in slower]) / median([cpu(r) for r in faster]),
               median([r[3] for r in slower]) / median([r[3] for r in faster]), len(faster),
               median([r[0] for r in slower]), median([r[0] for r in faster])))


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
    ap.add_argument("--add", choices=["newest", "random", "both"], default="newest",
                    help="dates of the 10 added posts (see above)")
    ap.add_argument("--copies-of", type=int, default=0, help="make big archives of copies of this many posts")
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs of each tool per size, alternating (ratios of the medians)")
    a = ap.parse_args()
    fm = os.path.abspath(a.feedmirror)
    global GEN_CACHE, COPIES_OF
    GEN_CACHE = os.path.abspath(a.cache or os.path.join(a.out, "gen"))
    COPIES_OF = a.copies_of
    adds = ["newest", "random"] if a.add == "both" else [a.add]
    runs = os.path.join(a.out, "runs")
    settle(runs)
    os.makedirs(runs)
    print("| tool | posts | build | wall s | CPU user + sys s | peak RSS |")
    print("| --- | --- | --- | --- | --- | --- |")
    ratios = []
    for n in a.sizes:
        fulls, bases, hugos = [], [], []
        hugo_on = not a.no_hugo and n <= a.hugo_max and shutil.which("hugo")
        # Runs alternate between the tools, so that a change of the
        # machine's load during the benchmark weighs on each alike.
        for run in range(a.repeat):
            fulls.append(feedmirror_runs("feedmirror", fm, runs, n, adds, run))
            if a.baseline:
                bases.append(feedmirror_runs("feedmirror baseline", os.path.abspath(a.baseline), runs, n, adds, run))
            if hugo_on:
                hugos.append(hugo_runs(runs, n, adds, run))
        if bases:
            ratios.append(ratio_line(n, "baseline / this build", bases, fulls))
        if hugos:
            ratios.append(ratio_line(n, "Hugo / feedmirror", hugos, fulls))
        if n <= a.jekyll_max and shutil.which("jekyll"):
            site = os.path.join(runs, "jekyll%d" % n)
            gen(site, n, 42)
            with open(os.path.join(site, "_config.yml"), "w") as f:
                f.write("title: bench\n")
            row("jekyll", n, "full", timed(["jekyll", "build", "--quiet", "--source", site,
                                            "--destination", os.path.join(site, "_site")]))
    print()
    for line in ratios:
        print("- " + line)
    print("\n(the archives and sites are left in %s; the next run deletes them first)" % runs)


if __name__ == "__main__":
    main()
