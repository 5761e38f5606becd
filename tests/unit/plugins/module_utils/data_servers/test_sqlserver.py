# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SQL Server instance settings and the databases and logins of a SQL HA pair."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.data_servers.sqlserver import (
    SqlServerPlanError,
    databases_plan,
    instance_settings,
    max_server_memory_mb,
    split_quota_mb,
)


@pytest.mark.parametrize(
    "memory_gb, expected",
    [(128, 131072 - 13108), (64, 65536 - 6554), (32, 32768 - 4096), (16, 16384 - 4096), (8, 8192 - 4096), (6, 2048)],
)
def test_max_server_memory_documented_formula(memory_gb, expected):
    assert max_server_memory_mb(memory_gb) == expected


def test_max_server_memory_leaves_at_least_1024_mb():
    assert max_server_memory_mb(5) == 1024


def test_max_server_memory_custom_reserve():
    assert max_server_memory_mb(64, reserve_min_gb=2, reserve_percent=0) == 65536 - 2048
    assert max_server_memory_mb(64, reserve_min_gb=0, reserve_percent=25) == 49152


@pytest.mark.parametrize(
    "arguments, message",
    [
        ((0,), "memory_gb must be at least 1, got 0"),
        (("64",), "memory_gb must be a number, got '64'"),
        ((True,), "memory_gb must be a number, got True"),
        ((64, -1), "reserve_min_gb must be at least 0, got -1"),
        ((64, 4, -5), "reserve_percent must be at least 0, got -5"),
        ((64, 4, 100), "reserve_percent must be below 100, got 100"),
        ((4,), "a machine of 4 GB keeps 4096 MB for Windows and leaves SQL Server 0 MB, below 1024 MB"),
    ],
)
def test_max_server_memory_errors(arguments, message):
    with pytest.raises(SqlServerPlanError, match=message):
        max_server_memory_mb(*arguments)


def test_instance_settings(example_model):
    machine = example_model["hosts"]["sql-par1-01"]["divalto_machine"]
    assert instance_settings(machine) == {
        "max_memory_mb": 117964,
        "sp_configure": [
            {"name": "backup compression default", "value": 1},
            {"name": "backup checksum default", "value": 1},
        ],
    }
    assert instance_settings(machine, backup_compression=False)["sp_configure"][0] == {
        "name": "backup compression default",
        "value": 0,
    }


@pytest.mark.parametrize(
    "machine, flags, message",
    [
        ("sql-par1-01", {}, r"expected the divalto_machine host variable \(with capacity\), got 'sql-par1-01'"),
        ({"name": "app-1", "role": "app", "capacity": {}}, {}, "machine app-1 has role 'app', not sql"),
        ({"name": "sql-1", "role": "sql", "capacity": {}}, {}, "machine sql-1: capacity lacks memory_gb"),
        (
            {"name": "sql-1", "role": "sql", "capacity": {"memory_gb": 64}},
            {"backup_checksum": "yes"},
            "backup_checksum must be true or false, got 'yes'",
        ),
    ],
)
def test_instance_settings_errors(machine, flags, message):
    with pytest.raises(SqlServerPlanError, match=message):
        instance_settings(machine, **flags)


def test_split_quota_adds_up_exactly():
    shares = {"erp": 80, "portal": 10, "bi": 10}
    assert split_quota_mb(10, ["erp"], shares) == {"erp": 10240}
    assert split_quota_mb(50, ["erp", "portal"], shares) == {"erp": 45512, "portal": 5688}
    sizes = split_quota_mb(30, ["bi", "erp", "portal"], shares)
    assert sizes == {"erp": 24576, "portal": 3072, "bi": 3072}
    assert sum(split_quota_mb(7, ["bi", "erp", "portal"], {"erp": 3, "portal": 3, "bi": 3}).values()) == 7168


@pytest.mark.parametrize("quota", [0, 2.5, "10"])
def test_split_quota_errors(quota):
    with pytest.raises(SqlServerPlanError, match="database_gb must be"):
        split_quota_mb(quota, ["erp"], {"erp": 1})


def test_databases_plan_of_the_example(example_model):
    environments = example_model["vars"]["divalto_environments"]
    plan = databases_plan(environments, "sql-par1-a", "CLOUD")
    assert len(plan["logins"]) == 12
    acme = [database for database in plan["databases"] if database["environment"] == "acme_production"]
    assert acme == [
        {
            "environment": "acme_production",
            "kind": "erp",
            "name": "acme_production_erp",
            "owner": "sa",
            "recovery_model": "Full",
            "max_size_mb": 45512,
            "login": "CLOUD\\gg_acme_production",
            "roles": ["db_owner"],
        },
        {
            "environment": "acme_production",
            "kind": "portal",
            "name": "acme_production_portal",
            "owner": "sa",
            "recovery_model": "Full",
            "max_size_mb": 5688,
            "login": "CLOUD\\gg_acme_production",
            "roles": ["db_owner"],
        },
    ]
    assert plan["logins"][0] == {
        "environment": "acme_production",
        "login": "CLOUD\\gg_acme_production",
        "default_database": "acme_production_erp",
        "databases": ["acme_production_erp", "acme_production_portal"],
    }
    breizh = [database for database in plan["databases"] if database["environment"] == "breizhfood_production"]
    assert [(database["kind"], database["max_size_mb"]) for database in breizh] == [("erp", 27307), ("bi", 3413)]
    for environment in environments.values():
        quota = environment["quota"]["database_gb"] * 1024
        assert sum(d["max_size_mb"] for d in plan["databases"] if d["environment"] == environment["key"]) == quota


def test_databases_plan_other_pair_and_settings(example_model):
    environments = example_model["vars"]["divalto_environments"]
    assert databases_plan(environments, "sql-sxb1-a", "CLOUD") == {"databases": [], "logins": []}
    plan = databases_plan(
        environments,
        "sql-par1-a",
        "cloud.example.net",
        owner="divalto_owner",
        nonproduction_recovery_model="Simple",
        quota_shares={"erp": 1, "portal": 1, "bi": 1},
        roles=["db_datareader", "db_datawriter"],
    )
    models = {database["environment"]: database["recovery_model"] for database in plan["databases"]}
    assert models["acme_production"] == "Full" and models["acme_staging"] == "Simple"
    assert {database["owner"] for database in plan["databases"]} == {"divalto_owner"}
    assert plan["databases"][0]["roles"] == ["db_datareader", "db_datawriter"]
    assert plan["databases"][0]["login"] == "cloud.example.net\\gg_acme_production"


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"environments": []}, r"expected the divalto_environments inventory variable \(a dict\), got \[\]"),
        ({"ha_pair": ""}, "expected the SQL Server's HA pair name, got ''"),
        ({"domain": ""}, "domain must be the Active Directory domain of the environments' groups"),
        ({"domain": "CLOUD\\x"}, "domain must be the Active Directory domain"),
        ({"owner": ""}, "owner must name a login, got ''"),
        (
            {"nonproduction_recovery_model": "full"},
            "nonproduction_recovery_model must be one of Full, Simple, BulkLogged, got 'full'",
        ),
        ({"quota_shares": {}}, "quota_shares must map database kinds to weights, got"),
        ({"quota_shares": {"erp": 0}}, r"quota_shares\['erp'\] must be a positive integer, got 0"),
        ({"quota_shares": {"erp": True}}, r"quota_shares\['erp'\] must be a positive integer, got True"),
        ({"quota_shares": {"portal": 1}}, "quota_shares must give the erp database a weight"),
        (
            {"quota_shares": {"erp": 1}},
            r"environment acme_production: no quota_shares weight for database kind\(s\) portal",
        ),
        ({"roles": "db_owner"}, "roles must be a non-empty list of database roles, got 'db_owner'"),
        ({"roles": []}, r"roles must be a non-empty list of database roles, got \[\]"),
        ({"roles": [""]}, r"roles must be a non-empty list of database roles, got \[''\]"),
    ],
)
def test_databases_plan_argument_errors(example_model, arguments, message):
    call = {"environments": example_model["vars"]["divalto_environments"], "ha_pair": "sql-par1-a", "domain": "CLOUD"}
    call.update(arguments)
    with pytest.raises(SqlServerPlanError, match=message):
        databases_plan(**call)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda envs: envs.update(x_production="x"), "expected an environment record"),
        (lambda envs: envs["cobalt_production"].pop("quota"), "environment record 'cobalt_production' lacks quota"),
        (
            lambda envs: envs["cobalt_production"]["databases"].pop("erp"),
            "environment cobalt_production has no erp database",
        ),
        (
            lambda envs: envs["cobalt_production"]["databases"].update(erp="ACME_production_erp"),
            "database ACME_production_erp is claimed by environments acme_production and cobalt_production",
        ),
    ],
)
def test_databases_plan_record_errors(example_model, change, message):
    environments = copy.deepcopy(example_model["vars"]["divalto_environments"])
    change(environments)
    with pytest.raises(SqlServerPlanError, match=message):
        databases_plan(environments, "sql-par1-a", "CLOUD")
