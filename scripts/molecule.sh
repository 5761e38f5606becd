#!/usr/bin/env bash
# Run every Molecule scenario under molecule/ (`make molecule`) on podman,
# after building the base image they use. Runs them all, then fails if any
# failed, naming them. The `windows` scenario needs a real Windows Server
# (molecule/windows/README.md): without MOLECULE_WINDOWS_HOST, _USER and
# _PASSWORD it is skipped, said so, and counted neither passed nor failed.
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
skipped=()
for scenario in "${scenarios[@]}"; do
  if [[ $scenario == windows ]] &&
    [[ -z ${MOLECULE_WINDOWS_HOST:-} || -z ${MOLECULE_WINDOWS_USER:-} || -z ${MOLECULE_WINDOWS_PASSWORD:-} ]]; then
    echo "==> windows: skipped: no Windows host configured (set MOLECULE_WINDOWS_HOST, MOLECULE_WINDOWS_USER, MOLECULE_WINDOWS_PASSWORD)"
    skipped+=("$scenario")
    continue
  fi
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
echo "==> $((${#scenarios[@]} - ${#skipped[@]})) Molecule scenarios passed${skipped[*]:+, ${#skipped[@]} skipped (${skipped[*]})}"
