#!/usr/bin/env python3
"""Fetch benchmark: 1,000 generated feeds (../../shared/bench/gen_corpus.py)
served by a local threaded HTTP server on 127.0.0.1 that answers conditional
requests (ETag / Last-Modified -> 304), fetched twice by `feedmirror fetch`:
the first run archives everything, the second finds nothing changed.

Each feed gets its own host name, fNNNN.localhost (libcurl resolves
*.localhost to the loopback address itself), as 1,000 real sources would
have: the per-host limits and pauses then work as they would in the field.

    python3 bench/fetch_bench.py --feedmirror build/default/feedmirror \\
        --feeds 1000 --items 10 --out bench/out

The corpus is generated once into bench/corpus-N-M/ (ignored by git).
Prints the wall time of both runs, the 304 count of the second, and the
first run's time split (transfer, parse, clean, write) from --verbose."""
import argparse
import email.utils
import hashlib
import http.server
import os
import re
import resource
import shutil
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "..", "shared", "bench", "gen_corpus.py")


class FeedServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024

    def __init__(self, folder):
        self.files = {}
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), "rb") as f:
                body = f.read()
            mtime = os.path.getmtime(os.path.join(folder, name))
            self.files["/" + name] = (body, '"%s"' % hashlib.sha1(body).hexdigest()[:16],
                                      email.utils.formatdate(mtime, usegmt=True))
        self.counts = {"200": 0, "304": 0, "404": 0}
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), Handler)

    def count(self, key):
        with self.lock:
            self.counts[key] += 1


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        entry = self.server.files.get(self.path)
        if entry is None:
            self.server.count("404")
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body, etag, modified = entry
        if self.headers.get("If-None-Match") == etag or \
                (self.headers.get("If-None-Match") is None and self.headers.get("If-Modified-Since") == modified):
            self.server.count("304")
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.server.count("200")
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def generate(feeds, items):
    folder = os.path.join(HERE, "corpus-%d-%d" % (feeds, items))
    if not os.path.isdir(folder):
        subprocess.run([sys.executable, GEN, "--feeds", str(feeds), "--items", str(items),
                        "--out", folder, "--seed", "1"], check=True)
    return folder


def write_config(out, names, port, concurrency):
    lines = ["[archive]", 'cleanup = "standard"', "concurrency = %d" % concurrency, ""]
    for i, name in enumerate(names):
        lines += ["[[source]]", 'name = "feed%04d"' % i,
                  'url = "http://f%04d.localhost:%d/%s"' % (i, port, name), ""]
    path = os.path.join(out, "feedmirror.toml")
    with open(path, "w") as f:
        f.write("\n".join(lines))
    return path


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_fetch(binary, config):
    """(wall seconds, CPU seconds of feedmirror, CompletedProcess)"""
    cpu = cpu_seconds()
    start = time.monotonic()
    proc = subprocess.run([binary, "fetch", "--all", "--verbose", "--config", config],
                          capture_output=True, text=True)
    return time.monotonic() - start, cpu_seconds() - cpu, proc


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feedmirror", default=os.path.join(HERE, "..", "build", "default", "feedmirror"))
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--out", default=os.path.join(HERE, "out", "fetch"))
    args = parser.parse_args()

    corpus = generate(args.feeds, args.items)
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)
    server = FeedServer(corpus)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    config = write_config(args.out, sorted(os.listdir(corpus)), server.server_address[1], args.concurrency)

    first_s, first_cpu, first = timed_fetch(args.feedmirror, config)
    counts_first = dict(server.counts)
    second_s, second_cpu, second = timed_fetch(args.feedmirror, config)
    server.shutdown()
    counts_second = {k: server.counts[k] - counts_first[k] for k in server.counts}
    for name, proc in (("first", first), ("second", second)):
        if proc.returncode != 0:
            print("%s run exited %d:\n%s%s" % (name, proc.returncode, proc.stdout[-3000:], proc.stderr[-3000:]))
            return 1
    summary = lambda p: [l for l in p.stdout.splitlines() if l.startswith("archived ")][-1]
    split = lambda p: [l for l in p.stdout.splitlines() if l.startswith("time: ")][-1]
    print("corpus: %d feeds x %d items (%s)" % (args.feeds, args.items, corpus))
    print("first run:  %.2f s wall, feedmirror CPU %.2f s; %s; server 200s: %d"
          % (first_s, first_cpu, summary(first), counts_first["200"]))
    print("            %s" % split(first))
    print("second run: %.2f s wall, feedmirror CPU %.2f s; %s; server 304s: %d, 200s: %d" %
          (second_s, second_cpu, summary(second), counts_second["304"], counts_second["200"]))
    print("            %s" % split(second))
    unchanged = len(re.findall(r": unchanged \(not modified\)", second.stdout))
    print("second run sources not modified: %d of %d" % (unchanged, args.feeds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
