#!/usr/bin/env bash
# batch-memory.sh — peak memory of a run live and through the batch API
# against the loopback OpenAI fake, and the ratio. Usage:
#   scripts/batch-memory.sh [TRIALS]    (default 5000)
set -euo pipefail
cd "$(dirname "$0")/.."
PUSHBACK_BATCH_MEMORY="${1:-5000}" go test ./cmd/pushback -run '^TestBatchMemory$' -count=1 -v -timeout 30m | grep -E '^(batch memory|--- |FAIL|ok)'
