#!/usr/bin/env bash
# Run like AWX runs (docs/awx.md):
#   (a) `ansible-builder create` on execution-environment.yml: the build context is
#       complete (the image is not built: no container registry here);
#   (b) the job templates that need no remote machine, through ansible-runner with
#       AWX's private data directory layout (project/, inventory/, env/extravars,
#       env/envvars, env/settings, artifacts/), the inventory synced beforehand with
#       `ansible-inventory --list --export` into inventory/hosts.json (runner.py).
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/../setup_divalto/lib.sh"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
divalto_setup
root="$DIVALTO_ROOT" work="$DIVALTO_WORK"

echo "== (a) ansible-builder create"
builder="$(command -v ansible-builder || true)"
if [ -z "$builder" ]; then
    builder="$(dirname "$(python -c 'import sys; print(sys.executable)')")/ansible-builder"
fi
"$builder" create -f "$root/execution-environment.yml" -c "$work/ee" --output-filename Containerfile > "$work/builder.txt" 2>&1 \
    || { cat "$work/builder.txt" >&2; exit 1; }
for name in Containerfile _build/requirements.yml _build/requirements.txt _build/bindep.txt; do
    test -s "$work/ee/$name" || { echo "build context: missing $name" >&2; exit 1; }
done
core="$(grep -E '^ansible-core==' "$root/requirements-dev.txt")"
runner="$(grep -E '^ansible-runner==' "$root/requirements-dev.txt")"
grep -qF "ARG ANSIBLE_INSTALL_REFS=\"$core $runner\"" "$work/ee/Containerfile"
grep -qF 'ARG EE_BASE_IMAGE="quay.io/centos/centos:stream10"' "$work/ee/Containerfile"
grep -qF 'ansible-galaxy collection install' "$work/ee/Containerfile"
# shellcheck disable=SC2016 # the Containerfile's own variable, literally
grep -qF 'RUN $PKGMGR install -y git-core' "$work/ee/Containerfile"
grep -qF 'assemble' "$work/ee/Containerfile"
grep -qx -- '- name: awx.awx' <(sed 's/^ *//' "$work/ee/_build/requirements.yml")
grep -qx 'python-dateutil>=2.8.0' "$work/ee/_build/requirements.txt"
grep -q '^openssh-clients \[platform:rpm\]' "$work/ee/_build/bindep.txt"

echo "== tools/awx-config renders the reviewed file, and refuses a schedule outside its window"
python "$root/tools/awx-config" --inventory "$root/inventories/example/tenants.yml" --check-from 2026-12-01 \
    > "$work/awx-config.yml"
diff -u "$root/tests/unit/plugins/module_utils/fixtures/awx_config/example.yml" "$work/awx-config.yml"
cp -r "$root/inventories/example" "$work/example"
sed -i 's/after_patch_tuesday: 4, at: "20:30"/after_patch_tuesday: 4, at: "14:30"/' "$work/example/registry/platform.yml"
rc=0
python "$root/tools/awx-config" --inventory "$work/example/tenants.yml" --check-from 2026-12-01 \
    > /dev/null 2> "$work/awx-config.err" || rc=$?
test "$rc" -eq 2
grep -qF "awx-config: schedules outside their windows:" "$work/awx-config.err"
grep -qF "Sat 2026-12-12 14:30 run of patch_monthly_prod: starts outside the prod maintenance windows" "$work/awx-config.err"

echo "== (b) job templates through ansible-runner"
python "$here/runner.py" "$root" "$work/runs"
echo "awx_runner: all checks passed"
