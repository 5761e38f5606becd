# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The directory_sync_report module: writes the run report once, nothing for a quiet run, nothing in check mode."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import directory_sync_report as module

GUARD = {
    "findings": [],
    "overridden": False,
    "reason": "",
    "max_removal_share": 0.25,
    "mass_removal_min": 2,
    "max_export_age_hours": 26,
    "grace_days": 7,
}
PLAN = {
    "now": "2026-12-01T08:00:00Z",
    "export": {"source": "users.csv", "exported_at": "2026-12-01T07:00:00Z", "exported_at_from": "x", "users": 1},
    "tenants": {
        "acme": {
            "add": [{"group": "gg_acme_production", "account": "alice", "dn": "CN=alice,OU=acme"}],
            "remove": [],
            "leavers": [],
            "refused": [],
            "licences": {"full": {"group": "gl_acme_full", "seats": 2, "named": 1, "over": 0}},
        }
    },
    "refused": [],
    "guard": GUARD,
    "quiet": False,
}


def run(capsys, check_mode=False, **params):
    params.setdefault("status", "applied")
    params.setdefault("plan", PLAN)
    if check_mode:
        params["_ansible_check_mode"] = True
    with patch_module_args(params), pytest.raises(SystemExit) as info:
        module.main()
    result = json.loads(capsys.readouterr().out)
    assert ("failed" in result) == (info.value.code == 1)
    return result


def test_writes_the_report_once(capsys, tmp_path):
    dest = tmp_path / "reports"
    first = run(capsys, dest=str(dest))
    assert first["changed"] is True and first["written"] is True
    assert first["json_path"] == str(dest / "directory_sync-20261201T080000Z.json")
    assert json.loads((dest / "directory_sync-20261201T080000Z.json").read_text())["summary"]["add"] == 1
    assert (
        "| gg_acme_production | alice | CN=alice,OU=acme |" in (dest / "directory_sync-20261201T080000Z.md").read_text()
    )
    assert run(capsys, dest=str(dest))["changed"] is False
    for path in dest.iterdir():
        assert oct(path.stat().st_mode & 0o777) == "0o640", path


def test_a_quiet_run_writes_nothing(capsys, tmp_path):
    result = run(capsys, dest=str(tmp_path / "reports"), plan=dict(PLAN, quiet=True))
    assert result["changed"] is False and result["written"] is False
    assert not (tmp_path / "reports").exists()


def test_check_mode_writes_nothing(capsys, tmp_path):
    result = run(capsys, check_mode=True, dest=str(tmp_path / "reports"))
    assert result["changed"] is True and not (tmp_path / "reports").exists()


def test_a_bad_plan_or_destination_fails(capsys, tmp_path):
    assert "not the plan of directory_sync_plan" in run(capsys, dest=str(tmp_path), plan={})["msg"]
    (tmp_path / "file").write_text("")
    result = run(capsys, dest=str(tmp_path / "file"))
    assert result["failed"] is True and "exists and is not a directory" in result["msg"]
