# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.restic_check module, over replayed outputs of restic 0.14 (Debian 12)."""

from __future__ import annotations

import json
import pathlib

import pytest
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import restic_check

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "module_utils" / "fixtures" / "backup"
CHECK_OK = (FIXTURES / "restic_check_ok.txt").read_text(encoding="utf-8")
CHECK_DAMAGED_ERR = (FIXTURES / "restic_check_damaged_stderr.txt").read_text(encoding="utf-8")
ARGS = {"repository": "/srv/vault/repos/acme_production/files", "password_file": "/etc/v/passwords/acme_production"}


def run_module(args, capsys, monkeypatch, answer):
    calls = []

    def run_command(self, argv, **kwargs):
        calls.append((argv, kwargs))
        return answer

    monkeypatch.setattr(AnsibleModule, "get_bin_path", lambda self, name, required=False: "/usr/bin/" + name)
    monkeypatch.setattr(AnsibleModule, "run_command", run_command)
    with patch_module_args(args), pytest.raises(SystemExit) as exit_info:
        restic_check.main()
    return exit_info.value.code, json.loads(capsys.readouterr().out), calls


def test_a_sound_repository(capsys, monkeypatch):
    code, result, calls = run_module(ARGS, capsys, monkeypatch, (0, CHECK_OK, ""))
    assert code == 0 and result["ok"] is True and result["errors"] == [] and result["changed"] is False
    assert calls[0][0] == [
        "/usr/bin/restic",
        "--no-cache",
        "--repo",
        ARGS["repository"],
        "--password-file",
        ARGS["password_file"],
        "check",
        "--read-data",
    ]
    assert calls[0][1]["environ_update"] == {"LC_ALL": "C"}


def test_a_damaged_repository_fails_naming_what_restic_found(capsys, monkeypatch):
    code, result, _calls = run_module(ARGS, capsys, monkeypatch, (1, "", CHECK_DAMAGED_ERR))
    assert code == 1
    assert result["msg"] == (
        "restic check of /srv/vault/repos/acme_production/files: Pack ID does not match, want f3f27a5d, got 7c1f0f4c;"
        " Fatal: repository contains errors"
    )
    assert result["exit_code"] == 1 and result["ok"] is False and "rc" not in result


def test_a_damaged_repository_is_a_result_when_asked(capsys, monkeypatch):
    args = dict(ARGS, fail_on_errors=False, read_data=False)
    code, result, calls = run_module(args, capsys, monkeypatch, (1, "", CHECK_DAMAGED_ERR))
    assert code == 0 and result["ok"] is False and len(result["errors"]) == 2
    assert "rc" not in result  # Ansible marks a result with a non-zero rc as failed
    assert "--read-data" not in calls[0][0]


def test_exit_zero_without_the_success_line_is_not_sound(capsys, monkeypatch):
    code, result, _calls = run_module(dict(ARGS, fail_on_errors=False), capsys, monkeypatch, (0, "load indexes\n", ""))
    assert code == 0 and result["ok"] is False
    assert result["errors"] == ["restic check exited with rc 0 without its success line"]


def test_errors_are_bounded(capsys, monkeypatch):
    noise = "".join("error: pack %d damaged\n" % index for index in range(500))
    _code, result, _calls = run_module(dict(ARGS, fail_on_errors=False), capsys, monkeypatch, (1, "", noise))
    assert len(result["errors"]) == restic_check.MAX_ERRORS
