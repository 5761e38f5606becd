#!/usr/bin/env bash
# Integration test of tools/inventory-diff: one-tenant changes to copies of
# inventories/example, compared by the tool through the installed plugin.
set -euo pipefail

PYTHON=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# The collection root: four levels above this target in a checkout or in
# ansible-test's copy, else wherever ansible-galaxy says divalto.cloud is.
collection_root() {
  local root
  root=$(cd "$HERE/../../../.." && pwd)
  if [[ -x $root/tools/inventory-diff && -d $root/inventories/example ]]; then
    echo "$root"
    return
  fi
  ansible-galaxy collection list divalto.cloud --format json 2>/dev/null | "$PYTHON" -c '
import json, os, sys
for path, found in json.load(sys.stdin).items():
    if "divalto.cloud" in found:
        print(os.path.join(path, "divalto", "cloud"))
        break
'
}

ROOT=$(collection_root)
[[ -n $ROOT && -x $ROOT/tools/inventory-diff ]] || { echo "FAIL: cannot find the collection's tools/inventory-diff" >&2; exit 1; }
TOOL=$ROOT/tools/inventory-diff
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

fail() {
  echo "FAIL: $*" >&2
  echo "--- stdout" >&2; cat "$WORK/out" >&2
  echo "--- stderr" >&2; cat "$WORK/err" >&2
  exit 1
}

# run ARGS...: run the tool, keep its exit status in $RC, its output in $WORK/out and $WORK/err
run() {
  set +e
  "$PYTHON" "$TOOL" "$@" >"$WORK/out" 2>"$WORK/err"
  RC=$?
  set -e
}

expect_rc() { [[ $RC == "$1" ]] || fail "expected exit status $1, got $RC"; }
expect_line() { grep -qxF -- "$1" "$WORK/out" || fail "no line '$1' in stdout"; }
expect_stderr() { grep -qF -- "$1" "$WORK/err" || fail "no '$1' in stderr"; }

copy() {
  cp -R "$ROOT/inventories/example" "$WORK/$1"
}

# --- fixtures: each a one-tenant (or one-machine) change of the example ------
copy base
copy service_pack
sed -i '/^  staging:/,/service_pack:/ s/service_pack: v2026_erpx13_p224/service_pack: v2026_erpx13_p223a/' \
  "$WORK/service_pack/registry/tenants/acme.yml"
copy new_env
cat >>"$WORK/new_env/registry/tenants/acme.yml" <<'YAML'
  training:
    service_pack: v2026_erpx13_p224
    placement: {pool: app-par1-b, sql: sql-par1-a, files: fs-par1-a}
    telnet_port: 2304
    wpf_port: 8404
YAML
copy machine_removed
sed -i '/^  vault-sxb1-01:/,+2d' "$WORK/machine_removed/registry/platform.yml"
copy invalid
sed -i 's/pool: app-par1-b/pool: app-nowhere/' "$WORK/invalid/registry/tenants/acme.yml"

# --- no change ----------------------------------------------------------------
run "$WORK/base" "$WORK/base"
expect_rc 0
expect_line "inventory diff: no changes"

# --- service pack switch of acme/staging ----------------------------------------
run "$WORK/base" "$WORK/service_pack"
expect_rc 1
expect_line '  ~ divalto_environments.acme_staging.service_pack: "v2026_erpx13_p224" -> "v2026_erpx13_p223a"'
expect_line "  acme/staging: changed, 2 changes, 6 machines"
expect_line "  app-par1-04 (serves acme_staging)"

run "$WORK/base" "$WORK/service_pack/tenants.yml" --format markdown
expect_rc 1
expect_line "| acme | staging | changed | 2 | 6 |"
# shellcheck disable=SC2016 # backquotes are Markdown here, not a command substitution
expect_line '`app-par1-04`, `app-par1-05`, `fs-par1-01`, `fs-par1-02`, `sql-par1-01`, `sql-par1-02`'

run "$WORK/base" "$WORK/service_pack" --format json
expect_rc 1
"$PYTHON" -c '
import json, sys
result = json.load(open(sys.argv[1]))
assert result["blast_radius"]["platform_wide"] is False, result["blast_radius"]
assert list(result["tenants"]) == ["acme"], result["tenants"]
' "$WORK/out" || fail "unexpected JSON result"

# --- new environment acme/training -------------------------------------------
run "$WORK/base" "$WORK/new_env"
expect_rc 1
expect_line "  + group env_acme_training"
expect_line "  + child env_acme_training in group tenant_acme"
grep -qE '^  acme/training: added, [0-9]+ changes, [0-9]+ machines$' "$WORK/out" || fail "no acme/training summary"

# --- a machine removed -----------------------------------------------------------
run "$WORK/base" "$WORK/machine_removed"
expect_rc 1
expect_line "  - machine vault-sxb1-01"
expect_line "removed machines (gone, not touched): vault-sxb1-01"

# --- invalid registry on either side -----------------------------------------
run "$WORK/base" "$WORK/invalid"
expect_rc 2
expect_stderr "HEAD: invalid inventory"
expect_stderr "environments.staging.placement.pool: expected a pool declared under pools, got 'app-nowhere'"
expect_stderr "environments.testing.placement.pool: expected a pool declared under pools, got 'app-nowhere'"
[[ ! -s $WORK/out ]] || fail "output on stdout despite an error"

run "$WORK/invalid" "$WORK/base"
expect_rc 2
expect_stderr "BASE: invalid inventory"

# --- missing directory or revision --------------------------------------------
run "$WORK/no-such-dir" "$WORK/base" --repo "$WORK"
expect_rc 2
expect_stderr "BASE: "

# --- git revisions --------------------------------------------------------------
if command -v git >/dev/null; then
  repo=$WORK/repo
  mkdir -p "$repo/inventories"
  cp -R "$WORK/base" "$repo/inventories/example"
  git -C "$repo" init -q
  git -C "$repo" add -A
  git -C "$repo" -c user.name=test -c user.email=test@example.invalid commit -qm base
  cp "$WORK/service_pack/registry/tenants/acme.yml" "$repo/inventories/example/registry/tenants/acme.yml"
  git -C "$repo" -c user.name=test -c user.email=test@example.invalid commit -qam "acme staging: p223a"

  run HEAD~1 HEAD --repo "$repo"
  expect_rc 1
  expect_line "  acme/staging: changed, 2 changes, 6 machines"

  run HEAD "$repo" --repo "$repo"
  expect_rc 0

  run no-such-revision HEAD --repo "$repo"
  expect_rc 2
  expect_stderr "BASE: 'no-such-revision' is neither a directory, a file nor a git revision"
fi

echo "inventory_diff: all checks passed"
