# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The clamav_config action on the example's Linux machines, and its refusals."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.action.clamav_config import ActionModule as ClamavConfig


def linux_machine(example_model, role):
    return next(
        name
        for name, host in sorted(example_model["hosts"].items())
        if host["divalto_machine"]["os"] == "linux" and host["divalto_machine"]["role"] == role
    )


def test_a_dmz_proxy_takes_the_platforms_mirror_only(run_action, host_vars, example_model):
    name = linux_machine(example_model, "reverse_proxy")
    result = run_action(ClamavConfig, {}, host_vars(name))
    assert result["changed"] is False and result["role"] == "reverse_proxy"
    assert "PrivateMirror http://clamav-mirror.ops.erp.example.net" in result["freshclam"]
    assert not [line for line in result["freshclam"] if line.startswith(("DatabaseMirror", "ExcludeDatabase"))]


def test_windows_machines_are_refused(run_action, host_vars, example_model):
    name = next(n for n, h in sorted(example_model["hosts"].items()) if h["divalto_machine"]["os"] == "windows")
    result = run_action(ClamavConfig, {}, host_vars(name), action="divalto.cloud.clamav_config")
    assert result["failed"] is True
    assert (
        result["msg"]
        == "clamav_config: %s runs windows: ClamAV is for the Linux machines (Defender protects Windows)" % name
    )


def test_a_platform_without_a_source_of_signatures_is_refused(run_action, host_vars, example_model):
    name = linux_machine(example_model, "backup_vault")
    variables = host_vars(name)
    variables["divalto_platform"] = dict(variables["divalto_platform"], antivirus={"clamav": {"mirrors": []}})
    result = run_action(ClamavConfig, {}, variables)
    assert result["failed"] is True and "antivirus.clamav.mirrors: expected one or more mirrors" in result["msg"]
