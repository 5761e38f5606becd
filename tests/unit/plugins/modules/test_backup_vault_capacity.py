# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.backup_vault_capacity module, on this machine's real file system (checked against GNU df)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import backup_vault_capacity


def run_module(args, capsys):
    with patch_module_args(args), pytest.raises(SystemExit) as exit_info:
        backup_vault_capacity.main()
    return exit_info.value.code, json.loads(capsys.readouterr().out)


def repositories(root):
    return [
        {"path": "%s/acme/repos/acme_production/%s" % (root, data_set), "tenant": "acme"}
        | {"environment": "acme_production", "data_set": data_set}
        for data_set in ("code", "files")
    ]


@pytest.mark.skipif(shutil.which("df") is None, reason="needs GNU df")
def test_the_file_system_is_measured_as_df_measures_it(tmp_path, capsys):
    repos = repositories(tmp_path)
    sizes = {repos[0]["path"]: 4096}
    args = {"root": str(tmp_path), "repositories": repos, "sizes": sizes, "_ansible_check_mode": True}
    code, result = run_module(args, capsys)
    df = subprocess.run(
        ["df", "-B1", "--output=size,used,avail", str(tmp_path)], capture_output=True, text=True, check=True
    )
    size, used, free = (int(cell) for cell in df.stdout.splitlines()[-1].split())
    disk = result["capacity"]["disk"]
    assert code == 0 and result["changed"] is False
    assert disk["size_bytes"] == size
    # the machine is shared: what is used may move a little between the two readings
    assert abs(disk["used_bytes"] - used) < 64 * 1024**2 and abs(disk["free_bytes"] - free) < 64 * 1024**2
    assert result["capacity"]["tenants"] == {
        "acme": {"total_bytes": 4096, "repositories": {"acme_production/code": 4096, "acme_production/files": 0}}
    }
    assert result["capacity"]["alerts"][-1] == (
        "missing: repository %s has no size (not initialised?)" % repos[1]["path"]
    )


def test_a_relative_root_is_refused(capsys):
    code, result = run_module({"root": "srv/backup", "repositories": [], "sizes": {}}, capsys)
    assert code == 1 and result["msg"] == "backup_vault_capacity: root: expected absolute paths, got ['srv/backup']"


def test_a_missing_root_fails_naming_it(tmp_path, capsys):
    missing = str(tmp_path / "gone")
    code, result = run_module({"root": missing, "repositories": [], "sizes": {}}, capsys)
    assert code == 1 and result["msg"] == "backup_vault_capacity: root %s: No such file or directory" % missing


@pytest.mark.parametrize(
    "sizes, thresholds, message",
    [
        ({"/srv/backup/x": "4096\t/srv/backup/x"}, {}, "backup_vault_capacity: sizes['/srv/backup/x']: expected a"),
        ({}, {"critical_used_percent": "90%"}, "backup_vault_capacity: thresholds.critical_used_percent: expected"),
    ],
)
def test_hostile_values_fail_naming_them(tmp_path, capsys, sizes, thresholds, message):
    args = {"root": str(tmp_path), "repositories": repositories(tmp_path), "sizes": sizes, "thresholds": thresholds}
    code, result = run_module(args, capsys)
    assert code == 1 and result["msg"].startswith(message)
