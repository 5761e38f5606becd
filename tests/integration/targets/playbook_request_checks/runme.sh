#!/usr/bin/env bash
# Integration test of the request checks of every playbook that takes a request (restore.yml, switch_service_pack.yml,
# dr_drill.yml, dr_failover.yml, backup_compliance.yml, backup_restore_test.yml, storage_report.yml, health_check.yml,
# asset_inventory.yml, sla_report.yml, import_database.yml) on the example inventory (docs/restore.md,
# docs/service_packs.md, docs/backups.md,
# docs/reports.md, docs/sla.md): a bad request fails in the FIRST play, on the
# controller, with ONE message that lists every problem (each naming its variable, a bad value shown as a short
# excerpt), and no machine is contacted. Every host is pointed at a closed port of this machine (127.0.0.1:9, never
# an address of the inventory), so that a connection attempt would fail as UNREACHABLE; the last check shows that
# it does once a good request gets past the check.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/../setup_divalto/lib.sh"

export ANSIBLE_CALLBACK_RESULT_FORMAT=yaml
divalto_setup
root="$DIVALTO_ROOT" work="$DIVALTO_WORK" config="$DIVALTO_CONFIG"
restore="$root/playbooks/restore.yml"
switch="$root/playbooks/switch_service_pack.yml"
book() { echo "$root/playbooks/$1.yml"; }
nowhere=(-e ansible_connection=ssh -e ansible_host=127.0.0.1 -e ansible_port=9)

# refused PLAYBOOK COUNT TEXT... -- ARGS...: the run fails (exit 2) in the first play's check, which counts
# "COUNT problem(s)" and prints each TEXT; nothing else ran and no machine was contacted.
refused() {
    local playbook="$1" count="$2" rc=0 text hosts
    shift 2
    local texts=()
    while [ "$1" != "--" ]; do texts+=("$1"); shift; done
    shift
    ansible-playbook -i "$config" "$playbook" --check "${nowhere[@]}" "$@" > "$work/out.txt" 2>&1 || rc=$?
    tr -s ' \n' ' ' < "$work/out.txt" > "$work/flat.txt"
    fail() { echo "$(basename "$playbook"): $*" >&2; cat "$work/out.txt" >&2; exit 1; }
    [ "$rc" -eq 2 ] || fail "expected exit code 2, got $rc"
    grep -qF "request: $count problem" "$work/flat.txt" || fail "expected $count problem(s)"
    for text in "${texts[@]}"; do
        grep -qF -- "$text" "$work/flat.txt" || fail "expected the problem: $text"
    done
    # Only the first play ran, its check failed on the controller (delegated to localhost), once.
    [ "$(grep -c '^PLAY \[' "$work/out.txt")" -eq 1 ] || fail "a play after the check ran"
    grep -qE '^PLAY \[Check the whole [A-Za-z ]+ request on the controller\]' "$work/out.txt" \
        || fail "the first play is not the request check"
    grep -qE '^fatal: \[[a-z0-9-]+ -> localhost\]: FAILED!' "$work/out.txt" || fail "the check did not fail on localhost"
    # No machine contacted: nothing unreachable, one host in the recap, with nothing done.
    if grep -qiE 'unreachable!|unreachable: true|Failed to connect' "$work/out.txt"; then
        fail "a machine was contacted"
    fi
    hosts=$(sed -n '/^PLAY RECAP/,$p' "$work/out.txt" | grep -cE '^[a-z0-9-]+ +: ' || true)
    [ "$hosts" -eq 1 ] || fail "expected one host in the recap, got $hosts"
    sed -n '/^PLAY RECAP/,$p' "$work/out.txt" | grep -qE ': ok=0 +changed=0 +unreachable=0 +failed=1 ' \
        || fail "the recap shows work done"
    echo "ok: $(basename "$playbook") refused: $count problem(s) listed at once, nothing contacted"
}

echo "== restore.yml: every problem of the request at once"
refused "$restore" 5 \
    "restore_source: tenant acme has no environment 'prodution' (its environments: production, staging, testing) (did you mean 'production'?)" \
    "restore_target: cross-tenant restore refused: cobalt_production is an environment of tenant cobalt, not of acme; a restore stays within one tenant" \
    "restore_point_in_time: 'yesterday' is not a strict ISO 8601 time with a UTC offset" \
    "restore_history_days: expected an integer, got a string 'lots'" \
    "restore_neutralise_steps: expected a list of steps (each name, sql, database, description), got a string 'UPDATE x SET y = 0'" \
    -- -e restore_tenant=acme -e restore_source=prodution -e restore_target=cobalt_production \
       -e restore_point_in_time=yesterday -e restore_history_days=lots \
       -e '{"restore_neutralise_steps": "UPDATE x SET y = 0"}'

echo "== restore.yml: a naive time, an environment key instead of its type"
refused "$restore" 2 \
    "restore_target: give the environment type staging, not its key acme_staging (the plays select env_<tenant>_<type>)" \
    "restore_point_in_time: '2026-11-17T10:30:00' has no UTC offset, which is ambiguous across daylight-saving changes" \
    -- -e restore_tenant=acme -e restore_source=production -e restore_target=acme_staging \
       -e restore_point_in_time=2026-11-17T10:30:00

echo "== restore.yml: a copy into an older service pack, refused unless forced with a reason"
refused "$restore" 1 \
    "restore_target: dentelles_staging runs the service pack v2026_erpx13_p223a, older than v2026_erpx13_p224 of dentelles_setup" \
    -- -e restore_tenant=dentelles -e restore_source=setup -e restore_target=staging \
       -e restore_point_in_time=2026-11-17T10:30:00+01:00
refused "$restore" 1 \
    "restore_reason: is required with restore_force_older_service_pack=true" \
    -- -e restore_tenant=dentelles -e restore_source=setup -e restore_target=staging \
       -e restore_point_in_time=2026-11-17T10:30:00+01:00 -e restore_force_older_service_pack=true

echo "== restore.yml: a point in time in the future, before the SQL and file primaries are asked for their history"
refused "$restore" 1 \
    "restore_point_in_time: 2026-11-18T00:30:00+00:00 is in the future (now is 2026-11-17T23:00:00+00:00)" \
    -- -e restore_tenant=acme -e restore_source=production -e restore_now=2026-11-18T00:00:00+01:00 \
       -e restore_point_in_time=2026-11-18T01:30:00+01:00
refused "$restore" 1 "restore_point_in_time: 2998-12-31T23:00:00+00:00 is in the future (now is" \
    -- -e restore_tenant=acme -e restore_source=production -e restore_point_in_time=2999-01-01T00:00:00+01:00

echo "== restore.yml: a granular restore, every problem of its scope, paths and confirmation at once"
refused "$restore" 5 \
    "restore_paths[0]: '/srv/divalto/tenants/acme/staging/erp_files/x.pdf' is absolute: give a path relative to the environment directory" \
    "restore_paths[1]: 'erp_files/../../../cobalt/production/erp_files' contains '..': a restore stays inside the environment directory" \
    "restore_paths[2]: 'restored/20261118T000000Z/x.pdf' does not start with a directory of the environment (addons, config, erp_files, overrides, portal_files)" \
    "restore_paths[3]: 'erp_files/*.pdf' contains a pattern character (* ? [ ]): name the file or folder itself" \
    "restore_confirm: 'acme_production' is not the target environment's key: an in-place restore replaces files of the environment, confirm it with its key" \
    -- -e restore_tenant=acme -e restore_source=production -e restore_target=staging \
       -e restore_point_in_time=2026-11-17T10:30:00+01:00 -e restore_scope=files -e restore_in_place=true \
       -e restore_confirm=acme_production \
       -e '{"restore_paths": ["/srv/divalto/tenants/acme/staging/erp_files/x.pdf", "erp_files/../../../cobalt/production/erp_files", "restored/20261118T000000Z/x.pdf", "erp_files/*.pdf"]}'
refused "$restore" 3 \
    "restore_scope: 'everything' is not a scope (known: both, databases, files)" \
    "restore_paths: expected a list, got the string 'erp_files/x.pdf' (a string is not a list of its characters)" \
    "restore_confirm: given without restore_in_place=true: there is nothing to confirm" \
    -- -e restore_tenant=acme -e restore_source=production -e restore_point_in_time=2026-11-17T10:30:00+01:00 \
       -e restore_scope=everything -e restore_paths=erp_files/x.pdf -e restore_confirm=acme_production

echo "== restore.yml: a client's restore on a Wednesday evening, outside service hours, needs a reason"
refused "$restore" 1 \
    "restore_reason: is required: a client's restore outside service hours (now wed 2026-11-18 22:00:00 CET (+01:00)) needs a reason, kept in the report" \
    -- -e restore_tenant=acme -e restore_source=production -e restore_now=2026-11-18T22:00:00+01:00 \
       -e restore_point_in_time=2026-11-17T10:30:00+01:00 -e restore_client_request=true

echo "== restore.yml: nothing given, empty values"
refused "$restore" 3 "restore_tenant: is required: -e restore_tenant=<tenant>" \
    "restore_source: is required: an environment type" \
    "restore_point_in_time: is required: ISO 8601 with a UTC offset, e.g. 2026-11-26T14:30:00+01:00" --
refused "$restore" 3 "restore_tenant: is required" "restore_source: is required" \
    "restore_point_in_time: is required" -- -e restore_tenant= -e restore_source= -e restore_point_in_time=

echo "== restore.yml: hostile values are shown as short excerpts"
python3 - "$work/hostile.json" <<'PY'
import json, sys
json.dump({"restore_tenant": "x" * 100000, "restore_source": ["production"],
           "restore_point_in_time": "2026-11-17T10:30:00+01:00" * 4000, "restore_report_dir": {"a": 1}},
          open(sys.argv[1], "w"))
PY
refused "$restore" 4 \
    "restore_tenant: too long: 100000 characters (at most 1024): 'xxxxxxxxxx" "... (100002 characters)" \
    "restore_source: expected a string, got a list of 1 item(s)" \
    "restore_point_in_time: '2026-11-17T10:30:00+01:002026-11-17T10:30:00+01:002026-11-1... (100002 characters) is not a strict ISO 8601 time" \
    "restore_report_dir: expected a string, got a dict of 1 item(s)" \
    -- -e "@$work/hostile.json"
size=$(wc -c < "$work/out.txt")
[ "$size" -lt 20000 ] || { echo "the refusal printed $size bytes: a whole hostile value?" >&2; exit 1; }

echo "== restore.yml: an unknown tenant"
refused "$restore" 1 \
    "restore_tenant: 'acmee' is not a tenant of the inventory (known: acme, breizhfood, cobalt, dentelles) (did you mean 'acme'?)" \
    -- -e restore_tenant=acmee -e restore_source=production -e restore_point_in_time=2026-11-17T10:30:00+01:00

echo "== switch_service_pack.yml: a string instead of a list is refused, not iterated"
refused "$switch" 3 \
    "switch_environments: expected a list, got the string 'staging' (a string is not a list of its characters): give a list, -e '{\"switch_environments\": [\"staging\"]}'" \
    "switch_version: 'v2026_erpx13_p999' is not a version of the service-pack catalogue (known: v2025_erpx12_p310, v2026_erpx13_p223a, v2026_erpx13_p224)" \
    "rollback: give either switch_version or rollback=true, not both" \
    -- -e tenant=acme -e switch_environments=staging -e switch_version=v2026_erpx13_p999 -e rollback=true
if grep -qF "unknown environment 's'" "$work/out.txt"; then
    echo "switch_service_pack.yml iterated the string" >&2
    exit 1
fi

echo "== switch_service_pack.yml: every bad environment named, another tenant's refused"
refused "$switch" 4 \
    "switch_environments[0]: tenant acme has no environment 'stagin' (its environments: production, staging, testing) (did you mean 'staging'?)" \
    "switch_environments[1]: cobalt_production belongs to tenant cobalt, not acme: a switch moves the environments of one tenant" \
    "switch_environments[2]: is empty" \
    "rollback: expected true or false, got a string 'maybe'" \
    -- -e tenant=acme -e '{"switch_environments": ["stagin", "cobalt_production", ""]}' -e rollback=maybe

echo "== switch_service_pack.yml: no tenant; an unknown tenant and a mapping instead of a list"
refused "$switch" 1 "tenant: is required: -e tenant=<tenant>" -- -e '{"switch_environments": ["staging"]}'
refused "$switch" 2 \
    "tenant: 'acmee' is not a tenant of the inventory (known: acme, breizhfood, cobalt, dentelles) (did you mean 'acme'?)" \
    "switch_environments: expected a list, got a dict of 1 item(s)" \
    -- -e tenant=acmee -e '{"switch_environments": {"staging": true}}'

echo "== dr_drill.yml: an unknown tenant, a word for a time, an unsafe drill suffix, a priority of no tenant"
refused "$(book dr_drill)" 4 \
    "dr_tenant: 'acmee' is not a tenant of the inventory (known: acme, breizhfood, cobalt, dentelles) (did you mean 'acme'?)" \
    "dr_decision_time: 'yesterday' is not a strict ISO 8601 time with a UTC offset" \
    "dr_priorities: 'cobolt' is not a tenant of the inventory" \
    "dr_drill_suffix: '_drill; DROP' is not a name (letters, digits, _ and -, at most 64)" \
    -- -e dr_tenant=acmee -e dr_decision_time=yesterday -e '{"dr_priorities": {"cobolt": 1}}' \
       -e '{"dr_drill_suffix": "_drill; DROP"}'

echo "== dr_failover.yml: a decision in the future, a wrong confirmation, a path that climbs out"
refused "$(book dr_failover)" 3 \
    "dr_decision_time: 2027-01-01T00:00:00+00:00 is in the future (now is 2026-11-17T22:30:00+00:00)" \
    "dr_confirm: failover refused: it moves every environment into the recovery datacenter; confirm with -e dr_confirm=sxb1 (the recovery datacenter's name), got 'par1'" \
    "dr_report_dir: '/srv/reports/../../etc' has a '..' component" \
    -- -e dr_confirm=par1 -e dr_now=2026-11-17T23:30:00+01:00 -e dr_decision_time=2027-01-01T00:00:00Z \
       -e dr_report_dir=/srv/reports/../../etc

echo "== backup_compliance.yml, backup_restore_test.yml: types, times, environments, parts"
refused "$(book backup_compliance)" 3 \
    "backup_compliance_now: '2026-11-17 10:00' is not a strict ISO 8601 time with a UTC offset" \
    "backup_compliance_fail_on_violation: expected true or false, got a string 'sometimes'" \
    "backup_compliance_vault_root: 'srv/backup' is not an absolute POSIX path" \
    -- -e "backup_compliance_now='2026-11-17 10:00'" -e backup_compliance_fail_on_violation=sometimes \
       -e backup_compliance_vault_root=srv/backup
refused "$(book backup_restore_test)" 3 \
    "restore_test_environment: 'acme_prod' is not an environment of the inventory" \
    "restore_test_parts: expected a list, got the string 'sql'" \
    "restore_test_checkdb_timeout: expected an integer from 60 to 604800, got 5" \
    -- -e restore_test_environment=acme_prod -e restore_test_parts=sql -e restore_test_checkdb_timeout=5
refused "$(book backup_restore_test)" 2 \
    "restore_test_parts[0]: 'logs' is not an accepted value (known: sql, files)" \
    "restore_test_sql_backup_root: '/var/backup' is not an absolute Windows path" \
    -- -e '{"restore_test_parts": ["logs", "files"]}' -e restore_test_sql_backup_root=/var/backup

echo "== storage_report.yml, health_check.yml, asset_inventory.yml: bounds, paths, names"
refused "$(book storage_report)" 2 \
    "storage_report_root_windows: 'D:divalto' is not an absolute Windows path" \
    "storage_report_extension_units: files_gb is missing (units: database_gb, files_gb)" \
    -- -e storage_report_root_windows=D:divalto -e '{"storage_report_extension_units": {"database_gb": 10}}'
refused "$(book health_check)" 4 \
    "health_check_connect_timeout: expected an integer, got a string 'soon'" \
    "health_check_dmz_path: 'health' is not a URL path: it starts with /" \
    "health_check_dmz_status: expected an integer from 100 to 599, got 9999" \
    "health_check_zabbix_port: expected an integer from 1 to 65535, got 70000" \
    -- -e health_check_connect_timeout=soon -e health_check_dmz_path=health -e health_check_dmz_status=9999 \
       -e health_check_zabbix_port=70000
refused "$(book asset_inventory)" 2 \
    "asset_inventory_hpf_service: 'Dhs Xlan' is not a name" \
    "asset_inventory_service_pack_root_linux: '/srv/../packs' has a '..' component" \
    -- -e '{"asset_inventory_hpf_service": "Dhs Xlan"}' -e asset_inventory_service_pack_root_linux=/srv/../packs

echo "== sla_report.yml: no export, a period that ends before it starts, a target that is not a ratio"
refused "$(book sla_report)" 3 \
    "sla_report_outages: is required: -e sla_report_outages=<path to a .csv or .json export>" \
    "sla_report_period_end: 2024-01-01T00:00:00+01:00 is not after the period's start 2025-01-01T00:00:00+01:00" \
    "sla_report_target: expected a number from 0.5 to 1.0, got 99.4" \
    -- -e sla_report_period_start=2025-01-01T00:00:00+01:00 -e sla_report_period_end=2024-01-01T00:00:00+01:00 \
       -e sla_report_target=99.4

echo "== import_database.yml: production, a path, a bad checksum, a wrong confirmation, no reason, all at once"
refused "$(book import_database)" 5 \
    "import_target: acme_production is a production environment: a client's database is imported into a non-production environment" \
    "import_file: '../in/x.bak' is a path: give the file's name only" \
    "import_sha256: '1234' is not a SHA-256 (64 hexadecimal digits)" \
    "import_confirm: is required: the target environment's key" \
    "import_reason: is required: why (the ticket), kept in the report" \
    -- -e import_tenant=acme -e import_target=production -e import_file=../in/x.bak -e import_sha256=1234
refused "$(book import_database)" 2 \
    "import_database: 'bi' is not a database of acme_staging (its databases: erp (acme_staging_erp), portal (acme_staging_portal))" \
    "import_confirm: 'acme_production' is not the target environment's key" \
    -- -e import_tenant=acme -e import_target=staging -e import_file=x.bak -e import_database=bi \
       -e import_confirm=acme_production -e import_reason=takeover

echo "== import_database.yml: a good request reaches the file primary only; nothing goes further unless it checked the file"
rc=0
ansible-playbook -i "$config" "$(book import_database)" --check "${nowhere[@]}" -e import_tenant=acme \
    -e import_target=staging -e "import_file='ACME 1.bak'" -e import_confirm=acme_staging -e import_reason=takeover \
    > "$work/out.txt" 2>&1 || rc=$?
tr -s ' \n' ' ' < "$work/out.txt" > "$work/flat.txt"
if [ "$rc" -eq 0 ] || ! grep -qE '^fatal: \[fs-par1-01\]: UNREACHABLE!' "$work/out.txt" \
        || ! grep -qF "/srv/divalto/tenants/acme/staging/exchange/in/ACME 1.bak was not checked on fs-par1-01" "$work/flat.txt" \
        || grep -qE '^PLAY \[(Quiesce|Write)' "$work/out.txt"; then
    echo "import_database.yml: expected the file primary (only) contacted and the run stopped before the SQL primary (rc $rc)" >&2
    cat "$work/out.txt" >&2
    exit 1
fi
echo "ok: import_database.yml stops when the file was not checked"

echo "== control: a good request passes the check, and only then is a machine contacted (here refused on 127.0.0.1:9)"
rc=0
ansible-playbook -i "$config" "$switch" --check "${nowhere[@]}" -e tenant=acme \
    -e '{"switch_environments": ["staging"]}' > "$work/out.txt" 2>&1 || rc=$?
if [ "$rc" -eq 0 ] || ! grep -qF "Failed to connect to the host via ssh" "$work/out.txt" \
        || ! grep -qE '^PLAY \[Switch the environments on their file servers\]' "$work/out.txt"; then
    echo "the good request did not get past the check to the file servers (rc $rc)" >&2
    cat "$work/out.txt" >&2
    exit 1
fi
echo "ok: a good request gets past the check"
echo "playbook_request_checks: all checks passed"
