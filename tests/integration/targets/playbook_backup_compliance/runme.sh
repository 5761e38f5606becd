#!/usr/bin/env bash
# Integration test of playbooks/backup_compliance.yml on the example inventory:
# recorded histories (the unit-test recordings) are replayed and reported, a
# second run changes nothing, a violation fails the run with
# backup_compliance_fail_on_violation, an empty history directory is refused,
# and (when restic is installed) the live path lists the snapshots of local
# restic repositories through a vault reached with the local connection.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/../setup_divalto/lib.sh"

divalto_setup --copy-example
root="$DIVALTO_ROOT" work="$DIVALTO_WORK" config="$DIVALTO_CONFIG"
playbook="$root/playbooks/backup_compliance.yml"
fixtures="$root/tests/unit/plugins/module_utils/fixtures/backup_compliance"
now=(-e backup_compliance_now=2026-11-23T10:30:00+01:00)
mkdir -p "$work/history"
cp "$fixtures/recorded_sql_history.json" "$work/history/sql_history.json"
cp "$fixtures/recorded_restic_snapshots.json" "$work/history/restic_snapshots.json"

echo "== recorded histories"
ansible-playbook -i "$config" "$playbook" -e "backup_compliance_history_dir=$work/history" \
    -e "backup_compliance_report_dir=$work/reports" "${now[@]}" > "$work/out.txt" 2>&1 \
    || { cat "$work/out.txt" >&2; exit 1; }
grep -q "localhost *: ok=[0-9]* *changed=1 " "$work/out.txt"
for name in backup_compliance.json backup_compliance.md backup_compliance.html; do
    test -s "$work/reports/$name" || { echo "missing $name" >&2; exit 1; }
done
python3 - "$work/reports/backup_compliance.json" <<'PY'
import json, sys

report = json.load(open(sys.argv[1]))
statuses = {key: env["status"] for key, env in report["environments"].items()}
assert statuses["acme_production"] == "compliant", statuses
assert statuses["cobalt_production"] == "compliant", statuses
assert statuses["acme_staging"] == "no_data", statuses
assert report["environments"]["acme_production"]["databases"]["acme_production_erp"]["restorable_until"] == (
    "2026-11-23T10:00:52+01:00")
PY
grep -q "#1e7b34" "$work/reports/backup_compliance.html"

echo "== a second run changes nothing"
ansible-playbook -i "$config" "$playbook" -e "backup_compliance_history_dir=$work/history" \
    -e "backup_compliance_report_dir=$work/reports" "${now[@]}" > "$work/out.txt" 2>&1 \
    || { cat "$work/out.txt" >&2; exit 1; }
grep -q "localhost *: ok=[0-9]* *changed=0 " "$work/out.txt"

echo "== a late log backup fails the run with backup_compliance_fail_on_violation"
mkdir -p "$work/late"
python3 - "$work/history/sql_history.json" "$work/late/sql_history.json" <<'PY'
import json, sys

records = [r for r in json.load(open(sys.argv[1])) if not r["Start"].startswith("2026-11-23T10:00")]
json.dump(records, open(sys.argv[2], "w"))
PY
rc=0
ansible-playbook -i "$config" "$playbook" -e "backup_compliance_history_dir=$work/late" \
    -e "backup_compliance_report_dir=$work/late-reports" -e backup_compliance_fail_on_violation=true "${now[@]}" \
    > "$work/out.txt" 2>&1 || rc=$?
test "$rc" -eq 2 || { cat "$work/out.txt" >&2; exit 1; }
grep -qF "backup compliance: not compliant: acme_production," "$work/out.txt"
grep -qF "acme_production_erp: the last log backup ended 2026-11-23T09:00:52+01:00" "$work/late-reports/backup_compliance.md"

echo "== an empty history directory is refused"
mkdir -p "$work/empty"
rc=0
ansible-playbook -i "$config" "$playbook" -e "backup_compliance_history_dir=$work/empty" \
    -e "backup_compliance_report_dir=$work/none" > "$work/out.txt" 2>&1 || rc=$?
test "$rc" -eq 2
grep -qF "backup_compliance: neither sql_history.json nor restic_snapshots.json in $work/empty" "$work/out.txt"
test ! -e "$work/none"

if ! command -v restic > /dev/null; then
    echo "== live restic gathering: restic is not installed, not run"
    echo "playbook_backup_compliance: all checks passed"
    exit 0
fi
echo "== live restic gathering from a local vault"
vault="$work/vault"
mkdir -p "$vault/passwords" "$work/data/config"
printf 'not-a-real-secret\n' > "$vault/passwords/cobalt_production"
printf 'hello\n' > "$work/data/config/a.txt"
for set in code files; do
    repo="$vault/srv/cobalt/repos/cobalt_production/$set"
    restic init -q --repo "$repo" --password-file "$vault/passwords/cobalt_production"
    restic backup -q --repo "$repo" --password-file "$vault/passwords/cobalt_production" \
        --tag env:cobalt_production --tag "set:$set" --time "2026-11-22 21:00:00" "$work/data/config" > /dev/null
done
python3 - "$work/live.yml" "$(command -v python3)" <<'PY'
import json, sys

# a vault on the local connection; the platform and one environment come from the example (extra vars)
inventory = {
    "all": {
        "children": {
            "role_backup_vault": {
                "hosts": {"vault-local": {"ansible_connection": "local", "ansible_python_interpreter": sys.argv[2]}}
            },
            "role_sql": {"hosts": {}},
        }
    }
}
json.dump(inventory, open(sys.argv[1], "w"))
PY
ansible-inventory -i "$config" --list --export > "$work/example.json"
python3 - "$work/example.json" "$work/vars.json" <<'PY'
import json, sys

variables = json.load(open(sys.argv[1]))["all"]["vars"]
envs = {"cobalt_production": variables["divalto_environments"]["cobalt_production"]}
json.dump({"divalto_platform": variables["divalto_platform"], "divalto_environments": envs}, open(sys.argv[2], "w"))
PY
ANSIBLE_INVENTORY_ENABLED=yaml ansible-playbook -i "$work/live.yml" "$playbook" -e "@$work/vars.json" \
    -e "backup_compliance_vault_root=$vault/srv" -e "backup_compliance_vault_password_dir=$vault/passwords" \
    -e "backup_compliance_report_dir=$work/live-reports" "${now[@]}" \
    > "$work/out.txt" 2>&1 || { cat "$work/out.txt" >&2; exit 1; }
python3 - "$work/live-reports" <<'PY'
import json, sys

snapshots = json.load(open(sys.argv[1] + "/history/restic_snapshots.json"))
assert sorted(tag for s in snapshots for tag in s["tags"] if tag.startswith("set:")) == ["set:code", "set:files"]
report = json.load(open(sys.argv[1] + "/backup_compliance.json"))
env = report["environments"]["cobalt_production"]
assert env["data_sets"]["code"]["snapshots"] == 1, env
assert not [v for v in env["violations"] if v["data_set"] != "databases"], env["violations"]
PY
echo "playbook_backup_compliance: all checks passed"
