#!/usr/bin/env bash
# Scan performance bar: 200 functions on the local endpoint with 1 s of latency per Logs Insights
# query finish in under 15 s. Usage: benchmarks/perf/scan/run.sh (from anywhere).
# Env: SCAN_BENCH_FUNCTIONS (200), SCAN_BENCH_REPORTS (100 per function), SCAN_BENCH_LATENCY_MS (1000).
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=benchmarks/perf/out
mkdir -p "$out"
npx esbuild benchmarks/perf/scan/bench.ts --bundle --platform=node --format=esm --packages=external \
  --outfile="$out/scan-bench.mjs" --log-level=warning
node "$out/scan-bench.mjs"
