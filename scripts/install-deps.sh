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
  libcpp-httplib-dev libmd4c-html0-dev libgtest-dev libgmock-dev libbenchmark-dev
)
# What the test suite drives besides our own binary: the real Jekyll for the
# interop tests, xmllint for comparisons, PyYAML to check front matter, Node
# to run the site's search script against the index.
test_packages=(jekyll libxml2-utils python3-yaml nodejs)
# What the benchmarks compare against: bleach (bench/content_bench.py).
bench_packages=(python3-bleach)

wanted=("${build_packages[@]}")
if [ "${1:-build}" = test ]; then wanted+=("${test_packages[@]}"); fi
if [ "${1:-build}" = bench ]; then wanted+=("${bench_packages[@]}"); fi

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
