#!/usr/bin/env bash
# `make molecule-under-load` (RUNS=3 by default): the Molecule tier, RUNS times in a row, while stress-ng keeps
# every core busy, to show that no wait, retry or timeout of the scenarios depends on an idle machine.
# Stops at the first failed run. Prints one line per run and per scenario. Not part of `make test`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${RUNS:-3}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "RUNS: expected a positive whole number, got '$RUNS'" >&2; exit 2; }

if ! command -v stress-ng >/dev/null; then
  echo "==> apt: installing stress-ng"
  sudo=()
  [[ $(id -u) == 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq stress-ng >/dev/null
fi

workers=$(nproc)
stress-ng --cpu "$workers" --quiet &
stress=$!
trap 'kill "$stress" 2>/dev/null || true' EXIT
echo "==> stress-ng --cpu $workers (pid $stress) keeps every core busy"

summary=$(mktemp)
for ((run = 1; run <= RUNS; run++)); do
  parts=$(mktemp)
  start=$SECONDS
  echo "==> run $run of $RUNS"
  if DIVALTO_PART_RESULTS=$parts scripts/molecule.sh; then result=passed; else result=FAILED; fi
  printf 'run %d: %s in %d s\n' "$run" "$result" $((SECONDS - start)) >>"$summary"
  awk -F'\t' '{printf "  %-24s %5d s  %s\n", $1, $2, $3}' "$parts" >>"$summary"
  rm -f "$parts"
  [[ $result == passed ]] || break
done
kill "$stress" 2>/dev/null || true
echo
echo "==> Molecule under load (stress-ng --cpu $workers), $(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD)"
cat "$summary"
grep -q FAILED "$summary" && exit 1
echo "==> $RUNS runs in a row passed under load"
