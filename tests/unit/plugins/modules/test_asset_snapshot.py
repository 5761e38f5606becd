# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import json
import pathlib

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import asset_snapshot as module

FIXTURES = pathlib.Path(__file__).parents[1] / "module_utils" / "fixtures" / "reports"
RAW = json.loads((FIXTURES / "asset_raw.json").read_text(encoding="utf-8"))


def run(capsys, tmp_path, check_mode=False, **args):
    params = {
        "collected": RAW["after"],
        "environments": RAW["environments"],
        "dest": str(tmp_path / "assets"),
        "taken_at": "2026-11-29T07:00:00+01:00",
    }
    if check_mode:
        params["_ansible_check_mode"] = True
    params.update(args)
    with patch_module_args(params), pytest.raises(SystemExit) as exit_info:
        module.main()
    result = json.loads(capsys.readouterr().out)
    assert ("failed" in result) == (exit_info.value.code == 1)
    return result


def test_first_snapshot_then_diff_against_it(capsys, tmp_path):
    first = run(capsys, tmp_path, collected=RAW["before"], taken_at="2026-11-01T06:00:00Z")
    assert first["changed"] is True and first["paths"]["previous"] is None
    assert sorted(first["diff"]["added"]) == sorted(RAW["before"])
    dest = tmp_path / "assets"
    assert (dest / "asset-inventory-20261101T060000Z.json").is_file()

    second = run(capsys, tmp_path)
    assert second["paths"]["previous"] == str(dest / "asset-inventory-20261101T060000Z.json")
    assert second["paths"]["snapshot"] == str(dest / "asset-inventory-20261129T060000Z.json")  # stamp in UTC
    assert (dest / "asset-inventory-20261129T060000Z.csv").read_text() == (FIXTURES / "asset_snapshot.csv").read_text()
    assert (dest / "asset-inventory-diff-20261129T060000Z.md").read_text() == (FIXTURES / "asset_diff.md").read_text()
    assert second["diff"]["added"] == ["fs-par1-01"] and second["diff"]["removed"] == ["fs-par1-old"]
    assert second["msg"] == "4 machines; since 2026-11-01T06:00:00+00:00: 1 added, 1 removed, 2 changed"

    third = run(capsys, tmp_path, taken_at="2026-11-30T06:00:00Z")
    assert third["diff"]["empty"] is True
    assert third["paths"]["previous"].endswith("asset-inventory-20261129T060000Z.json")
    assert len(list(dest.glob("asset-inventory-2*.json"))) == 3  # every snapshot is kept


def test_check_mode_writes_nothing(capsys, tmp_path):
    result = run(capsys, tmp_path, check_mode=True)
    assert result["changed"] is True and result["snapshot"]["machines"]
    assert not (tmp_path / "assets").exists()


def test_default_time_is_now(capsys, tmp_path):
    result = run(capsys, tmp_path, taken_at=None)
    assert result["snapshot"]["taken_at"].endswith("+00:00")


def test_fails_on_bad_data(capsys, tmp_path):
    result = run(capsys, tmp_path, collected={"m": {"machine": {"role": "app"}, "hotfixes": ["x"]}})
    assert result["msg"] == "asset_snapshot: machine m: hotfixes[0]: expected a KB number, got 'x'"


def test_fails_on_a_bad_time(capsys, tmp_path):
    result = run(capsys, tmp_path, taken_at="2026-11-29 06:00")
    assert result["msg"] == (
        "asset_snapshot: taken_at: timestamp '2026-11-29 06:00' has no UTC offset; add one such as '+01:00' or 'Z'"
    )


def test_fails_when_dest_is_a_file(capsys, tmp_path):
    (tmp_path / "assets").write_text("x")
    result = run(capsys, tmp_path)
    assert result["msg"] == "asset_snapshot: dest %s exists and is not a directory" % (tmp_path / "assets")


def test_fails_on_a_broken_previous_snapshot(capsys, tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "asset-inventory-20261101T060000Z.json").write_text("{")
    result = run(capsys, tmp_path)
    assert result["msg"].startswith(
        "asset_snapshot: previous snapshot %s is not valid JSON"
        % (tmp_path / "assets" / "asset-inventory-20261101T060000Z.json")
    )


def test_fails_on_a_previous_snapshot_of_another_schema(capsys, tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "asset-inventory-20261101T060000Z.json").write_text('{"schema": 0, "machines": {}}')
    result = run(capsys, tmp_path)
    assert result["msg"] == "asset_snapshot: previous snapshot: snapshot schema 0, this collection reads schema 1"
