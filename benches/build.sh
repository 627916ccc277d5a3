#!/usr/bin/env bash
# Full-build benchmark: the sample site and a generated site of N lessons (default 1000) and N/10 announcements.
# Usage: benches/build.sh [N] [RUNS]
# Prints the median wall time of RUNS (default 5) full builds of each, with a fixed --now:
# "cold" into an empty output folder, "warm" over the previous output (nothing changed).
# POSTERS=off builds the generated site without lesson posters (`posters: false`), to compare;
# SEARCH=off without the search index (`search: false`), to time the rest on its own.
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/lib.sh
n=${1:-1000}
runs=${2:-5}
# SAFEPRESS_BIN: time another binary (e.g. an older build) instead of building this one.
bin=${SAFEPRESS_BIN:-target/release/safepress}
[ -n "${SAFEPRESS_BIN:-}" ] || cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
posters=${POSTERS:-on}
search=${SEARCH:-on}
flags=()
case "$posters" in
  on) ;;
  off) flags+=(--no-posters) ;;
  *) echo "POSTERS must be on or off" >&2; exit 2 ;;
esac
case "$search" in
  on) ;;
  off) flags+=(--no-search) ;;
  *) echo "SEARCH must be on or off" >&2; exit 2 ;;
esac
python3 benches/gen_site.py "$work/big" "$n" "${flags[@]}"


now=2026-11-29T12:00:00+08:00
sample_cold=$(clean="$work/sample-public" median "$bin" build --root . --output "$work/sample-public" --now "$now")
sample_warm=$(median "$bin" build --root . --output "$work/sample-public" --now "$now")
big_cold=$(clean="$work/big/public" median "$bin" build --root "$work/big" --now "$now")
big_warm=$(median "$bin" build --root "$work/big" --now "$now")
pages=$(find "$work/big/public" -name '*.html' | wc -l)
echo "sample site: cold ${sample_cold} ms, warm ${sample_warm} ms (median of $runs)"
echo "generated site, $n extra lessons and $((n / 10)) announcements, posters $posters, search $search, $pages HTML pages: cold ${big_cold} ms, warm ${big_warm} ms (median of $runs)"
