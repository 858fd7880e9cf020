#!/usr/bin/env bash
# Measures the HTML report at scale: 10,000 trials × 4 replies of 2 KB,
# written, then opened from disk in headless Chromium. Prints the time to
# write it, its size, the time from navigation start to the summary and the
# first page of the branch list rendered, and the time to open a transcript.
# Needs Chromium (apt-get install chromium, or PUSHBACK_CHROMIUM=path).
set -euo pipefail
cd "$(dirname "$0")/.."
PUSHBACK_HTML_SCALE="${1:-10000}" go test -count=1 -run '^TestHTMLScale$' ./results/report/htmlview -v | grep '^html scale:'
