# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The iis_sites, hpf_config and antivirus_exclusions actions: an application server's values from the model."""

from __future__ import annotations

import pathlib

from ansible_collections.divalto.cloud.plugins.action.antivirus_exclusions import ActionModule as Antivirus
from ansible_collections.divalto.cloud.plugins.action.hpf_config import ActionModule as Hpf
from ansible_collections.divalto.cloud.plugins.action.iis_sites import ActionModule as Iis
from ansible_collections.divalto.cloud.plugins.module_utils.app_servers.antivirus import exclusions
from ansible_collections.divalto.cloud.plugins.module_utils.app_servers.iis import iis_sites

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "module_utils" / "fixtures" / "hpf"
WILDCARD = "a" * 40


def golden(name):
    return (FIXTURES / name).read_text(encoding="ascii").replace("\n", "\r\n")


def test_hpf_config_renders_the_golden_files(run_action, host_vars, example_platform):
    result = run_action(Hpf, {}, host_vars("app-par1-01"))
    assert result["services"] == golden("app-par1-01.dhsServices.txt")
    assert result["telnet"] == golden("app-par1-01.dhsTelnet.txt")
    assert result["environments"] == example_platform.served_keys("app-par1-01") and result["environments"]
    served = example_platform.served_records("app-par1-01")
    assert result["telnet_ports"] == sorted(r["ports"]["telnet"] for r in served if r["ports"]["telnet"] is not None)


def test_iis_sites_of_the_served_environments(run_action, host_vars, example_platform):
    args = {"site_root": "D:\\web", "log_root": "D:\\logs", "default_certificate": WILDCARD, "ip": "10.0.0.1"}
    result = run_action(Iis, args, host_vars("app-par1-02"), check_mode=True)
    served = example_platform.served_records("app-par1-02")
    assert result["sites"] == iis_sites(served, "D:\\web", "D:\\logs", None, WILDCARD, None, "my", "10.0.0.1")
    assert [site["key"] for site in result["sites"]] == example_platform.served_keys("app-par1-02")


def test_iis_sites_without_a_certificate_is_a_clean_failure(run_action, host_vars):
    result = run_action(
        Iis, {"site_root": "D:\\web", "log_root": "D:\\logs"}, host_vars("app-par1-01"), action="iis_sites"
    )
    assert result["failed"] is True
    assert result["msg"].startswith("iis_sites: no certificate for host name ")


def test_antivirus_exclusions_of_an_application_server(run_action, host_vars, example_platform):
    result = run_action(Antivirus, {}, host_vars("app-par1-01"))
    share = example_platform.settings["service_pack_share"]
    served = example_platform.served_records("app-par1-01")
    assert result["exclusions"] == exclusions(example_platform.machine("app-par1-01"), served, service_pack_share=share)
    assert any(path.endswith("\\" + share) for path in result["exclusions"])


def test_antivirus_exclusions_of_a_sql_server(run_action, host_vars):
    args = {"sql_directories": ["D:\\Data", "D:\\Log"]}
    assert run_action(Antivirus, args, host_vars("sql-par1-01"))["exclusions"] == ["D:\\Data", "D:\\Log"]


def test_antivirus_exclusions_of_a_linux_machine_is_a_clean_failure(run_action, host_vars):
    result = run_action(Antivirus, {}, host_vars("vault-sxb1-01"), action="antivirus_exclusions")
    assert result["failed"] is True
    assert result["msg"].startswith("antivirus_exclusions: machine vault-sxb1-01 runs 'linux'")
