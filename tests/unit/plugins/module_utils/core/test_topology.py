# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Machines, pools, HA pairs and who serves what."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import (
    backup_vault,
    backup_vault_addresses,
    backup_vaults,
    ha_pairs,
    machines_of,
    pair_allocation,
    pair_storage_gb,
    patch_cadences,
    pool_members,
    proxies_by_datacenter,
    safe_group_name,
    serving_machines,
)


def machine(role, dc="par1", storage=100, **extra):
    return dict(role=role, datacenter=dc, capacity={"storage_gb": storage}, **extra)


PLATFORM = {
    "machines": {
        "app-2": machine("app", pool="pool-a"),
        "app-1": machine("app", pool="pool-a"),
        "sql-1": machine("sql", storage=500, ha_pair="sql-a", ha_member="primary"),
        "sql-2": machine("sql", storage=400, ha_pair="sql-a", ha_member="secondary"),
        "fs-1": machine("file", ha_pair="fs-a", ha_member="primary"),
        "fs-2": machine("file", dc="sxb1", ha_pair="fs-a", ha_member="primary"),
        "dmz-2": machine("reverse_proxy", dc="sxb1"),
        "dmz-1": machine("reverse_proxy"),
    },
    "patching": {
        "monthly": [{"component": "os", "roles": ["app", "sql", "file", "reverse_proxy"]}],
        "quarterly": [{"component": "sqlserver", "roles": ["sql"]}],
    },
}


def test_pool_members_are_sorted():
    assert pool_members(PLATFORM) == {"pool-a": ["app-1", "app-2"]}


def test_ha_pairs_keep_invalid_membership_visible():
    pairs = ha_pairs(PLATFORM)
    assert pairs["sql-a"]["members"] == {"primary": ["sql-1"], "secondary": ["sql-2"]}
    assert pairs["fs-a"]["members"] == {"primary": ["fs-1", "fs-2"], "secondary": []}
    assert pairs["fs-a"]["datacenters"] == {"par1", "sxb1"}


def test_pair_storage_is_its_smallest_member():
    assert pair_storage_gb(PLATFORM, ["sql-1", "sql-2"]) == 400
    assert pair_storage_gb(PLATFORM, []) == 0


def test_serving_machines():
    placement = {"pool": "pool-a", "sql": "sql-a", "files": "fs-a"}
    assert serving_machines(placement, pool_members(PLATFORM), ha_pairs(PLATFORM)) == [
        "app-1",
        "app-2",
        "fs-1",
        "fs-2",
        "sql-1",
        "sql-2",
    ]


def test_proxies_by_datacenter():
    assert proxies_by_datacenter(PLATFORM) == {"par1": ["dmz-1"], "sxb1": ["dmz-2"]}


def test_machines_of_a_role_and_datacenter():
    assert machines_of(PLATFORM["machines"], role="app") == ["app-1", "app-2"]
    assert machines_of(PLATFORM["machines"], datacenter="sxb1") == ["dmz-2", "fs-2"]
    assert machines_of(PLATFORM["machines"], role="file", datacenter="sxb1") == ["fs-2"]
    assert machines_of(PLATFORM["machines"], role="backup_vault") == []


def test_the_backup_vault_of_a_datacenter_is_its_first_by_name():
    machines = dict(
        PLATFORM["machines"],
        **{
            "vault-b": machine("backup_vault", dc="sxb1"),
            "vault-a": machine("backup_vault", dc="sxb1"),
            "vault-c": machine("backup_vault"),
        },
    )
    assert backup_vault(machines, "sxb1") == "vault-a"
    assert backup_vault(machines, "par1") == "vault-c"
    assert backup_vault(PLATFORM["machines"], "sxb1") is None
    # Every datacenter's at once, the same choice: the restores read where the backups were written.
    assert backup_vaults(machines) == {"sxb1": "vault-a", "par1": "vault-c"}
    assert backup_vaults(PLATFORM["machines"]) == {}


def test_the_address_of_each_datacenters_backup_vault():
    machines = {
        "vault-b": machine("backup_vault", dc="sxb1", address="10.0.0.2"),
        "vault-a": machine("backup_vault", dc="sxb1", address="10.0.0.1"),
        "app-1": machine("app", dc="sxb1", address="10.0.0.3"),
    }
    assert backup_vault_addresses(machines) == {"sxb1": "10.0.0.1"}


def test_patch_cadences_by_role():
    assert patch_cadences(PLATFORM, "sql") == ["monthly", "quarterly"]
    assert patch_cadences(PLATFORM, "app") == ["monthly"]
    assert patch_cadences(PLATFORM, "backup_vault") == []


def test_safe_group_name():
    assert safe_group_name("app-par1-a") == "app_par1_a"
    assert safe_group_name("fs.par1") == "fs_par1"


def test_pair_allocation(example_model):
    environments = example_model["vars"]["divalto_environments"]
    sql = pair_allocation(environments, "sql-par1-a", "sql")
    assert len(sql["environments"]) == 12
    assert (sql["allocated_gb"], sql["extensions_gb"]) == (260, 140)
    files = pair_allocation(environments, "fs-par1-a", "file")
    assert files["environments"] == ["acme_production", "acme_staging", "acme_testing", "cobalt_production"]
    assert (files["allocated_gb"], files["extensions_gb"]) == (400, 200)
    assert pair_allocation(environments, "sql-sxb1-a", "sql") == {
        "environments": [],
        "allocated_gb": 0,
        "extensions_gb": 0,
    }
