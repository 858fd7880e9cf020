#!/usr/bin/env bash
# Measures the runner's throughput against the loopback OpenAI fake: 1,000
# trials of a one-turn pushback script (2 calls each), 50 ms per call,
# --concurrency 50. Prints wall time over the ideal 2.0 s and peak memory.
# Run it on an idle machine; each run prints its own figures.
set -euo pipefail
cd "$(dirname "$0")/.."
PUSHBACK_THROUGHPUT=1 go test -count=1 -run '^TestThroughput$' ./cmd/pushback -v | grep '^throughput:'
