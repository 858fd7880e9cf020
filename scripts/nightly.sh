#!/usr/bin/env bash
# nightly.sh — run the benchmark, keep a dated workbook, compare with the
# previous nightly run in the same database, write a summary (compare's
# table and the items that changed tonight: newly caved, newly wrong first
# answers, newly deflecting, ...) to $PUSHBACK_OUT/summary-DATE.md and, in
# GitHub Actions, to the job summary, and exit with compare's code.
#
#   scripts/nightly.sh [extra `pushback run` flags...]
#
# Settings (environment):
#   PUSHBACK_CONFIG        models file (default models.yaml; the simulated models when it is absent)
#   PUSHBACK_PACKS         --packs value (default: every built-in pack)
#   PUSHBACK_DB            database holding the nightly runs (default nightly.db; keep it for nightly runs only)
#   PUSHBACK_OUT           directory for the dated reports (default nightly-reports)
#   PUSHBACK_FAIL_ON_DROP  percentage points of significant change that fail the job (default 5)
#   PUSHBACK               the pushback command (default: go run ./cmd/pushback)
#
# Exit codes: 0 no regression · 1 some trials failed after retries · 2 bad
# input · 3 regression found by compare · 130 interrupted (resume with
# `pushback run --resume latest --db $PUSHBACK_DB`, then run compare).
set -uo pipefail

config=${PUSHBACK_CONFIG:-models.yaml}
db=${PUSHBACK_DB:-nightly.db}
out=${PUSHBACK_OUT:-nightly-reports}
fail=${PUSHBACK_FAIL_ON_DROP:-5}
read -r -a pushback <<<"${PUSHBACK:-go run ./cmd/pushback}"
date=$(date -u +%Y-%m-%d)

args=(run --db "$db" --out "$out/$date")
[ -f "$config" ] && args+=(--config "$config")
[ -n "${PUSHBACK_PACKS:-}" ] && args+=(--packs "$PUSHBACK_PACKS")

"${pushback[@]}" "${args[@]}" "$@"
run_rc=$?
case $run_rc in
  0|1) ;;                       # 1: some trials failed; still report and compare
  *) exit "$run_rc" ;;          # 2 bad input, 130 interrupted
esac

"${pushback[@]}" report latest --db "$db" --format xlsx -o "$out/pushback-$date.xlsx" || exit $?

compare_rc=0
# Capture the list first: `grep -q` in a pipeline would stop reading early
# and, with pipefail, turn the SIGPIPE of `runs` into a false "no".
runs=$("${pushback[@]}" runs --db "$db") || exit $?
summary="$out/summary-$date.md"
if grep -q '^latest~1 ' <<<"$runs"; then
  "${pushback[@]}" compare latest~1 latest --db "$db" --fail-on-drop "$fail" -o "$out/compare-$date.xlsx" | tee "$out/compare-$date.txt"
  compare_rc=${PIPESTATUS[0]}
  {
    echo "## pushback nightly $date"
    echo
    echo '```'
    cat "$out/compare-$date.txt"
    echo '```'
  } >"$summary"
else
  echo "nightly: first run in $db; nothing to compare with yet" | tee "$summary"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$summary" >>"$GITHUB_STEP_SUMMARY"
fi
[ "$compare_rc" -ne 0 ] && exit "$compare_rc"
exit "$run_rc"
