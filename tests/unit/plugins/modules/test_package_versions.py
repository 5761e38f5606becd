# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.package_versions module, against this machine's real dpkg database, and hostile answers."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import package_versions

needs_dpkg = pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="needs dpkg")


def run_module(args, capsys):
    with patch_module_args(args), pytest.raises(SystemExit) as exit_info:
        package_versions.main()
    return exit_info.value.code, json.loads(capsys.readouterr().out)


@needs_dpkg
def test_the_versions_are_dpkg_s(capsys):
    code, result = run_module({"_ansible_check_mode": True}, capsys)
    listed = subprocess.run(
        ["dpkg-query", "-W", "-f", "${binary:Package} ${Version} ${db:Status-Status}\\n"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    installed = dict(line.split(" ")[:2] for line in listed if line.endswith(" installed"))
    assert code == 0 and result["changed"] is False and "installed" not in result
    assert result["versions"] == installed and "dpkg" in installed


@needs_dpkg
def test_what_changed_since_an_earlier_reading_is_installed(capsys):
    _code, first = run_module({}, capsys)
    since = dict(first["versions"])
    del since["dpkg"]
    since["adduser"] = "0.1"
    code, result = run_module({"since": since}, capsys)
    assert code == 0
    assert result["installed"] == sorted(
        ["dpkg %s" % first["versions"]["dpkg"], "adduser %s" % first["versions"]["adduser"]]
    )
    _code, again = run_module({"since": first["versions"]}, capsys)
    assert again["installed"] == []


@pytest.mark.parametrize(
    "answer, message",
    [
        ((0, "dpkg\t1.21.22\tii \nSetting up openssl (3.0.15) ...\n", ""), "dpkg-query line 2: expected '<package>\\t"),
        ((0, "openssl\t\tii \n", ""), "dpkg-query line 1: installed package without a version"),
        ((2, "", "dpkg-query: error: no packages found\n"), "dpkg-query failed: dpkg-query: error: no packages found"),
    ],
)
def test_an_answer_that_is_not_dpkg_query_s_fails(capsys, monkeypatch, answer, message):
    monkeypatch.setattr(AnsibleModule, "get_bin_path", lambda self, name, required=False: "/usr/bin/" + name)
    monkeypatch.setattr(AnsibleModule, "run_command", lambda self, argv, **kwargs: answer)
    code, result = run_module({}, capsys)
    assert code == 1 and result["msg"].startswith("package_versions: " + message)
