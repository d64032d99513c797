#!/usr/bin/env bash
# Tune performance bar (issue 3): 7 sizes × 20 invocations at concurrency 10 on the local endpoint
# (200 ms per invocation, 300 ms per update) take at most 1.25× the critical path.
# Usage: benchmarks/perf/tune/run.sh (from anywhere).
# Env: TUNE_BENCH_RUNS (5), TUNE_BENCH_LATENCY_MS (200), TUNE_BENCH_UPDATE_MS (300).
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=benchmarks/perf/out
mkdir -p "$out"
# The CLI built by esbuild.config.mjs into its own folder (so a concurrent
# `npm run build` cannot swap it mid-run); node_modules resolve from the repository.
node esbuild.config.mjs "$out/tune-cli"
npx esbuild benchmarks/perf/tune/bench.ts --bundle --platform=node --format=esm --packages=external \
  --outfile="$out/tune-bench.mjs" --log-level=warning
node --no-warnings "$out/tune-bench.mjs"
