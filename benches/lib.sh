# Shared by the benchmark scripts: source it, set $runs, then call median.

# Median wall time in ms of $runs runs of a command; $clean, if set, is removed before each run.
median() {
  local times=()
  for _ in $(seq "$runs"); do
    [ -n "${clean:-}" ] && rm -rf "$clean"
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
