#!/usr/bin/env bash
# Measures the xlsx export at scale (issue 5: under 30 s and 400 MB): a
# synthetic run of TRIALS trials (default 10,000), each a first answer and
# TURNS pushback turns (default 3), every reply 2 KB of distinct text.
# Prints two figures:
#   - `pushback report latest --format xlsx` on a database holding the run,
#     run as its own process: wall time and peak RSS (load, metrics, export);
#   - WriteXLSX alone inside the test process: time (the RSS there includes
#     building the synthetic report).
#
#   scripts/xlsx-scale.sh
#   TRIALS=20000 TURNS=2 scripts/xlsx-scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/pushback" ./cmd/pushback
PUSHBACK_BIN="$tmp/pushback" PUSHBACK_XLSX_SCALE="${TRIALS:-10000}" PUSHBACK_XLSX_SCALE_TURNS="${TURNS:-3}" \
  go test ./results/report -run '^TestXLSXScale$' -count=1 -v -timeout 30m | grep -E '^(xlsx scale|--- |ok|FAIL)'
