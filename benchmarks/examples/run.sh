#!/usr/bin/env bash
# Prints a README example produced against the local fake endpoint (not AWS).
# Usage: benchmarks/examples/run.sh tune|search|bench
set -euo pipefail
cd "$(dirname "$0")/../.."
out=benchmarks/perf/out
mkdir -p "$out"
node esbuild.config.mjs "$out/examples-cli"
npx esbuild benchmarks/examples/local-sessions.ts --bundle --platform=node --format=esm --packages=external \
  --outfile="$out/local-sessions.mjs" --log-level=warning
node --no-warnings "$out/local-sessions.mjs" "$out/examples-cli/main.js" "${1:?tune, search or bench}"
