# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""data_servers.directory_usage: du -sb read strictly, checked against the real GNU du of this machine."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.data_servers.directory_usage import (
    DirectoryUsageError,
    du_argv,
    parse_du,
)

DU = shutil.which("du")


def run(path):
    done = subprocess.run(du_argv(DU, path), capture_output=True, text=True, check=False, env={"LC_ALL": "C"})
    return parse_du(path, done.returncode, done.stdout, done.stderr)


@pytest.mark.skipif(DU is None, reason="needs GNU du")
def test_a_real_tree_with_a_hard_link_and_an_awkward_name(tmp_path):
    root = tmp_path / "acme" / "production"
    (root / "data").mkdir(parents=True)
    (root / "data" / "big.dat").write_bytes(b"x" * 100_000)
    os.link(root / "data" / "big.dat", root / "data" / "same.dat")
    (root / "tab\there\nnewline").write_bytes(b"y" * 10)
    directories = sum(os.lstat(path).st_size for path in (root, root / "data"))
    assert run(str(root)) == 100_000 + 10 + directories


@pytest.mark.skipif(DU is None, reason="needs GNU du")
def test_a_missing_directory_is_named(tmp_path):
    with pytest.raises(DirectoryUsageError, match=r"/none: du failed: .*No such file or directory"):
        run(str(tmp_path / "none"))


@pytest.mark.parametrize(
    ("stdout", "message"),
    [
        ("", "expected one '<bytes>\\\\t<path>' answer from du"),
        ("12\t/a\x0034\t/b\x00", "expected one"),
        ("12 /a\x00", "expected one"),
        ("12\t/b\x00", "du answered '12\\\\t/b'"),
        ("1.5K\t/a\x00", "du answered"),
    ],
)
def test_answers_that_are_not_du_sb_are_refused(stdout, message):
    with pytest.raises(DirectoryUsageError, match=message):
        parse_du("/a", 0, stdout, "")


def test_a_failure_without_a_message_gives_the_exit_code():
    with pytest.raises(DirectoryUsageError, match="/a: du failed: 'exit code 1'"):
        parse_du("/a", 1, "", "")
