#!/usr/bin/env bash
# Installs the Debian packages feedmirror needs to build, test and run,
# only those that are missing (so a prepared machine makes no apt call).
# Usage: scripts/install-deps.sh [build|test|bench]
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build pkg-config python3
  libcurl4-openssl-dev libxml2-dev libsqlite3-dev libicu-dev
  nlohmann-json3-dev libtomlplusplus-dev libgumbo-dev libuchardet-dev
  libbrotli-dev zlib1g-dev libssl-dev libopencc-dev libkainjow-mustache-dev
  libcpp-httplib-dev libmd4c-html0-dev libxxhash-dev libgtest-dev libgmock-dev libbenchmark-dev
)
# What the test suite drives besides our own binary: the real Jekyll for the
# interop tests, xmllint for comparisons, PyYAML to check front matter, Node
# to run the site's search script against the index; headless Chromium for
# the in-browser test (npm for its playwright-core), with CJK fonts so that
# its screenshots show the text.
test_packages=(jekyll libxml2-utils python3-yaml nodejs chromium chromium-driver fonts-noto-cjk)
# What the benchmarks compare against: Hugo and Jekyll (bench/site_bench.py),
# bleach (bench/content_bench.py), feedparser and xmllint --stream
# (bench/parse_bench.py), and GNU time for the figures.
bench_packages=(hugo jekyll time python3-bleach python3-feedparser libxml2-utils)

wanted=("${build_packages[@]}")
case "${1:-build}" in
  build) ;;
  test)
    wanted+=("${test_packages[@]}")
    # Debian's nodejs comes without npm; other builds of it bundle npm.
    command -v npm >/dev/null || wanted+=(npm) ;;
  bench) wanted+=("${bench_packages[@]}") ;;
  *) echo "usage: $0 [build|test|bench]" >&2; exit 2 ;;
esac

missing=()
for p in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
