# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.firewall_rules action: a machine's inbound rules, from the stored model."""

from __future__ import annotations

import pathlib

from ansible_collections.divalto.cloud.plugins.action.firewall_rules import ActionModule
from ansible_collections.divalto.cloud.plugins.module_utils.network import firewall as fw

GOLDEN = pathlib.Path(__file__).resolve().parents[1] / "module_utils" / "fixtures" / "firewall"


def test_rules_of_the_task_host(run_action, host_vars, example_platform):
    result = run_action(ActionModule, {}, host_vars("sql-par1-01"))
    assert result["changed"] is False and not result.get("failed")
    assert result["rules"] == fw.machine_rules(fw.model_from_platform(example_platform), "sql-par1-01")
    assert [rule["name"] for rule in result["rules"]][:1] == ["sql"]


def test_another_machine_in_check_mode(run_action, host_vars, example_platform):
    result = run_action(ActionModule, {"machine": "dmz-par1-01"}, host_vars("sql-par1-01"), check_mode=True)
    assert result["rules"] == fw.machine_rules(fw.model_from_platform(example_platform), "dmz-par1-01")


def test_a_linux_machine_gets_its_nftables_file_a_windows_one_none(run_action, host_vars):
    linux = run_action(ActionModule, {}, host_vars("dmz-par1-01"))
    assert linux["nftables"] == GOLDEN.joinpath("dmz-par1-01.nft").read_text(encoding="utf-8")
    assert "nftables" not in run_action(ActionModule, {}, host_vars("sql-par1-01"))


def test_the_output_chain_of_a_filtered_zone(run_action, host_vars):
    result = run_action(ActionModule, {"outbound_zones": ["dmz"]}, host_vars("dmz-par1-01"))
    assert result["outbound"] is not None
    assert (
        "\tchain output {" in result["nftables"]
        and "chain output" not in run_action(ActionModule, {"outbound_zones": []}, host_vars("dmz-par1-01"))["nftables"]
    )


def test_explicit_zone_flows_override(run_action, host_vars):
    flows = [{"name": "only", "from": "internet", "to": {"zone": "any"}, "ports": [9]}]
    result = run_action(ActionModule, {"zone_flows": flows}, host_vars("sql-par1-01"))
    assert [rule["name"] for rule in result["rules"]] == ["only"]


def test_errors_are_clean_failures(run_action, host_vars):
    result = run_action(ActionModule, {"machine": "nope"}, host_vars("sql-par1-01"), action="firewall_rules")
    assert result["failed"] is True
    assert result["msg"] == (
        "firewall_rules: invalid zone flows: 1 problem\n"
        "  - machine nope: machines: expected a machine of the platform, got unknown 'nope'"
    )
