# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.directory_usage module, with the real du of this machine."""

from __future__ import annotations

import json
import shutil

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import directory_usage

pytestmark = pytest.mark.skipif(shutil.which("du") is None, reason="needs GNU du")


def run_module(args, capsys):
    with patch_module_args(args), pytest.raises(SystemExit) as exit_info:
        directory_usage.main()
    return exit_info.value.code, json.loads(capsys.readouterr().out)


def tree(tmp_path, name, size):
    path = tmp_path / name
    path.mkdir()
    (path / "f").write_bytes(b"z" * size)
    return str(path)


def test_every_directory_measured(tmp_path, capsys):
    small, large = tree(tmp_path, "small", 10), tree(tmp_path, "large", 50_000)
    code, result = run_module({"paths": [small, large], "_ansible_check_mode": True}, capsys)
    assert code == 0 and result["changed"] is False and result["unmeasured"] == {}
    assert result["bytes"][large] - result["bytes"][small] == 50_000 - 10


def test_a_missing_directory_fails_naming_it(tmp_path, capsys):
    small, missing = tree(tmp_path, "small", 10), str(tmp_path / "gone")
    code, result = run_module({"paths": [small, missing]}, capsys)
    assert code == 1 and result["msg"].startswith("directory_usage: %s: du failed:" % missing)
    assert list(result["bytes"]) == [small]


def test_a_missing_directory_is_listed_when_allowed(tmp_path, capsys):
    missing = str(tmp_path / "gone")
    code, result = run_module({"paths": [missing], "allow_unmeasured": True}, capsys)
    assert code == 0 and result["bytes"] == {} and "No such file or directory" in result["unmeasured"][missing]


def test_relative_paths_are_refused(capsys):
    code, result = run_module({"paths": ["srv/divalto"]}, capsys)
    assert code == 1 and result["msg"] == "paths: expected absolute paths, got ['srv/divalto']"
