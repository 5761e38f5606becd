# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.haproxy_config action: the proxy's texts from the stored model, clean failures."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.divalto.cloud.plugins.action.haproxy_config import ActionModule
from ansible_collections.divalto.cloud.plugins.module_utils.network.haproxy import haproxy_config


def test_the_task_host_by_default(run_action, host_vars, example_platform):
    result = run_action(ActionModule, {}, host_vars("dmz-par1-01"))
    assert result["changed"] is False and not result.get("failed")
    expected = haproxy_config("dmz-par1-01", example_platform)
    assert {key: result[key] for key in expected} == expected
    assert "model" not in result
    assert result["config"].startswith("# HAProxy configuration of dmz-par1-01 (datacenter par1).\n")


def test_another_proxy_and_settings(run_action, host_vars):
    args = {"proxy": "dmz-sxb1-01", "settings": {"certificate_names": ["erp.acme-industries.fr"]}, "model": True}
    result = run_action(ActionModule, args, host_vars("dmz-par1-01"), check_mode=True)
    assert result["model"]["datacenter"] == "sxb1"
    assert result["model"]["routes"] == []
    assert result["crt_list"] == "/etc/haproxy/certs/erp.acme-industries.fr.pem erp.acme-industries.fr\n"
    assert result["certificates"] == [
        {"hostname": "erp.acme-industries.fr", "path": "/etc/haproxy/certs/erp.acme-industries.fr.pem"}
    ]


def test_never_reads_other_hosts(run_action, host_vars):
    """Only the task host's variables are given: no hostvars, and the result is complete."""
    variables = host_vars("dmz-par1-02")
    assert "hostvars" not in variables
    result = run_action(ActionModule, {}, variables)
    assert "server app-par1-01 " in result["config"]


def test_data_errors_are_clean_failures(run_action, host_vars):
    result = run_action(ActionModule, {"proxy": "app-par1-01"}, host_vars("dmz-par1-01"), action="haproxy_config")
    assert result["failed"] is True
    assert result["msg"] == "haproxy_config: proxy app-par1-01: expected a machine of role reverse_proxy, got role app"


def test_not_a_divalto_inventory(run_action):
    result = run_action(ActionModule, {}, {"inventory_hostname": "x"}, action="divalto.cloud.haproxy_config")
    assert result["failed"] is True
    assert result["msg"] == (
        "haproxy_config: divalto_platform is not defined: the inventory is not divalto.cloud.tenants"
    )


def test_bad_arguments(run_action, host_vars):
    with pytest.raises(AnsibleActionFail, match="settings"):
        run_action(ActionModule, {"settings": "x"}, host_vars("dmz-par1-01"))


def test_unknown_setting(run_action, host_vars):
    result = run_action(ActionModule, {"settings": {"colour": "red"}}, host_vars("dmz-par1-01"))
    assert result["failed"] is True
    assert result["msg"].startswith("action: unknown settings colour; expected some of ")
