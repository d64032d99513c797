#!/usr/bin/env bash
# Replay performance bars (issue 18), each against grep on the same file, run back to back, with
# peak RSS < 100 MB on each:
#   report-only        a REPORT-only text log (~320 MB, what `filter-log-events --filter-pattern REPORT`
#                      returns): wall time <= 10x `grep -c REPORT`
#   app-heavy          a 1 GB log of mostly application lines (~785,000 invocations): <= 3x `grep -c REPORT`
#   filter-log-events  the REPORT-only log's first 30 MB as `aws logs filter-log-events` JSON (the AWS
#                      CLI's default output, 4-space layout, ~92 MB; shapes.mjs): <= 12x `grep -c REPORT`
# and, with no bar: gzip (the app-heavy log, -6, against `zcat | grep -c REPORT`), and `shapes`: the
# first 100 MB of the REPORT-only log as it is, behind an S3 export's and `aws logs tail`'s prefixes.
# Usage: benchmarks/perf/replay/run.sh [runs=5] [bars="report-only app-heavy filter-log-events"] (or gzip, shapes)   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../../.."

runs="${1:-5}"
bars="${2:-report-only app-heavy filter-log-events}"
out=benchmarks/perf/out
mkdir -p "$out"
report_only="$out/replay-320m-report-only.log"
app_heavy="$out/replay-1024m-dense.log"
gz="$app_heavy.gz"

[[ -s "$report_only" ]] || { echo "generating $report_only..." >&2; node benchmarks/perf/replay/generate.mjs "$report_only" 320 report-only; }
[[ -s "$app_heavy" ]] || { echo "generating $app_heavy..." >&2; node benchmarks/perf/replay/generate.mjs "$app_heavy" 1024 dense; }
if [[ " $bars " == *" gzip "* && ! -s "$gz" ]]; then echo "compressing $gz..." >&2; gzip -c -6 "$app_heavy" > "$gz"; fi
if [[ ! -s "$out/shape-filter-log-events.json" ]]; then
  echo "writing the shapes..." >&2
  node benchmarks/perf/replay/shapes.mjs "$report_only" "$out" 100 30
fi

# Our own build, so a concurrent `npm run build` cannot swap dist/ mid-run.
node esbuild.config.mjs "$out/replay-cli"
cli="node $out/replay-cli/main.js replay"

timer=(/usr/bin/time -f "%M %U %S" -o "$out/time.txt")
# One run: "<seconds> <peak RSS KB> <user s> <system s>". Output goes to a file, not /dev/null: GNU grep notices
# /dev/null and stops at the first match, which would flatter it. The wall time is taken in
# milliseconds around the run (time's own %e has 10 ms steps: grep's 0.05 and 0.07 s were one step
# each side of its true time, which moved the REPORT-only ratio by a third); it includes the
# `bash -c` and `time` around both commands alike (~3 ms).
measure() {
  local start end
  start=$(date +%s%N)
  "${timer[@]}" bash -c "$1 > $out/stdout.txt"
  end=$(date +%s%N)
  echo "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }') $(cat "$out/time.txt")"
}

declare -a names commands bar_of
add() { bar_of+=("$1"); names+=("$2"); commands+=("$3"); }
for bar in $bars; do
  case "$bar" in
    report-only)
      add "$bar" "grep -c REPORT" "grep -c REPORT $report_only"
      add "$bar" "replay -o json" "$cli $report_only -o json" ;;
    app-heavy)
      add "$bar" "grep -c REPORT" "grep -c REPORT $app_heavy"
      add "$bar" "replay -o json" "$cli $app_heavy -o json" ;;
    filter-log-events)
      add "$bar" "grep -c REPORT" "grep -c REPORT $out/shape-filter-log-events.json"
      add "$bar" "replay -o json" "$cli $out/shape-filter-log-events.json -o json" ;;
    gzip)
      add "$bar" "zcat | grep -c REPORT" "zcat $gz | grep -c REPORT"
      add "$bar" "replay -o json" "$cli $gz -o json" ;;
    shapes)
      for shape in slice.log prefixed.log tail.log; do
        add "${shape%%.*}" "grep -c REPORT" "grep -c REPORT $out/shape-$shape"
        add "${shape%%.*}" "replay -o json" "$cli $out/shape-$shape -o json"
      done ;;
    *) echo "unknown bar $bar" >&2; exit 2 ;;
  esac
done

# Warm the page cache so every command reads from memory, as grep would on a second run.
cat "$report_only" "$app_heavy" $(ls "$gz" "$out"/shape-* 2>/dev/null) > /dev/null

declare -A seconds rss cpu
for ((run = 1; run <= runs; run++)); do
  for i in "${!commands[@]}"; do
    read -r s m u k < <(measure "${commands[$i]}")
    seconds[$i]+="$s "
    cpu[$i]+="$(awk -v a="$u" -v b="$k" 'BEGIN { print a + b }') "
    # Peak over the runs: the bar is on the worst case.
    if [[ -z "${rss[$i]:-}" || "$m" -gt "${rss[$i]}" ]]; then rss[$i]="$m"; fi
  done
done

best() { tr ' ' '\n' | grep -v '^$' | sort -g | head -1; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "$(date -u +%FT%TZ), node $(node --version), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $runs runs each"
# CPU = user + system time of the best run's kind (best of the runs): what the work costs whatever
# else the shared machine is doing; wall time is what the bars are on.
printf '%-17s %-30s %8s %8s %9s %9s %9s %9s\n' bar command best median "x base" "x base" "CPU" "peak RSS"
printf '%-17s %-30s %8s %8s %9s %9s %9s %9s\n' "" "" "wall" "wall" "(best)" "(median)" "(best)" ""
base_best=0 base_median=0
for i in "${!commands[@]}"; do
  b=$(echo "${seconds[$i]}" | best)
  m=$(echo "${seconds[$i]}" | median)
  # The first command of each bar (grep, zcat | grep) is its base.
  if [[ $i -eq 0 || "${bar_of[$i]}" != "${bar_of[$((i - 1))]}" ]]; then base_best=$b; base_median=$m; fi
  rb=$(awk -v a="$b" -v c="$base_best" 'BEGIN { printf "%.2f", a / c }')
  rm=$(awk -v a="$m" -v c="$base_median" 'BEGIN { printf "%.2f", a / c }')
  c=$(echo "${cpu[$i]}" | best)
  printf '%-17s %-30s %7.3fs %7.3fs %8sx %8sx %8.2fs %6.0f MB\n' "${bar_of[$i]}" "${names[$i]}" "$b" "$m" "$rb" "$rm" "$c" "$(awk -v k="${rss[$i]}" 'BEGIN { print k / 1024 }')"
done
echo "files: $(du -m "$report_only" | cut -f1) MB ($(grep -c REPORT "$report_only") REPORT lines), $(du -m "$app_heavy" | cut -f1) MB ($(grep -c REPORT "$app_heavy") REPORT lines), filter-log-events $(du -m "$out/shape-filter-log-events.json" | cut -f1) MB"
