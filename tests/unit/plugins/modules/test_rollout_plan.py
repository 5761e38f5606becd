# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for the divalto.cloud.rollout_plan module (through AnsibleModule, exit/fail JSON)."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import rollout_plan

MACHINES = [
    {"name": "app1", "role": "app", "zone": "processing", "datacenter": "dc1", "ring": "prod", "pool": "web"},
    {"name": "app2", "role": "app", "zone": "processing", "datacenter": "dc1", "ring": "prod", "pool": "web"},
    {"name": "sql-a", "role": "sql", "zone": "data", "datacenter": "dc1", "ring": "prod", "ha_pair": "erp"},
    {"name": "sql-b", "role": "sql", "zone": "data", "datacenter": "dc1", "ring": "prod", "ha_pair": "erp"},
    {"name": "test1", "role": "app", "zone": "processing", "datacenter": "dc1", "ring": "nonprod"},
]
MACHINES[2]["ha_member"] = "primary"
MACHINES[3]["ha_member"] = "secondary"
POOLS = {"web": {"max_drained": 1, "min_capacity": 1}}


def run_module(args, capsys):
    """Run the module with ``args``; return (exit code, parsed JSON output)."""
    with patch_module_args(args), pytest.raises(SystemExit) as exit_info:
        rollout_plan.main()
    return exit_info.value.code, json.loads(capsys.readouterr().out)


def test_plan_is_returned_unchanged(capsys):
    code, result = run_module({"machines": MACHINES, "pools": POOLS}, capsys)
    assert code == 0
    assert result["changed"] is False
    assert result["wave_count"] == result["lower_bound"] == 3
    assert [(w["index"], w["ring"], w["machines"]) for w in result["waves"]] == [
        (1, "nonprod", ["test1"]),
        (2, "prod", ["app1", "sql-b"]),
        (3, "prod", ["app2", "sql-a"]),
    ]
    assert result["waves"][2]["actions"][0] == {"action": "failover", "targets": ["sql-b"]}


def test_check_mode_gives_the_same_plan(capsys):
    _exit, normal = run_module({"machines": MACHINES, "pools": POOLS}, capsys)
    code, checked = run_module({"machines": MACHINES, "pools": POOLS, "_ansible_check_mode": True}, capsys)
    assert code == 0
    assert checked["changed"] is False
    assert checked["waves"] == normal["waves"]


def test_limit_and_ring_are_passed_to_the_planner(capsys):
    args = {"machines": MACHINES, "pools": POOLS, "limit": ["app1", "test1"], "ring": "prod"}
    code, result = run_module(args, capsys)
    assert code == 0
    assert [w["machines"] for w in result["waves"]] == [["app1"]]
    assert result["lower_bound"] == 1


def test_planner_error_fails_with_its_message(capsys):
    code, result = run_module({"machines": MACHINES, "pools": {"web": {"max_drained": 1, "min_capacity": 2}}}, capsys)
    assert code == 1
    assert result["failed"] is True
    assert result["msg"] == (
        "cannot plan the rollout: pool 'web' cannot be patched: it has 2 machine(s), max_drained=1, "
        "min_capacity=2, so at most min(1, 2 - 2) = 0 machine(s) may be drained per wave (at least 1 needed)"
    )


def test_unknown_limit_name_fails(capsys):
    code, result = run_module({"machines": MACHINES, "pools": POOLS, "limit": ["nope"]}, capsys)
    assert code == 1
    assert result["msg"] == "cannot plan the rollout: limit names unknown machine(s): nope"


def test_missing_machines_option_fails(capsys):
    code, result = run_module({"pools": POOLS}, capsys)
    assert code == 1
    assert result["msg"] == "missing required arguments: machines"


def test_unknown_ring_choice_fails(capsys):
    code, result = run_module({"machines": MACHINES, "ring": "dev"}, capsys)
    assert code == 1
    assert "value of ring must be one of: nonprod, prod, got: dev" in result["msg"]


PROXIES = [
    {"name": "px1", "role": "reverse_proxy", "zone": "dmz", "datacenter": "par1", "ring": "prod"},
    {"name": "px2", "role": "reverse_proxy", "zone": "dmz", "datacenter": "par1", "ring": "prod"},
    {"name": "px-sxb", "role": "reverse_proxy", "zone": "dmz", "datacenter": "sxb1", "ring": "prod"},
]


def test_last_proxy_of_a_serving_datacenter_is_refused(capsys):
    code, result = run_module({"machines": PROXIES, "serving_datacenters": ["par1", "sxb1"]}, capsys)
    assert code == 1
    assert result["msg"].startswith(
        "cannot plan the rollout: refusing to drain the last DMZ proxy of a datacenter that serves environments: "
        "wave 3 (prod) drains px-sxb, the only DMZ proxy of datacenter 'sxb1';"
    )


def test_forced_last_proxy_drain_is_returned_with_its_reason(capsys):
    args = {
        "machines": PROXIES,
        "serving_datacenters": ["par1", "sxb1"],
        "allow_last_proxy_drain": True,
        "last_proxy_drain_reason": "CHG-2042",
    }
    code, result = run_module(args, capsys)
    assert code == 0
    assert [w["machines"] for w in result["waves"]] == [["px1"], ["px2"], ["px-sxb"]]
    assert result["last_proxy_drains"] == [
        {"datacenter": "sxb1", "proxies": ["px-sxb"], "wave": 3, "ring": "prod", "reason": "CHG-2042"}
    ]
    assert result["last_proxy_drain_reason"] == "CHG-2042"


def test_allow_last_proxy_drain_without_a_reason_fails(capsys):
    args = {"machines": PROXIES, "serving_datacenters": ["par1", "sxb1"], "allow_last_proxy_drain": True}
    code, result = run_module(args, capsys)
    assert code == 1
    assert result["msg"].startswith("cannot plan the rollout: allow_last_proxy_drain needs last_proxy_drain_reason")


def test_datacenters_not_serving_are_not_constrained(capsys):
    code, result = run_module({"machines": PROXIES, "serving_datacenters": ["par1"]}, capsys)
    assert code == 0
    assert result["last_proxy_drains"] == [] and result["last_proxy_drain_reason"] == ""
    code, result = run_module({"machines": PROXIES}, capsys)
    assert code == 0 and result["wave_count"] == 3
