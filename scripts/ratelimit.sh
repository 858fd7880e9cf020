#!/usr/bin/env bash
# ratelimit.sh — adaptive concurrency against a limit pushback is not told:
# a compiled loopback server answers every call after 50 ms behind a token
# bucket of 300 requests/s (burst 20) and answers the excess 429 with
# Retry-After and OpenAI's x-ratelimit-* headers; pushback makes 1,500
# single calls with concurrency 100 (the ceiling). Prints the run's time
# against the limit's ideal (calls / 300 s) and the share of 429s, then the
# same with a fixed limit for contrast. Loopback only, about 20 s.
#   scripts/ratelimit.sh [loadtest ratelimit flags, e.g. -rps 150 -calls 750]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/pushback" ./cmd/pushback
go build -o "$bin/loadtest" ./scripts/loadtest
"$bin/loadtest" ratelimit -pushback "$bin/pushback" "$@" 2>&1 | grep -v '^pushback:'
"$bin/loadtest" ratelimit -pushback "$bin/pushback" -fixed "$@" 2>&1 | grep -v '^pushback:'
