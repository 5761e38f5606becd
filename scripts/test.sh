#!/usr/bin/env bash
# `make test`: set everything up, then run every test tier, and end with a table of each tier's and each
# Molecule scenario's wall time and result. A failed tier does not stop the later ones (one run shows every
# failure); the exit status is non-zero when any step failed. A failed setup stops everything.
#
# Usage: scripts/test.sh [TIER ...]   (default: every tier, in the order CI runs them)
#
# A step "a+b" runs tiers a and b at the same time, each printing into a log that is shown whole when both have
# ended (first a's, then b's): ansible-test sanity and integration keep one core busy, the lint about one and a
# third, the images mostly wait on the Debian mirror, so on two cores each pair takes little more than its longer
# tier (docs/testing.md, "Time"). Tiers that keep both cores busy (units, molecule) run alone.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
TIERS=(sanity+lint changelog-lint units contract integration+images importer molecule)
(($#)) && TIERS=("$@")

# Rows "<step>\t<seconds>\t<result>". A tier may write rows of its own parts to DIVALTO_PART_RESULTS
# (scripts/molecule.sh: the images and one row per scenario); they are listed, indented, under the tier.
RESULTS=$PWD/.build/test-results.tsv
mkdir -p .build
: >"$RESULTS"
started=$SECONDS

record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$RESULTS"; }

clock() { printf '%d:%02d' $(($1 / 60)) $(($1 % 60)); }

table() {
  local total=$((SECONDS - started)) step seconds result
  printf '\n==> make test: wall time and result of each step\n\n'
  printf '| %-26s | %9s | %-7s |\n' step 'wall time' result
  printf '| %-26s | %9s | %-7s |\n' '---' '---:' '---'
  while IFS=$'\t' read -r step seconds result; do
    printf '| %-26s | %9s | %-7s |\n' "$step" "$(clock "$seconds")" "$result"
  done <"$RESULTS"
  printf '| %-26s | %9s | %-7s |\n' total "$(clock "$total")" "$([[ -z ${failed[*]:-} ]] && echo passed || echo FAILED)"
  printf '\n(%s, %s cores, %s)\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$(nproc)" "$(git rev-parse --short HEAD 2>/dev/null || echo 'no git')"
}

failed=()
step_start=$SECONDS
if scripts/setup.sh; then
  record setup $((SECONDS - step_start)) passed
else
  record setup $((SECONDS - step_start)) FAILED
  failed+=(setup)
  table
  exit 1
fi

# One tier: `make <tier>` (-o setup: setup ran above, once for every tier), its parts' rows in its own file, its
# wall time and result in .build/tier-logs/<tier>.status.
LOGS=.build/tier-logs
mkdir -p "$LOGS"
run_tier() {
  local tier=$1 start=$SECONDS result=passed
  : >"$LOGS/$tier.parts"
  DIVALTO_PART_RESULTS=$PWD/$LOGS/$tier.parts make --no-print-directory -o setup "$tier" || result=FAILED
  echo "$((SECONDS - start)) $result" >"$LOGS/$tier.status"
}

# Its row in the table, its parts indented below it.
report_tier() {
  local tier=$1 seconds result
  read -r seconds result <"$LOGS/$tier.status"
  record "$tier" "$seconds" "$result"
  [[ $result == passed ]] || failed+=("$tier")
  sed 's/^/  /' "$LOGS/$tier.parts" >>"$RESULTS"
}

for step in "${TIERS[@]}"; do
  IFS=+ read -ra group <<<"$step"
  for tier in "${group[@]}"; do rm -f "$LOGS/$tier.status" "$LOGS/$tier.log"; done
  if ((${#group[@]} == 1)); then
    echo "==> make $step"
    run_tier "$step"
  else
    echo "==> make ${group[*]}, at the same time (each log is printed whole when all have ended)"
    for tier in "${group[@]}"; do run_tier "$tier" >"$LOGS/$tier.log" 2>&1 & done
    wait
    for tier in "${group[@]}"; do
      echo "==> make $tier"
      cat "$LOGS/$tier.log"
    done
  fi
  for tier in "${group[@]}"; do report_tier "$tier"; done
done

table
if ((${#failed[@]})); then
  echo "make test: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "make test: every step passed"
