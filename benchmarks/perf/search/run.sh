#!/usr/bin/env bash
# Search bars (issues 9 and 17): the real CLI against the local endpoint, search against the 7-size grid,
# judged on the model's true optimum. Usage: benchmarks/perf/search/run.sh (from anywhere). Env: see bench.ts.
# benchmarks/perf/search/run.sh sim   — the same cases in the no-HTTP simulator (seconds, 5 seeds; env: see simulate.ts).
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=benchmarks/perf/out
mkdir -p "$out"
if [ "${1:-}" = sim ]; then
  npx esbuild benchmarks/perf/search/simulate.ts --bundle --platform=node --format=esm --packages=external \
    --outfile="$out/search-sim.mjs" --log-level=warning
  exec node --no-warnings "$out/search-sim.mjs"
fi
node esbuild.config.mjs "$out/search-cli"
npx esbuild benchmarks/perf/search/bench.ts --bundle --platform=node --format=esm --packages=external \
  --outfile="$out/search-bench.mjs" --log-level=warning
node --no-warnings "$out/search-bench.mjs"
