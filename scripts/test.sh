#!/usr/bin/env bash
# `make test`: set everything up, then run every test tier, and end with a table of each tier's and each
# Molecule scenario's wall time and result. A failed tier does not stop the later ones (one run shows every
# failure); the exit status is non-zero when any step failed. A failed setup stops everything.
#
# Usage: scripts/test.sh [TIER ...]   (default: every tier, in the order CI runs them)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
TIERS=(sanity lint changelog-lint units contract integration importer molecule)
(($#)) && TIERS=("$@")

# Rows "<step>\t<seconds>\t<result>". A tier may write rows of its own parts to DIVALTO_PART_RESULTS
# (scripts/molecule.sh: the images and one row per scenario); they are listed, indented, under the tier.
RESULTS=$PWD/.build/test-results.tsv
export DIVALTO_PART_RESULTS=$PWD/.build/test-part-results.tsv
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

for tier in "${TIERS[@]}"; do
  echo "==> make $tier"
  step_start=$SECONDS
  : >"$DIVALTO_PART_RESULTS"
  # -o setup: setup ran above, once for every tier.
  if make --no-print-directory -o setup "$tier"; then
    record "$tier" $((SECONDS - step_start)) passed
  else
    record "$tier" $((SECONDS - step_start)) FAILED
    failed+=("$tier")
  fi
  sed 's/^/  /' "$DIVALTO_PART_RESULTS" >>"$RESULTS"
done

table
if ((${#failed[@]})); then
  echo "make test: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "make test: every step passed"
