# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for the patching filters and the health_checks filter (thin wrappers: results and errors)."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter import health_checks as hc_filter
from ansible_collections.divalto.cloud.plugins.filter import patching as patch_filter

PLATFORM = {
    "settings": {"ports": {"https": 443, "http": 80, "xlan": 1235}},
    "pools": {"web": {"datacenter": "dc1", "max_drained": 1, "min_capacity": 0, "members": ["app1"]}},
    "patching": {"monthly": [{"component": "probe", "roles": ["app"], "packages": ["divalto-probe"]}]},
}
HOSTVARS = {
    "app1": {
        "divalto_machine": {
            "role": "app",
            "zone": "processing",
            "os": "linux",
            "datacenter": "dc1",
            "ring": "prod",
            "pool": "web",
            "address": "10.0.1.1",
        },
        "ansible_host": "10.0.1.1",
    },
    "proxy1": {
        "divalto_machine": {
            "role": "reverse_proxy",
            "zone": "dmz",
            "os": "linux",
            "datacenter": "dc1",
            "ring": "prod",
            "address": "10.0.0.1",
        }
    },
}
ENVIRONMENTS = {
    "acme_production": {
        "datacenter": "dc1",
        "placement": {"pool": "web"},
        "hostnames": ["acme.test"],
        "ports": {"https": 443},
    }
}


def test_filters_are_registered():
    assert sorted(patch_filter.FilterModule().filters()) == [
        "patch_arguments",
        "patch_drain_targets",
        "patch_haproxy_stat",
        "patch_installed",
        "patch_plan_input",
        "patch_run_records",
    ]
    assert list(hc_filter.FilterModule().filters()) == ["health_checks"]


def test_filters_return_the_module_utils_results():
    assert patch_filter.patch_plan_input(HOSTVARS, PLATFORM, "monthly")["pools"] == {
        "web": {"max_drained": 1, "min_capacity": 0}
    }
    assert patch_filter.patch_arguments("app1", HOSTVARS, PLATFORM, "monthly")["linux"]["packages"] == ["divalto-probe"]
    assert patch_filter.patch_drain_targets("app1", PLATFORM, ENVIRONMENTS, HOSTVARS) == [
        {"proxy": "proxy1", "backend": "be_acme_production", "server": "app1"}
    ]
    assert patch_filter.patch_installed({"stdout": "Setting up a (1) ..."}, "linux") == ["a 1"]
    assert patch_filter.patch_haproxy_stat("# pxname,svname,scur,status\nbe,app1,0,UP\n") == [
        {"backend": "be", "server": "app1", "status": "UP", "sessions": 0}
    ]
    plan = {"waves": [{"index": 1, "ring": "prod", "machines": ["app1"]}]}
    assert patch_filter.patch_run_records(plan, {})[0]["state"] == "untouched"
    assert hc_filter.health_checks("app1", PLATFORM, ENVIRONMENTS, HOSTVARS)["urls"][0]["host"] == "acme.test"


def test_patching_errors_become_filter_errors():
    with pytest.raises(AnsibleFilterError) as error:
        patch_filter.patch_arguments("nope", HOSTVARS, PLATFORM, "monthly")
    assert str(error.value) == "patch_arguments: machine nope: not a host of the inventory"
    with pytest.raises(AnsibleFilterError) as error:
        patch_filter.patch_plan_input(HOSTVARS, PLATFORM, "weekly")
    assert str(error.value) == "patch_plan_input: cadence: expected one of monthly, quarterly, got 'weekly'"


def test_haproxy_model_errors_become_filter_errors():
    broken = dict(HOSTVARS, app1=dict(HOSTVARS["app1"], ansible_host=None))
    with pytest.raises(AnsibleFilterError) as error:
        patch_filter.patch_drain_targets("app1", PLATFORM, ENVIRONMENTS, broken)
    assert str(error.value).startswith(
        "patch_drain_targets: environment acme_production: pool web member app1 has no address"
    )


def test_health_checks_errors():
    with pytest.raises(AnsibleFilterError) as error:
        hc_filter.health_checks("nope", PLATFORM, ENVIRONMENTS, HOSTVARS)
    assert str(error.value) == "health_checks: machine nope is not a host of the inventory"
    with pytest.raises(AnsibleFilterError) as error:
        hc_filter.health_checks("app1", dict(PLATFORM, health_checks={"app": "x"}), ENVIRONMENTS, HOSTVARS)
    assert str(error.value) == "health_checks: machine app1: health_checks.app: expected a mapping"
