# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.commission_check and decommission_check filters."""

from __future__ import annotations

import copy

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.commission import (
    FilterModule,
    commission_check,
    decommission_check,
    directory_manage,
)


@pytest.fixture
def example(example_model):
    variables = copy.deepcopy(example_model["vars"])
    return variables["divalto_environments"], variables["divalto_platform"]


def test_filters_are_registered():
    assert FilterModule().filters() == {
        "commission_check": commission_check,
        "decommission_check": decommission_check,
        "directory_manage": directory_manage,
    }


def test_commission_check(example):
    environments, platform = example
    assert commission_check("acme_staging", environments, platform)["files_primary"] == "fs-par1-01"


def test_unknown_key(example):
    environments, platform = example
    with pytest.raises(AnsibleFilterError, match="^commission_check: unknown environment key 'nobody_production': "):
        commission_check("nobody_production", environments, platform)


def test_pool_without_members(example):
    environments, platform = example
    platform["pools"]["app-par1-b"]["members"] = []
    with pytest.raises(
        AnsibleFilterError,
        match="^commission_check: cannot commission acme_staging: application pool app-par1-b has no members",
    ):
        commission_check("acme_staging", environments, platform)


@pytest.mark.parametrize("pair, label", [("sql-par1-a", "SQL"), ("fs-par1-a", "file")])
def test_pair_over_capacity(example, pair, label):
    environments, platform = example
    platform["ha_pairs"][pair]["storage_gb"] = 10
    with pytest.raises(
        AnsibleFilterError,
        match="^commission_check: cannot commission acme_staging: %s pair %s over capacity: " % (label, pair),
    ):
        commission_check("acme_staging", environments, platform)


def test_recovery_datacenter(example):
    environments, platform = example
    environments["acme_staging"]["datacenter"] = "sxb1"
    with pytest.raises(
        AnsibleFilterError,
        match=r"^commission_check: cannot commission acme_staging: placed in datacenter sxb1, whose role is recovery,"
        r" not primary: commission into it only with -e allow_recovery_datacenter=true$",
    ):
        commission_check("acme_staging", environments, platform)
    assert (
        commission_check("acme_staging", environments, platform, allow_recovery_datacenter=True)["datacenter"] == "sxb1"
    )


def test_decommission_check(example):
    environments, platform = example
    assert decommission_check("acme_staging", environments, platform, "acme_staging")["sql_primary"] == "sql-par1-01"
    with pytest.raises(
        AnsibleFilterError,
        match=r"^decommission_check: decommissioning acme_staging removes its databases, share and IIS site:"
        r" confirm with -e confirm=acme_staging \(the exact key\)$",
    ):
        decommission_check("acme_staging", environments, platform, "acme")


def test_directory_manage_follows_the_inventory_s_model_and_refuses_a_bad_switch():
    identity = {"tenants": {}}
    assert directory_manage(None, identity) is True
    assert directory_manage("false", identity) is False
    with pytest.raises(AnsibleFilterError, match="^directory_manage: 1 problem.*\n  - directory_manage: expected true"):
        directory_manage("maybe", identity)
