#!/usr/bin/env bash
# Run the Molecule scenarios under molecule/ (`make molecule`; `make molecule SCENARIOS="a b"` for some;
# MOLECULE_JOBS=1 for one at a time) on podman, after building the images they use (localhost/debian-base, then
# localhost/divalto-test on it; MOLECULE_IMAGES_ONLY=1, `make images`: only that). Runs
# them all, then fails if any failed, naming them. The `windows` scenario needs a real Windows Server
# (molecule/windows/README.md): without MOLECULE_WINDOWS_HOST, _USER and _PASSWORD it is skipped, said so, and
# counted neither passed nor failed. With DIVALTO_PART_RESULTS set (scripts/test.sh), each image and scenario
# adds a row "<name>\t<seconds>\t<result>" to that file for the timing table of `make test`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
IMAGE=localhost/debian-base
RESULTS=${DIVALTO_PART_RESULTS:-/dev/null}
# Plain logs when not on a terminal (CI).
[[ -t 1 ]] || export NO_COLOR=1

record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$RESULTS"; }

# Build an image with its script; a failed build fails the tier at once (no scenario could run).
image() {
  local start=$SECONDS
  if "scripts/build-$1-image.sh"; then
    record "image $1" $((SECONDS - start)) passed
  else
    record "image $1" $((SECONDS - start)) FAILED
    exit 1
  fi
}

scenarios=()
for dir in molecule/*/; do
  [[ -d $dir ]] || continue
  # Tasks the scenarios share (import_tasks), not a scenario.
  [[ $dir == molecule/shared/ ]] && continue
  if [[ -f $dir/molecule.yml ]]; then
    scenarios+=("$(basename "$dir")")
  else
    echo "WARNING: $dir has no molecule.yml: not a scenario, not run" >&2
  fi
done

# Longest first (from the timing table of `make test`), so that two at a time end close together; the others
# follow in name order.
LONGEST_FIRST=(client_access backup directory file_server patching dmz_proxy)
ordered=()
for name in "${LONGEST_FIRST[@]}"; do
  [[ " ${scenarios[*]} " == *" $name "* ]] && ordered+=("$name")
done
for name in "${scenarios[@]}"; do
  [[ " ${LONGEST_FIRST[*]} " == *" $name "* ]] || ordered+=("$name")
done
scenarios=("${ordered[@]}")

if [[ -n ${SCENARIOS:-} ]]; then
  read -ra wanted <<<"$SCENARIOS"
  for name in "${wanted[@]}"; do
    [[ -f molecule/$name/molecule.yml ]] || { echo "SCENARIOS: no scenario molecule/$name" >&2; exit 1; }
  done
  scenarios=("${wanted[@]}")
fi

image base
# Smoke test: podman can start a container from the image, and Ansible's
# needs are in it.
podman run --rm "$IMAGE" python3 -c 'import apt' >/dev/null
echo "==> podman runs $IMAGE"
image test
# `make images`: the images only (scripts/test.sh builds them while the integration tier runs).
if [[ -n ${MOLECULE_IMAGES_ONLY:-} ]]; then
  echo "==> podman images ready: $IMAGE, localhost/divalto-test"
  exit 0
fi

if ((${#scenarios[@]} == 0)); then
  echo "==> No Molecule scenarios under molecule/ yet (no molecule/*/molecule.yml): nothing to run."
  exit 0
fi

# One scenario: `molecule test`, its output in .build/molecule-logs/<scenario>.log, its row in RESULTS, and a
# status file read back by the loop below.
LOGS=$PWD/.build/molecule-logs
mkdir -p "$LOGS"
# Only this run's scenarios are cleared: another `make molecule SCENARIOS=...` may be writing its own logs here.
for scenario in "${scenarios[@]}"; do rm -f "$LOGS/$scenario.log" "$LOGS/$scenario.status"; done
run_scenario() {
  local scenario=$1 start=$SECONDS result
  if molecule test -s "$scenario" >"$LOGS/$scenario.log" 2>&1; then result=passed; else result=FAILED; fi
  record "$scenario" $((SECONDS - start)) "$result"
  echo "$result $((SECONDS - start))" >"$LOGS/$scenario.status"
}

# Print a finished scenario's log, then its verdict (CI's log shows each scenario whole, in one piece).
report() {
  local scenario=$1 result seconds
  read -r result seconds <"$LOGS/$scenario.status"
  echo "==> molecule test -s $scenario"
  cat "$LOGS/$scenario.log"
  if [[ $result == passed ]]; then
    echo "==> $scenario passed in $seconds s"
  else
    echo "==> $scenario FAILED after $seconds s" >&2
    failed+=("$scenario")
  fi
}

# MOLECULE_JOBS scenarios at a time (default 2). They use distinct container names and networks, so they
# can share the machine; each spends much of its time waiting on podman and on its containers, so two at a time
# on two cores take about two thirds of the time of one after the other (docs/testing.md).
JOBS=${MOLECULE_JOBS:-2}
[[ $JOBS =~ ^[1-9][0-9]*$ ]] || { echo "MOLECULE_JOBS: expected a positive whole number, got '$JOBS'" >&2; exit 2; }
echo "==> Molecule scenarios, $JOBS at a time: ${scenarios[*]}"
failed=()
skipped=()
running=()
for scenario in "${scenarios[@]}"; do
  if [[ $scenario == windows ]] &&
    [[ -z ${MOLECULE_WINDOWS_HOST:-} || -z ${MOLECULE_WINDOWS_USER:-} || -z ${MOLECULE_WINDOWS_PASSWORD:-} ]]; then
    echo "==> windows: skipped: no Windows host configured (set MOLECULE_WINDOWS_HOST, MOLECULE_WINDOWS_USER, MOLECULE_WINDOWS_PASSWORD)"
    skipped+=("$scenario")
    record "$scenario" 0 skipped
    continue
  fi
  while ((${#running[@]} >= JOBS)); do
    wait -n || true
    still=()
    for name in "${running[@]}"; do
      if [[ -f $LOGS/$name.status ]]; then report "$name"; else still+=("$name"); fi
    done
    running=("${still[@]}")
  done
  echo "==> started: molecule test -s $scenario (log: $LOGS/$scenario.log)"
  run_scenario "$scenario" &
  running+=("$scenario")
done
wait
for name in "${running[@]}"; do report "$name"; done

((${#failed[@]} == 0)) || { echo "Molecule scenarios failed: ${failed[*]}" >&2; exit 1; }
echo "==> $((${#scenarios[@]} - ${#skipped[@]})) Molecule scenarios passed${skipped[*]:+, ${#skipped[@]} skipped (${skipped[*]})}"
