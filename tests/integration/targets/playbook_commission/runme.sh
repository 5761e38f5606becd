#!/usr/bin/env bash
# Integration test of the refusals of playbooks/commission_environment.yml and
# playbooks/decommission_environment.yml: every one happens in the first play,
# which runs on the controller only, so no machine of the inventory is contacted;
# and commissioning's directory step (on the controller, before the machines' plays):
# its switch checked, stopped without credentials, skipped with directory_manage=false.
# The directory itself is exercised by Molecule `directory` (a Samba AD DC), not here.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/../setup_divalto/lib.sh"

divalto_setup --copy-example
root="$DIVALTO_ROOT" work="$DIVALTO_WORK" config="$DIVALTO_CONFIG"
commission="$root/playbooks/commission_environment.yml"
decommission="$root/playbooks/decommission_environment.yml"

# refuses PLAYBOOK MESSAGE ARGS...: the run fails (exit 2) and prints MESSAGE, and no host was contacted.
refuses() {
    local playbook="$1" message="$2" rc=0
    shift 2
    ansible-playbook -i "$config" "$playbook" "$@" > "$work/out.txt" 2>&1 || rc=$?
    if [ "$rc" -ne 2 ]; then
        echo "expected exit code 2 from $(basename "$playbook") $*, got $rc" >&2
        cat "$work/out.txt" >&2
        exit 1
    fi
    if ! grep -qF -- "$message" "$work/out.txt"; then
        echo "expected the message: $message" >&2
        cat "$work/out.txt" >&2
        exit 1
    fi
    if grep -q "UNREACHABLE" "$work/out.txt"; then
        echo "a machine was contacted" >&2
        exit 1
    fi
    echo "ok: $(basename "$playbook") $* refused"
}

keys_hint="the keys are <tenant>_<environment>, the inventory's env_<key> groups: ansible-inventory -i <inventory> --graph | grep -o 'env_[a-z0-9_]*'"

echo "== commission: missing and unknown keys"
refuses "$commission" "commission_check: no environment key: run with -e environment_key=<tenant>_<environment> ($keys_hint)"
refuses "$commission" "commission_check: unknown environment key 'nobody_production': $keys_hint" \
    --check -e environment_key=nobody_production

echo "== commission: the registry is valid at load, the platform seen at run time is not (extra vars)"
# The registry refuses overcommitted pairs at load; at run time divalto_platform can
# still differ (extra vars, another inventory source): take it from the inventory, break it.
ansible-inventory -i "$config" --list --export > "$work/list.json"
python3 - "$work/list.json" "$work" <<'PY'
import json, sys

def plain(obj):
    return obj["__ansible_unsafe"] if list(obj) == ["__ansible_unsafe"] else obj

platform = json.load(open(sys.argv[1]), object_hook=plain)["all"]["vars"]["divalto_platform"]
platform["ha_pairs"]["fs-par1-a"]["storage_gb"] = 399
json.dump({"divalto_platform": platform}, open(sys.argv[2] + "/full.json", "w"))
platform["ha_pairs"]["fs-par1-a"]["storage_gb"] = 2000
platform["ha_pairs"]["sql-par1-a"]["storage_gb"] = 259
json.dump({"divalto_platform": platform}, open(sys.argv[2] + "/sql_full.json", "w"))
platform["ha_pairs"]["sql-par1-a"]["storage_gb"] = 1000
platform["pools"]["app-par1-b"]["members"] = []
json.dump({"divalto_platform": platform}, open(sys.argv[2] + "/empty_pool.json", "w"))
PY
refuses "$commission" "commission_check: cannot commission acme_staging: file pair fs-par1-a over capacity: the files_gb quotas of its 4 environments total 400 GB, its storage is 399 GB (acme_staging asks 100 GB): place the environment on another pair or lower a quota" \
    -e environment_key=acme_staging -e "@$work/full.json"
refuses "$commission" "commission_check: cannot commission acme_staging: SQL pair sql-par1-a over capacity: the database_gb quotas of its 12 environments total 260 GB, its storage is 259 GB (acme_staging asks 50 GB)" \
    -e environment_key=acme_staging -e "@$work/sql_full.json"
refuses "$commission" "commission_check: cannot commission acme_staging: application pool app-par1-b has no members: add application servers to it in the registry" \
    -e environment_key=acme_staging -e "@$work/empty_pool.json"

echo "== commission: the recovery datacenter"
cp -r "$work/example" "$work/recovery"
python3 - "$work/recovery/registry/tenants/acme.yml" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
old = "  testing:\n    service_pack: v2026_erpx13_p224\n    placement: {pool: app-par1-b, sql: sql-par1-a, files: fs-par1-a}\n"
assert old in text, "acme.yml changed: update this test"
new = "  testing:\n    service_pack: v2026_erpx13_p224\n    placement: {pool: app-sxb1-a, sql: sql-sxb1-a, files: fs-sxb1-a}\n"
open(path, "w", encoding="utf-8").write(text.replace(old, new))
PY
config="$work/recovery/tenants.yml"
refuses "$commission" "commission_check: cannot commission acme_testing: placed in datacenter sxb1, whose role is recovery, not primary: commission into it only with -e allow_recovery_datacenter=true" \
    -e environment_key=acme_testing
config="$work/example/tenants.yml"

echo "== commission: the directory step runs on the controller before any machine is contacted"
# Every host pointed at a closed port of this machine: a machine contacted is UNREACHABLE at once.
nowhere=(-e ansible_connection=ssh -e ansible_host=127.0.0.1 -e ansible_port=9)
refuses "$commission" "directory_manage: expected true or false, got a string 'maybe'" \
    -e environment_key=acme_staging -e directory_manage=maybe --check "${nowhere[@]}"
# The example inventory has a directory model: the directory is managed by default, and without credentials the
# run stops there, before the data zone's plays.
refuses "$commission" "The directory role needs the directory model" \
    -e environment_key=acme_staging --check "${nowhere[@]}"
if grep -qF "PLAY [Provide the environment's storage" "$work/out.txt"; then
    echo "a play after the directory step ran" >&2
    exit 1
fi
# directory_manage=false: skipped with a message naming the group and the account, then the machines' plays.
rc=0
ansible-playbook -i "$config" "$commission" --check -e environment_key=acme_staging -e directory_manage=false \
    "${nowhere[@]}" > "$work/out.txt" 2>&1 || rc=$?
tr -s ' \n' ' ' < "$work/out.txt" > "$work/flat.txt"
grep -qF "directory: skipped (directory_manage=false); the group gg_acme_staging and the service account acme_stg must exist" \
    "$work/flat.txt" || { echo "expected the directory step skipped" >&2; cat "$work/out.txt" >&2; exit 1; }
first_play_on_machines=$(grep -n "^PLAY \[Provide the environment's storage" "$work/out.txt" | cut -d: -f1)
directory_play=$(grep -n "^PLAY \[Create the environment's group and service account" "$work/out.txt" | cut -d: -f1)
if [ -z "$directory_play" ] || [ -z "$first_play_on_machines" ] || [ "$directory_play" -ge "$first_play_on_machines" ]; then
    echo "the directory step does not come before the machines' plays" >&2
    exit 1
fi
# The machines' plays then reach the closed port (exit code 4: unreachable hosts).
[ "$rc" -eq 4 ] || { echo "expected exit code 4 (the machines unreachable), got $rc" >&2; exit 1; }
echo "ok: commission's directory step: checked switch, stops without credentials, skipped with directory_manage=false"

echo "== decommission: missing key, unknown key, no or wrong confirmation"
refuses "$decommission" "decommission_check: no environment key: run with -e environment_key=<tenant>_<environment>"
refuses "$decommission" "decommission_check: unknown environment key 'nobody_production': $keys_hint" \
    -e environment_key=nobody_production -e confirm=nobody_production
confirm_hint="decommission_check: decommissioning acme_staging removes its databases, share and IIS site: confirm with -e confirm=acme_staging (the exact key)"
refuses "$decommission" "$confirm_hint" -e environment_key=acme_staging
refuses "$decommission" "$confirm_hint" -e environment_key=acme_staging -e confirm=acme_testing
refuses "$decommission" "$confirm_hint" --check -e environment_key=acme_staging -e confirm=ACME_STAGING

echo "== decommission: a --limit that leaves out the primary taking the final backup"
refuses "$decommission" "the final backup of acme_staging runs on sql-par1-01 and fs-par1-01: run without --limit, or with one that includes them" \
    -e environment_key=acme_staging -e confirm=acme_staging --limit 'env_acme_staging:!fs-par1-01'

echo "== decommission: without directory credentials, refused before the final backup (the directory step is last)"
refuses "$decommission" "the directory step of decommissioning (last, after every removal) needs directory_bind_dn" \
    -e environment_key=acme_staging -e confirm=acme_staging "${nowhere[@]}"
refuses "$decommission" "directory_manage: expected true or false, got a string 'maybe'" \
    -e environment_key=acme_staging -e confirm=acme_staging -e directory_manage=maybe "${nowhere[@]}"

refuses "$decommission" "the directory step of decommissioning (last, after every removal) needs directory_bind_dn" \
    --check -e environment_key=acme_staging -e confirm=acme_staging "${nowhere[@]}"

echo "== decommission: credentials no domain controller accepts, refused before the final backup, also with --check"
# The controller binds in the first play (the role's connect.yml): a closed port stands for a domain controller that
# does not answer or refuses the password. Not "nowhere": the probe runs on the controller (localhost).
directory_creds=(-e "directory_bind_dn=CN=svc,DC=example,DC=com" -e directory_bind_password=wrong
    -e '{"directory_uris": ["ldap://127.0.0.1:9"]}')
for check in true false; do
    mode=(-e environment_key=acme_staging)
    if [ "$check" = true ]; then mode+=(--check); fi
    refuses "$decommission" "No domain controller answered: ldap://127.0.0.1:9: " \
        "${mode[@]}" -e confirm=acme_staging "${directory_creds[@]}"
    if grep -qF "PLAY [Take the final backup" "$work/out.txt"; then
        echo "a play after the first ran" >&2
        exit 1
    fi
done

echo "== decommission: -e directory_prune=true refused in the first play (the inventory's is overridden by the play)"
refuses "$decommission" "directory_prune=true does not apply to decommissioning" \
    --check -e environment_key=acme_staging -e confirm=acme_staging -e directory_prune=true "${directory_creds[@]}"

echo "== decommission --check prints the plan and changes nothing"
ansible-playbook -i "$config" "$decommission" --check -e environment_key=acme_staging -e confirm=acme_staging \
    -e directory_manage=false > "$work/plan.txt" 2>&1
grep -qF "backup: databases acme_staging_erp, acme_staging_portal on sql-par1-01" "$work/plan.txt"
grep -qF "check mode: nothing was changed" "$work/plan.txt"
grep -qF "directory: left alone (directory_manage=false or no directory model)" "$work/plan.txt"
grep -qE "^app-par1-01 +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0" "$work/plan.txt"
echo "playbook_commission: all checks passed"
