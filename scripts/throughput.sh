#!/usr/bin/env bash
# throughput.sh — pushback's speed against a compiled loopback server that
# answers every call after 50 ms: hw10 × 72 samples with one pushback turn
# (2,016 calls) at concurrency 50, every report written at the end. Prints
# the ideal, a plain Go client doing the same calls (baseline), the run's
# and the whole process's times and ratios, CPU per call and peak RSS.
# Run it on an idle machine; each run prints its own figures.
#   scripts/throughput.sh [SAMPLES] [loadtest flags, e.g. -profile cpu.pprof]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/pushback" ./cmd/pushback
go build -o "$bin/loadtest" ./scripts/loadtest
samples=${1:-72}
shift || true
"$bin/loadtest" throughput -pushback "$bin/pushback" -samples "$samples" "$@"
