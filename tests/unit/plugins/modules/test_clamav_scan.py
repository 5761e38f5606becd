# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.clamav_scan module over replayed clamdscan answers (Molecule `antivirus` runs the real one)."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import clamav_scan

FOUND = "/srv/t/eicar.com: Eicar-Signature FOUND\n/srv/t/eicar.com: moved to '%s/eicar.com'\n"


def run_module(args, capsys, monkeypatch, answer):
    calls = []

    def run_command(self, argv, **kwargs):
        calls.append(argv)
        return answer

    monkeypatch.setattr(AnsibleModule, "get_bin_path", lambda self, name, required=False: "/usr/bin/" + name)
    monkeypatch.setattr(AnsibleModule, "run_command", run_command)
    with patch_module_args(args), pytest.raises(SystemExit) as exit_info:
        clamav_scan.main()
    return exit_info.value.code, json.loads(capsys.readouterr().out), calls


def test_a_detection_is_quarantined_and_fails(tmp_path, capsys, monkeypatch):
    quarantine = str(tmp_path / "q")
    code, result, calls = run_module(
        {"paths": ["/srv/t"], "quarantine": quarantine}, capsys, monkeypatch, (1, FOUND % quarantine, "")
    )
    assert code == 1 and result["changed"] is True
    assert result["msg"] == "clamav_scan: 1 file(s) found: /srv/t/eicar.com (Eicar-Signature)"
    assert result["detections"][0]["quarantined"] == quarantine + "/eicar.com"
    assert "--move=" + quarantine in calls[0]
    assert (tmp_path / "q").stat().st_mode & 0o777 == 0o700


def test_check_mode_moves_nothing(tmp_path, capsys, monkeypatch):
    args = {"paths": ["/srv/t"], "quarantine": str(tmp_path / "q"), "fail_on_detection": False}
    args["_ansible_check_mode"] = True
    code, result, calls = run_module(args, capsys, monkeypatch, (1, "/srv/t/eicar.com: Eicar-Signature FOUND\n", ""))
    assert code == 0 and result["detections"][0]["quarantined"] is None
    assert not any(arg.startswith("--move") for arg in calls[0]) and not (tmp_path / "q").exists()


def test_an_unreachable_daemon_fails(tmp_path, capsys, monkeypatch):
    answer = (2, "", "ERROR: Could not connect to clamd on LocalSocket /run/clamav/clamd.ctl: No such file\n")
    code, result, _calls = run_module({"paths": ["/srv/t"], "quarantine": str(tmp_path)}, capsys, monkeypatch, answer)
    assert code == 1 and result["msg"].startswith("clamav_scan: 'ERROR: Could not connect to clamd")


def test_a_relative_path_fails_before_any_scan(capsys, monkeypatch):
    code, result, calls = run_module({"paths": ["/srv/t", "srv/u"]}, capsys, monkeypatch, (0, "", ""))
    assert code == 1 and calls == []
    assert result["msg"] == "clamav_scan: paths: expected absolute paths, got ['srv/u']"
