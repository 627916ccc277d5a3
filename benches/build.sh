#!/usr/bin/env bash
# Full-build benchmark: the sample site and a generated site of N lessons (default 1000).
# Usage: benches/build.sh [N] [RUNS]
# Prints the median wall time of RUNS (default 5) full builds of each, with a fixed --now.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
runs=${2:-5}
cargo build --release --quiet
bin=target/release/safepress
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 benches/gen_site.py "$work/big" "$n"

median() {  # median wall time in ms of $runs runs of a command
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

now=2026-11-29T12:00:00+08:00
sample=$(median "$bin" build --root . --output "$work/sample-public" --now "$now")
big=$(median "$bin" build --root "$work/big" --now "$now")
pages=$(find "$work/big/public" -name '*.html' | wc -l)
echo "sample site: ${sample} ms (median of $runs)"
echo "generated site, $n extra lessons, $pages HTML pages: ${big} ms (median of $runs)"
