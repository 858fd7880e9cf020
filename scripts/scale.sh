#!/usr/bin/env bash
# scale.sh — time and peak memory of a run and of each report format as a
# run grows: the simulated models on every built-in pack (555 trials a
# sample), at about 10,000 and 100,000 trials by default.
#   scripts/scale.sh [TRIALS...]        e.g. scripts/scale.sh 10000
# Prints one line per step: trials, step, seconds, peak RSS in MB.
# The 100,000-trial run takes several minutes and ~2 GB of disk.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$bin" "$work"' EXIT
go build -o "$bin/pushback" ./cmd/pushback
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  read -r secs kb <"$work/time"
  printf '%8d trials  %-14s %7.1f s  %6.0f MB\n' "$trials" "$label" "$secs" "$((kb / 1024))"
}
for want in "${@:-10000 100000}"; do
  for n in $want; do
    samples=$(( (n + 554) / 555 ))
    trials=$(( samples * 555 ))
    db="$work/scale-$n.db"
    measure "run" "$bin/pushback" run --samples "$samples" --db "$db" --out "" --no-progress
    for f in md csv json xlsx html; do
      out="$work/report.$f"
      [ "$f" = csv ] && out="$work/report-csv"
      measure "report $f" "$bin/pushback" report --db "$db" --format "$f" -o "$out"
      rm -rf "$out"
    done
    rm -f "$db" "$db-wal" "$db-shm"
  done
done
