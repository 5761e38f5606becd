#!/usr/bin/env bash
# Run every Molecule scenario under molecule/ (`make molecule`) on podman,
# after building the base image they use. Runs them all, then fails if any
# failed, naming them.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
IMAGE=localhost/debian-base
# Plain logs when not on a terminal (CI).
[[ -t 1 ]] || export NO_COLOR=1

scenarios=()
for dir in molecule/*/; do
  [[ -d $dir ]] || continue
  if [[ -f $dir/molecule.yml ]]; then
    scenarios+=("$(basename "$dir")")
  else
    echo "WARNING: $dir has no molecule.yml: not a scenario, not run" >&2
  fi
done

scripts/build-base-image.sh
# Smoke test: podman can start a container from the image, and Ansible's
# needs are in it.
podman run --rm "$IMAGE" python3 -c 'import apt' >/dev/null
echo "==> podman runs $IMAGE"

if ((${#scenarios[@]} == 0)); then
  echo "==> No Molecule scenarios under molecule/ yet (no molecule/*/molecule.yml): nothing to run."
  exit 0
fi

echo "==> Molecule scenarios: ${scenarios[*]}"
failed=()
for scenario in "${scenarios[@]}"; do
  echo "==> molecule test -s $scenario"
  start=$SECONDS
  if molecule test -s "$scenario"; then
    echo "==> $scenario passed in $((SECONDS - start)) s"
  else
    echo "==> $scenario FAILED after $((SECONDS - start)) s" >&2
    failed+=("$scenario")
  fi
done
((${#failed[@]} == 0)) || { echo "Molecule scenarios failed: ${failed[*]}" >&2; exit 1; }
echo "==> all ${#scenarios[@]} Molecule scenarios passed"
