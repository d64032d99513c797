#!/usr/bin/env bash
# Replay performance bar: `replay` of a ~1 GB CloudWatch text log takes at most 3x the wall time of
# `grep -c REPORT` on the same file, with peak RSS under 150 MB.
# Usage: benchmarks/perf/replay/run.sh [runs=3] [sizeMB=1024]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../../.."

runs="${1:-3}"
size_mb="${2:-1024}"
out=benchmarks/perf/out
log="$out/replay-${size_mb}m.log"
mkdir -p "$out"

if [[ ! -s "$log" ]]; then
  echo "generating $log (${size_mb} MB)..." >&2
  node benchmarks/perf/replay/generate.mjs "$log" "$size_mb"
fi

# The CLI, freshly built so it matches the sources; if the build fails, the parser alone.
rm -f "$out/built"
if npm run --silent build >&2; then touch "$out/built"; fi
npx esbuild src/logs/index.ts --bundle --platform=node --format=esm --outfile="$out/logs.mjs" --log-level=warning
declare -a names=("grep -c REPORT" "parser only (parse-only.mjs)")
declare -a commands=("grep -c REPORT $log" "node benchmarks/perf/replay/parse-only.mjs $log")
if [[ -f "$out/built" ]]; then
  names+=("lambda-rightsize replay --output json")
  commands+=("node bin/lambda-rightsize.js replay $log --output json")
else
  echo "note: the CLI did not build; timing grep and the parser only" >&2
fi

# Warm the page cache so every command reads from memory, as grep would on a second run.
cat "$log" > /dev/null

timer=()
if [[ -x /usr/bin/time ]]; then timer=(/usr/bin/time -f "%e %M" -o "$out/time.txt"); fi

# One run: prints "<seconds> <peak RSS KB>" (RSS "?" without GNU time). Output goes to a file, not
# /dev/null: GNU grep notices /dev/null and stops at the first match, which would flatter it.
measure() {
  if [[ ${#timer[@]} -gt 0 ]]; then
    "${timer[@]}" bash -c "$1 > $out/stdout.txt"
    cat "$out/time.txt"
  else
    local start end
    start=$(date +%s.%N)
    bash -c "$1 > $out/stdout.txt"
    end=$(date +%s.%N)
    echo "$(echo "$end - $start" | bc) ?"
  fi
}

declare -A seconds rss
for ((run = 1; run <= runs; run++)); do
  for i in "${!commands[@]}"; do
    read -r s m < <(measure "${commands[$i]}")
    seconds[$i]+="$s "
    rss[$i]="$m"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "file: $log ($(du -m "$log" | cut -f1) MB), $runs runs each, median wall time, node $(node --version), $(nproc) cores"
base=$(echo "${seconds[0]}" | median)
for i in "${!commands[@]}"; do
  m=$(echo "${seconds[$i]}" | median)
  ratio=$(awk -v a="$m" -v b="$base" 'BEGIN { printf "%.2f", a / b }')
  rss_mb=$([[ "${rss[$i]}" == "?" ]] && echo "?" || awk -v k="${rss[$i]}" 'BEGIN { printf "%.0f", k / 1024 }')
  printf '%-40s %6.2f s  %5sx grep  peak RSS %s MB\n' "${names[$i]}" "$m" "$ratio" "$rss_mb"
done
