# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.backup_restore_compare module: a real restored tree on disk, and a stand-in restic executable
that answers with a restic 0.14 ``ls --json`` transcript (restic is not installed on the test machines)."""

from __future__ import annotations

import json
import os
import pathlib
import shlex

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import backup_restore_compare

LS = pathlib.Path(__file__).resolve().parents[1] / "module_utils" / "fixtures" / "backup" / "restic_ls.jsonl"
ROOT = "srv/divalto/tenants/acme/production/erp_files"


def restic(tmp_path, stdout="/dev/null", stderr="", code=0):
    """A restic that records its arguments and answers as told."""
    script = tmp_path / "restic"
    script.write_text(
        "#!/bin/sh\nprintf '%%s\\n' \"$@\" > %s\ncat %s\nprintf %%s %s >&2\nexit %d\n"
        % (shlex.quote(str(tmp_path / "argv")), shlex.quote(str(stdout)), shlex.quote(stderr), code),
        encoding="utf-8",
    )
    script.chmod(0o755)
    return str(script)


def restored(tmp_path, files):
    target = tmp_path / "target"
    for relative, size in files.items():
        path = target / ROOT / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    os.symlink("a.txt", target / ROOT / "current")
    return str(target)


def run_module(tmp_path, capsys, target, **answer):
    args = {
        "repository": "/srv/backup/acme/repos/acme_production/files",
        "password_file": "/etc/divalto/backup/passwords/acme_production",
        "snapshot": "4f1c2a3b",
        "target": target,
        "executable": restic(tmp_path, **answer),
        "_ansible_check_mode": True,
    }
    with patch_module_args(args), pytest.raises(SystemExit) as exit_info:
        backup_restore_compare.main()
    return exit_info.value.code, json.loads(capsys.readouterr().out)


def test_a_complete_restore_passes(tmp_path, capsys):
    target = restored(tmp_path, {"a.txt": 12, "empty.log": 0, "sub dir/dossier é.pdf": 4096})
    code, result = run_module(tmp_path, capsys, target, stdout=LS)
    assert code == 0 and result["changed"] is False
    assert {key: result[key] for key in ("ok", "files", "bytes", "missing", "unexpected", "size_mismatch")} == {
        "ok": True,
        "files": 3,
        "bytes": 4108,
        "missing": [],
        "unexpected": [],
        "size_mismatch": [],
    }
    assert (tmp_path / "argv").read_text(encoding="utf-8").split("\n")[:8] == [
        "--no-cache",
        "--repo",
        "/srv/backup/acme/repos/acme_production/files",
        "--password-file",
        "/etc/divalto/backup/passwords/acme_production",
        "ls",
        "--json",
        "4f1c2a3b",
    ]


def test_every_difference_is_named(tmp_path, capsys):
    target = restored(tmp_path, {"a.txt": 11, "stray.tmp": 1})
    code, result = run_module(tmp_path, capsys, target, stdout=LS)
    assert code == 0 and result["ok"] is False
    assert result["missing"] == ["/%s/empty.log" % ROOT, "/%s/sub dir/dossier é.pdf" % ROOT]
    assert result["unexpected"] == ["/%s/stray.tmp" % ROOT]
    assert result["size_mismatch"] == ["/%s/a.txt" % ROOT]


def test_a_failed_listing_fails_naming_restic_s_reason(tmp_path, capsys):
    target = restored(tmp_path, {"a.txt": 12})
    code, result = run_module(tmp_path, capsys, target, stderr="Fatal: no matching ID found for prefix", code=1)
    assert code == 1 and result["exit_code"] == 1 and "rc" not in result
    assert result["msg"] == (
        "backup_restore_compare: restic ls of snapshot 4f1c2a3b of /srv/backup/acme/repos/acme_production/files"
        " failed: 'Fatal: no matching ID found for prefix'"
    )


@pytest.mark.parametrize(
    "listing, message",
    [
        ("Fatal: wrong password\n", "restic ls output line 1: expected JSON, got 'Fatal: wrong password'"),
        ('{"type": "file", "path": "/srv/a", "size": "12"}\n', "restic ls output line 1: expected a file node"),
        ('{"type": "file", "path": "srv/a", "size": 12}\n', "restic ls output line 1: expected a file node"),
    ],
)
def test_an_answer_that_is_not_restic_s_fails(tmp_path, capsys, listing, message):
    (tmp_path / "ls.txt").write_text(listing, encoding="utf-8")
    target = restored(tmp_path, {"a.txt": 12})
    code, result = run_module(tmp_path, capsys, target, stdout=tmp_path / "ls.txt")
    assert code == 1 and result["msg"].startswith("backup_restore_compare: " + message)


def test_a_missing_target_fails_naming_it(tmp_path, capsys):
    code, result = run_module(tmp_path, capsys, str(tmp_path / "gone"), stdout=LS)
    assert code == 1 and result["msg"] == "backup_restore_compare: restored tree '%s': not a directory" % (
        tmp_path / "gone"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every directory")
def test_an_unreadable_directory_fails_naming_it(tmp_path, capsys):
    target = restored(tmp_path, {"a.txt": 12, "sub dir/dossier é.pdf": 4096})
    locked = pathlib.Path(target) / ROOT / "sub dir"
    locked.chmod(0)
    try:
        code, result = run_module(tmp_path, capsys, target, stdout=LS)
    finally:
        locked.chmod(0o755)
    assert code == 1 and result["msg"] == "backup_restore_compare: restored tree '%s': Permission denied" % locked
