#!/usr/bin/env bash
# Archives the bundled demo sources (examples/demo/) into an output folder
# and says where the result is. Usage: scripts/demo.sh FEEDMIRROR_BIN OUT_DIR
set -euo pipefail
bin=$(realpath "$1")
out=$2
top=$(cd "$(dirname "$0")/.." && pwd)
demo="$top/examples/demo"

mkdir -p "$out"
out=$(realpath "$out")
# The demo's config names its feeds relative to itself; the copy in the output
# folder names them by absolute path, so the archive lands in $out.
sed -E "s#^(url[[:space:]]*=[[:space:]]*\")([^\":]+\")#\1$demo/\2#" \
  "$demo/feedmirror.toml" > "$out/feedmirror.toml"

echo "== feedmirror fetch --config $out/feedmirror.toml"
status=0
"$bin" fetch --config "$out/feedmirror.toml" || status=$?
echo
echo "== feedmirror status"
"$bin" status --config "$out/feedmirror.toml"
echo
echo "== feedmirror build"
"$bin" build --config "$out/feedmirror.toml" || status=$?
echo
count=$(find "$out/_posts" -name '*.md' | wc -l)
echo "The demo archive holds $count posts in $out/_posts"
echo "Its site is in $out/_site: open $out/_site/index.html, or preview it with"
echo "  $bin serve --config $out/feedmirror.toml    (then http://127.0.0.1:4000/)"
echo "Its configuration: $out/feedmirror.toml (run make demo again: nothing is archived twice)"
exit $status
