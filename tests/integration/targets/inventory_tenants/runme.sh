#!/usr/bin/env bash
# Integration test of the divalto.cloud.tenants inventory plugin through
# ansible-inventory, the way people and AWX inventory syncs run it.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/../setup_divalto/lib.sh"

divalto_setup --copy-example
work="$DIVALTO_WORK" config="$DIVALTO_CONFIG"

echo "== --list --export on the example"
ansible-inventory -i "$config" --list --export > "$work/list.json"
python3 - "$work/list.json" <<'PY'
import json, sys

def plain(obj):
    # ansible-core 2.19 marks inventory strings as untrusted: {"__ansible_unsafe": value}.
    return obj["__ansible_unsafe"] if list(obj) == ["__ansible_unsafe"] else obj

data = json.load(open(sys.argv[1]), object_hook=plain)
hostvars = data["_meta"]["hostvars"]
assert len(hostvars) == 21, len(hostvars)
assert sorted(data["env_acme_staging"]["hosts"]) == [
    "app-par1-04", "app-par1-05", "fs-par1-01", "fs-par1-02", "sql-par1-01", "sql-par1-02"], data["env_acme_staging"]
assert data["tenant_acme"]["children"] == ["env_acme_production", "env_acme_staging", "env_acme_testing"]
environments = data["all"]["vars"]["divalto_environments"]
assert environments["dentelles_setup"]["service_pack"] == "v2026_erpx13_p224"
# Environment data is stored once: no machine carries it in its own vars.
assert all("divalto_environments" not in v for v in hostvars.values())
assert hostvars["vault-sxb1-01"]["divalto_machine"]["role"] == "backup_vault"
print("list ok: %d hosts, %d groups" % (len(hostvars), len(data) - 1))
PY

echo "== the output is deterministic"
ansible-inventory -i "$config" --list --export > "$work/again.json"
cmp "$work/list.json" "$work/again.json"

echo "== --graph and --limit-style patterns"
ansible-inventory -i "$config" --graph env_cobalt_production > "$work/graph.txt"
grep -q -- "--app-par1-01" "$work/graph.txt"
test "$(ansible -i "$config" 'env_acme_staging:&role_sql' --list-hosts | tail -n +2 | wc -l)" -eq 2

echo "== an invalid registry produces no inventory and a non-zero exit"
sed -i 's/service_pack: v2025_erpx12_p310/service_pack: v2099_erpx99_p999/' "$work/example/registry/tenants/breizhfood.yml"
sed -i 's/sql: sql-par1-a/sql: sql-par1-q/' "$work/example/registry/tenants/cobalt.yml"
if ansible-inventory -i "$config" --list --export > "$work/bad.json" 2> "$work/bad.err"; then
    echo "ansible-inventory accepted an invalid registry" >&2
    exit 1
fi
grep -q "invalid tenant registry: 3 problems" "$work/bad.err"
grep -q "tenants/breizhfood.yml: tenant breizhfood: environments.production.service_pack: expected a version of the service-pack catalogue, got 'v2099_erpx99_p999'" "$work/bad.err"
grep -q "tenants/cobalt.yml: tenant cobalt: environments.production.placement.sql: expected an HA pair of role sql declared by the machines, got unknown 'sql-par1-q'" "$work/bad.err"
if grep -q '"app-par1-01"' "$work/bad.json"; then
    echo "a partial inventory was printed" >&2
    exit 1
fi
echo "inventory_tenants: all checks passed"
