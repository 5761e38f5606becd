# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for the patching filter (a thin wrapper: results and errors)."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter import patching as patch_filter

PLATFORM = {
    "settings": {"ports": {"https": 443, "http": 80, "xlan": 1235}},
    "pools": {"web": {"datacenter": "dc1", "max_drained": 1, "min_capacity": 0, "members": ["app1"]}},
    "patching": {"monthly": [{"component": "probe", "roles": ["app"], "packages": ["divalto-probe"]}]},
}
PLATFORM["machines"] = {
    "app1": {"role": "app", "zone": "processing", "os": "linux", "datacenter": "dc1", "ring": "prod", "pool": "web"},
}


def test_filters_are_registered():
    assert sorted(patch_filter.FilterModule().filters()) == ["patch_plan_input"]


def test_filters_return_the_module_utils_results():
    assert patch_filter.patch_plan_input(PLATFORM, "monthly")["pools"] == {"web": {"max_drained": 1, "min_capacity": 0}}


def test_plan_input_names_the_datacenters_serving_environments():
    environments = {"acme_production": {"datacenter": "dc1"}, "acme_testing": {"datacenter": "dc1"}}
    assert patch_filter.patch_plan_input(PLATFORM, "monthly", environments)["serving_datacenters"] == ["dc1"]
    assert patch_filter.patch_plan_input(PLATFORM, "monthly")["serving_datacenters"] is None
    with pytest.raises(AnsibleFilterError) as error:
        patch_filter.patch_plan_input(PLATFORM, "monthly", {"acme_production": {}})
    assert str(error.value) == (
        "patch_plan_input: divalto_environments[acme_production]: expected a record with a datacenter"
    )


def test_patching_errors_become_filter_errors():
    with pytest.raises(AnsibleFilterError) as error:
        patch_filter.patch_plan_input(PLATFORM, "weekly")
    assert str(error.value) == "patch_plan_input: cadence: expected one of monthly, quarterly, got 'weekly'"
