# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""commission_check and decommission_check: what can still be wrong when an environment is (de)commissioned."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.commissioning.commission import (
    HOW_TO_FIND_KEYS,
    CommissionError,
    commission_check,
    decommission_check,
)


@pytest.fixture
def example(example_model):
    """Editable copies of divalto_environments and divalto_platform of the example."""
    variables = copy.deepcopy(example_model["vars"])
    return variables["divalto_environments"], variables["divalto_platform"]


def test_commission_summary(example):
    environments, platform = example
    summary = commission_check(environments, platform, "acme_staging")
    assert summary == {
        "key": "acme_staging",
        "tenant": "acme",
        "type": "staging",
        "datacenter": "par1",
        "pool": "app-par1-b",
        "pool_members": ["app-par1-04", "app-par1-05"],
        "sql": "sql-par1-a",
        "sql_primary": "sql-par1-01",
        "files": "fs-par1-a",
        "files_primary": "fs-par1-01",
        "capacity": {
            "sql": {"pair": "sql-par1-a", "storage_gb": 1000, "quota_gb": 260, "environments": 12, "requested_gb": 50},
            "files": {"pair": "fs-par1-a", "storage_gb": 2000, "quota_gb": 400, "environments": 4, "requested_gb": 100},
        },
    }


def test_exactly_full_pair_is_accepted(example):
    environments, platform = example
    platform["ha_pairs"]["fs-par1-a"]["storage_gb"] = 400
    assert commission_check(environments, platform, "acme_staging")["capacity"]["files"]["quota_gb"] == 400


@pytest.mark.parametrize("key", [None, "", 3])
def test_missing_key(example, key):
    environments, platform = example
    with pytest.raises(CommissionError) as info:
        commission_check(environments, platform, key)
    assert str(info.value) == (
        "no environment key: run with -e environment_key=<tenant>_<environment> (the keys are"
        " <tenant>_<environment>, the inventory's env_<key> groups:"
        " ansible-inventory -i <inventory> --graph | grep -o 'env_[a-z0-9_]*')"
    )


def test_unknown_key(example):
    environments, platform = example
    with pytest.raises(CommissionError) as info:
        commission_check(environments, platform, "nobody_production")
    assert str(info.value) == "unknown environment key 'nobody_production': " + HOW_TO_FIND_KEYS


def test_pool_without_members(example):
    environments, platform = example
    platform["pools"]["app-par1-b"]["members"] = []
    with pytest.raises(CommissionError) as info:
        commission_check(environments, platform, "acme_staging")
    assert str(info.value) == (
        "cannot commission acme_staging: application pool app-par1-b has no members:"
        " add application servers to it in the registry"
    )


def test_sql_pair_over_capacity(example):
    environments, platform = example
    platform["ha_pairs"]["sql-par1-a"]["storage_gb"] = 259
    with pytest.raises(CommissionError) as info:
        commission_check(environments, platform, "acme_staging")
    assert str(info.value) == (
        "cannot commission acme_staging: SQL pair sql-par1-a over capacity: the database_gb quotas of its"
        " 12 environments total 260 GB, its storage is 259 GB (acme_staging asks 50 GB):"
        " place the environment on another pair or lower a quota"
    )


def test_file_pair_over_capacity(example):
    environments, platform = example
    environments["acme_staging"]["quota"]["files_gb"] = 1701
    with pytest.raises(CommissionError) as info:
        commission_check(environments, platform, "acme_staging")
    assert str(info.value) == (
        "cannot commission acme_staging: file pair fs-par1-a over capacity: the files_gb quotas of its"
        " 4 environments total 2001 GB, its storage is 2000 GB (acme_staging asks 1701 GB):"
        " place the environment on another pair or lower a quota"
    )


def test_recovery_datacenter(example):
    environments, platform = example
    environments["acme_staging"]["datacenter"] = "sxb1"
    message = (
        "cannot commission acme_staging: placed in datacenter sxb1, whose role is recovery, not primary:"
        " commission into it only with -e allow_recovery_datacenter=true"
    )
    with pytest.raises(CommissionError) as info:
        commission_check(environments, platform, "acme_staging")
    assert str(info.value) == message
    assert (
        commission_check(environments, platform, "acme_staging", allow_recovery_datacenter=True)["datacenter"] == "sxb1"
    )


def test_every_problem_is_listed(example):
    environments, platform = example
    platform["pools"]["app-par1-b"]["members"] = []
    platform["ha_pairs"]["sql-par1-a"]["storage_gb"] = 1
    platform["ha_pairs"]["fs-par1-a"]["storage_gb"] = 1
    platform["datacenters"]["par1"]["role"] = "recovery"
    with pytest.raises(CommissionError) as info:
        commission_check(environments, platform, "acme_staging")
    problems = str(info.value).split("; ")
    assert len(problems) == 4
    assert problems[0].startswith("cannot commission acme_staging: application pool app-par1-b has no members")
    assert problems[1].startswith("SQL pair sql-par1-a over capacity")
    assert problems[2].startswith("file pair fs-par1-a over capacity")
    assert problems[3].startswith("placed in datacenter par1, whose role is recovery, not primary")


@pytest.mark.parametrize(
    "environments, platform, message",
    [
        ([], {}, "expected the divalto_environments inventory variable (a dict), got []"),
        (
            {"a_b": {"key": "other"}},
            {},
            "divalto_environments['a_b'] is not the record of environment a_b, got {'key': 'other'}",
        ),
        ({"a_b": {"key": "a_b"}}, None, "expected the divalto_platform inventory variable with its ha_pairs, got None"),
    ],
)
def test_bad_inventory_variables(environments, platform, message):
    with pytest.raises(CommissionError) as info:
        commission_check(environments, platform, "a_b")
    assert str(info.value) == message


def test_placement_not_in_platform(example):
    environments, platform = example
    del platform["ha_pairs"]["fs-par1-a"]
    with pytest.raises(CommissionError) as info:
        commission_check(environments, platform, "acme_staging")
    assert str(info.value) == (
        "environment acme_staging: placement.files 'fs-par1-a' is not in divalto_platform"
        " (inventory not from divalto.cloud.tenants?)"
    )


def test_decommission_confirmed(example):
    environments, platform = example
    summary = decommission_check(environments, platform, "acme_staging", "acme_staging")
    assert summary["sql_primary"] == "sql-par1-01"
    assert summary["files_primary"] == "fs-par1-01"
    assert "capacity" not in summary


def test_decommission_ignores_capacity(example):
    environments, platform = example
    platform["ha_pairs"]["sql-par1-a"]["storage_gb"] = 1
    assert decommission_check(environments, platform, "acme_staging", "acme_staging")["key"] == "acme_staging"


@pytest.mark.parametrize("confirm", [None, "", "acme_staging ", "ACME_STAGING", "acme_testing"])
def test_decommission_not_confirmed(example, confirm):
    environments, platform = example
    with pytest.raises(CommissionError) as info:
        decommission_check(environments, platform, "acme_staging", confirm)
    assert str(info.value) == (
        "decommissioning acme_staging removes its databases, share and IIS site:"
        " confirm with -e confirm=acme_staging (the exact key)"
    )


def test_decommission_unknown_key(example):
    environments, platform = example
    with pytest.raises(CommissionError) as info:
        decommission_check(environments, platform, "nobody_production", "nobody_production")
    assert str(info.value) == "unknown environment key 'nobody_production': " + HOW_TO_FIND_KEYS
