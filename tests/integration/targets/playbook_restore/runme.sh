#!/usr/bin/env bash
# Integration test of playbooks/restore.yml, dr_drill.yml and dr_failover.yml in check mode on the example
# inventory, with the recorded history of files/history (Get-DbaDbBackupHistory records and restic snapshots of
# acme_production and acme_staging, 15-17 November 2026): the printed plans, the refusals, and that the drill
# never targets the DMZ. No machine of the inventory is contacted.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/../setup_divalto/lib.sh"

# The expectations read the plan as YAML prints it (ansible-test runs without the repository's ansible.cfg).
export ANSIBLE_CALLBACK_RESULT_FORMAT=yaml
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
divalto_setup
root="$DIVALTO_ROOT" work="$DIVALTO_WORK" config="$DIVALTO_CONFIG"
history="$here/files/history"
restore="$root/playbooks/restore.yml"
drill="$root/playbooks/dr_drill.yml"
failover="$root/playbooks/dr_failover.yml"
request=(-e restore_tenant=acme -e restore_source=production -e restore_now=2026-11-18T00:00:00+01:00
         -e "restore_history_dir=$history")

# refuses PLAYBOOK MESSAGE ARGS...: the run fails (exit 2), prints MESSAGE, and no host was contacted.
refuses() {
    local playbook="$1" message="$2" rc=0
    shift 2
    ansible-playbook -i "$config" "$playbook" "$@" > "$work/out.txt" 2>&1 || rc=$?
    if [ "$rc" -ne 2 ]; then
        echo "expected exit code 2 from $(basename "$playbook") $*, got $rc" >&2
        cat "$work/out.txt" >&2
        exit 1
    fi
    if ! tr -s ' \n' ' ' < "$work/out.txt" | grep -qF -- "$message"; then
        echo "expected the message: $message" >&2
        cat "$work/out.txt" >&2
        exit 1
    fi
    if grep -q "UNREACHABLE" "$work/out.txt"; then
        echo "a machine was contacted" >&2
        exit 1
    fi
    echo "ok: $(basename "$playbook") refused: $message"
}

# expect FILE TEXT...: each TEXT is in FILE (YAML output folded back onto one line).
expect() {
    local file="$1" text
    shift
    tr -s ' \n' ' ' < "$file" > "$file.flat"
    for text in "$@"; do
        if ! grep -qF -- "$text" "$file.flat"; then
            echo "expected in the output: $text" >&2
            cat "$file" >&2
            exit 1
        fi
    done
}

echo "== restore --check prints the plan and changes nothing"
ansible-playbook -i "$config" "$restore" --check "${request[@]}" -e restore_target=staging \
    -e restore_point_in_time=2026-11-17T10:30:00+01:00 > "$work/plan.txt" 2>&1
expect "$work/plan.txt" \
    "restore acme_production at 2026-11-17T09:30:00+00:00 into acme_staging" \
    "safety backup first: databases acme_staging_erp, acme_staging_portal (copy-only full)" \
    "database acme_staging_erp <- acme_production_erp: \\\\vault\\sql\\acme_production_erp\\FULL\\acme_production_erp_FULL_20261115_200030.bak, \\\\vault\\sql\\acme_production_erp\\DIFF\\acme_production_erp_DIFF_20261116_200030.bak," \
    "acme_production_erp_LOG_20261117_100000.trn (stop at 10:30:00 11/17/2026)" \
    "files code <- snapshot 7403f73b (2026-11-16T21:00:00+00:00) of acme_production: acme/staging/config, acme/staging/overrides, acme/staging/addons" \
    "files files <- snapshot 77e21c8f (2026-11-16T21:00:00+00:00) of acme_production: acme/staging/erp_files, acme/staging/portal_files" \
    "neutralise: disable_outgoing_mail, disable_scheduled_jobs" \
    "neutralisation of acme_staging (not production):" \
    "outgoing_mail (every copy): disable_outgoing_mail" \
    "not ebics: tenant acme does not license ebics_ts" \
    "database users: CLOUD\\gg_acme_production, CLOUD\\acme_prd removed; CLOUD\\gg_acme_staging granted db_owner" \
    "marked (extended property divalto_copy of each database): copy of acme_production at 2026-11-17T09:30:00+00:00, taken" \
    "check mode: nothing was changed"
grep -qE "^sql-par1-01 +: ok=0 +changed=0 +unreachable=0 +failed=0" "$work/plan.txt"
grep -qE "^app-par1-01 +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0" "$work/plan.txt"
echo "ok: restore plan"

echo "== restore into production itself is not neutralised"
ansible-playbook -i "$config" "$restore" --check "${request[@]}" \
    -e restore_point_in_time=2026-11-16T21:05:30+01:00 > "$work/self.txt" 2>&1
expect "$work/self.txt" "restore acme_production at 2026-11-16T20:05:30+00:00 into acme_production" \
    "acme_production_erp_DIFF_20261116_200030.bak'" "neutralise: no (production target)"
echo "ok: restore plan into production"

echo "== a granular restore of one file: into the side directory, nothing replaced, nothing quiesced"
ansible-playbook -i "$config" "$restore" --check "${request[@]}" -e restore_target=staging \
    -e restore_point_in_time=2026-11-17T10:30:00+01:00 -e restore_scope=files \
    -e '{"restore_paths": ["erp_files/2026/11/invoice-4711.pdf"]}' > "$work/side.txt" 2>&1
expect "$work/side.txt" \
    "scope files: 1 path(s) into the side directory acme/staging/restored/20261117T230000Z" \
    "files files <- snapshot 77e21c8f (2026-11-16T21:00:00+00:00) of acme_production: acme/staging/restored/20261117T230000Z/erp_files/2026/11/invoice-4711.pdf" \
    "check mode: nothing was changed"
if grep -qE "safety backup first|quiesced during the restore|^database |neutralise:" "$work/side.txt.flat"; then
    echo "a side restore of one file plans a safety backup, a quiesce, a database or a neutralisation" >&2
    cat "$work/side.txt" >&2
    exit 1
fi
echo "ok: granular restore plan"

echo "== restore refusals (the request: tests/integration/targets/playbook_request_checks)"
refuses "$restore" "restore_target: cross-tenant restore refused: cobalt_production is an environment of tenant cobalt, not of acme; a restore stays within one tenant" \
    --check "${request[@]}" -e restore_target=cobalt_production -e restore_point_in_time=2026-11-17T10:30:00+01:00
refuses "$restore" "restore_target: tenant acme has no environment 'training' (its environments: production, staging, testing)" \
    --check "${request[@]}" -e restore_target=training -e restore_point_in_time=2026-11-17T10:30:00+01:00
refuses "$restore" "cannot plan the restore: database acme_production_erp: the point in time 2026-11-15T11:00:00+00:00 is before the first full backup, which ended at 2026-11-15T20:05:30+00:00" \
    --check "${request[@]}" -e restore_point_in_time=2026-11-15T12:00:00+01:00
refuses "$restore" "restore_point_in_time: 2026-11-18T00:30:00+00:00 is in the future (now is 2026-11-17T23:00:00+00:00)" \
    --check "${request[@]}" -e restore_point_in_time=2026-11-18T01:30:00+01:00
python3 - "$history" "$work/gap" <<'PY'
import json, os, sys
os.makedirs(sys.argv[2])
records = json.load(open(sys.argv[1] + "/sql_history.json"))
gap = [r for r in records if not (r["Database"] == "acme_production_erp" and r["Type"] == "Log"
                                 and r["Start"] == "2026-11-17T08:00:00+01:00")]
assert len(gap) == len(records) - 1, "the recorded history changed: update this test"
json.dump(gap, open(sys.argv[2] + "/sql_history.json", "w"))
open(sys.argv[2] + "/restic_snapshots.json", "w").write(open(sys.argv[1] + "/restic_snapshots.json").read())
PY
refuses "$restore" "cannot plan the restore: database acme_production_erp: gap in the log chain: the backups end at LSN" \
    --check -e restore_tenant=acme -e restore_source=production -e restore_now=2026-11-18T00:00:00+01:00 \
    -e "restore_history_dir=$work/gap" -e restore_point_in_time=2026-11-17T10:30:00+01:00
refuses "$restore" "restore_tenant: is required: -e restore_tenant=<tenant> -e restore_source=<environment type>" --check

echo "== drill --check prints the plan, and no play of the drill targets the DMZ"
drill_args=(-e dr_tenant=acme -e dr_decision_time=2026-11-17T23:30:00+01:00 -e dr_now=2026-11-17T23:30:00+01:00
            -e "dr_history_dir=$history")
ansible-playbook -i "$config" "$drill" --check "${drill_args[@]}" -e "dr_report_dir=$work/reports" > "$work/drill.txt" 2>&1
expect "$work/drill.txt" \
    "drill into sxb1 at decision time 2026-11-17T22:30:00+00:00: pool app-sxb1-a, SQL pair sql-sxb1-a, file pair fs-sxb1-a" \
    "1. acme_production (production): acme_production_erp_drill <- 4 file(s), acme_production_portal_drill <- 4 file(s); snapshots code 2852d0c0, files 6fed82bb; data loss 0.42 h (databases), 1.5 h (code), 1.5 h (files)" \
    "3. acme_testing: no database; snapshots none" \
    "drill: the DMZ routing is not touched" \
    "check mode: nothing was changed"
if [ -e "$work/reports" ]; then
    echo "the drill wrote a report in check mode" >&2
    exit 1
fi
ansible-playbook -i "$config" "$drill" --list-hosts "${drill_args[@]}" > "$work/hosts.txt" 2>&1
if grep -E "^ +dmz-" "$work/hosts.txt"; then
    echo "a play of dr_drill.yml targets a DMZ reverse proxy" >&2
    exit 1
fi
ansible-playbook -i "$config" "$drill" --list-tasks "${drill_args[@]}" > "$work/tasks.txt" 2>&1
if grep -v "^ *play #" "$work/tasks.txt" | grep -qi "reverse.proxy\|dmz"; then
    echo "a task of dr_drill.yml concerns the DMZ" >&2
    exit 1
fi
echo "ok: drill plan, no DMZ"

echo "== failover: refused without confirmation, plan in check mode"
refuses "$failover" "failover refused: it moves every environment into the recovery datacenter; confirm with -e dr_confirm=sxb1 (the recovery datacenter's name), got 'par1'" \
    --check -e dr_confirm=par1
refuses "$failover" "confirm with -e dr_confirm=sxb1 (the recovery datacenter's name), got ''"
ansible-playbook -i "$config" "$failover" --check -e dr_confirm=sxb1 -e '{"dr_priorities": {"dentelles": 1}}' \
    -e dr_decision_time=2026-11-17T23:30:00+01:00 -e dr_now=2026-11-17T23:30:00+01:00 \
    -e "dr_history_dir=$history" > "$work/failover.txt" 2>&1
expect "$work/failover.txt" \
    "failover into sxb1 at decision time 2026-11-17T22:30:00+00:00" \
    "1. dentelles_production (production)" \
    "2. acme_production (production): acme_production_erp <- 4 file(s)" \
    "then repoint the DMZ: the reverse proxies role_reverse_proxy:&dc_sxb1 serve the environments above" \
    "check mode: nothing was changed"
if grep -q "UNREACHABLE" "$work/failover.txt"; then
    echo "a machine was contacted" >&2
    exit 1
fi
echo "playbook_restore: all checks passed"
