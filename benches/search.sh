#!/usr/bin/env bash
# Search benchmark: the index's size and build-time cost on a generated Chinese-first site of
# N lessons (default 1000), and the bytes a browser downloads for one Chinese query.
# Usage: benches/search.sh [N] [RUNS] [QUERY]
# Prints, with search on and off (`search: false`), the median wall time of RUNS (default 3)
# full builds: "cold" into an empty output folder, "warm" over the previous output. Then the
# index's bytes and files under pagefind/, and, in headless Chromium (tests/browser's
# Playwright) at a phone's size, the bytes transferred after the header's search box submits
# QUERY (default 灭火器): the search page, its script, pagefind's script and the index chunks.
# The site is the sample site with Chinese made the main language (benches/gen_site.py
# --main-lang zh); SAFEPRESS_SAMPLE=DIR generates from another site folder instead.
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/lib.sh
n=${1:-1000}
runs=${2:-3}
query=${3:-灭火器}
bin=${SAFEPRESS_BIN:-target/release/safepress}
[ -n "${SAFEPRESS_BIN:-}" ] || cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 benches/gen_site.py "$work/on" "$n" --main-lang zh
cp -r "$work/on" "$work/off"
echo "search: false" >> "$work/off/site.yaml"

now=2026-11-29T12:00:00+08:00
for s in on off; do
  cold=$(clean="$work/$s/public" median "$bin" build --root "$work/$s" --now "$now")
  warm=$(median "$bin" build --root "$work/$s" --now "$now")
  echo "search $s: cold ${cold} ms, warm ${warm} ms (median of $runs)"
done
pages=$(find "$work/on/public" -name '*.html' -not -path '*/pagefind/*' | wc -l)
size=$(du -sb "$work/on/public/pagefind" | cut -f1)
files=$(find "$work/on/public/pagefind" -type f | wc -l)
echo "$n extra lessons, $pages HTML pages; index: $size bytes in $files files under pagefind/"
for lang in $(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["languages"]))' "$work/on/public/pagefind/pagefind-entry.json"); do
  echo "  $lang: $(find "$work/on/public/pagefind" -name "${lang}_*" -o -name "pagefind.${lang}_*" | xargs cat | wc -c) bytes of index and fragments"
done
node benches/search_bytes.mjs "$work/on/public" "$query"
