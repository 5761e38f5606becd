# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Windows path helpers of the Windows roles."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core import winpath


@pytest.mark.parametrize(
    "path, expected",
    [
        ("D:\\divalto\\", "D:\\divalto"),
        ("d:/divalto/web", "d:\\divalto\\web"),
        ("C:\\", "C:\\"),
        ("\\\\fs\\share\\", "\\\\fs\\share"),
    ],
)
def test_check_absolute(path, expected):
    assert winpath.is_absolute(path)
    assert winpath.check_absolute("root", path) == expected


@pytest.mark.parametrize("path", ["divalto", "C:divalto", "/srv/x", "\\\\fs", "", None, 3])
def test_check_absolute_rejects(path):
    assert not winpath.is_absolute(path)
    with pytest.raises(winpath.WindowsPathError, match=r"^root must be an absolute Windows path \(C:"):
        winpath.check_absolute("root", path)


def test_join_and_unc():
    assert winpath.join("D:\\web\\", "a/b", "\\c") == "D:\\web\\a\\b\\c"
    assert winpath.join("C:\\", "x") == "C:\\x"
    assert winpath.unc("fs-a", "share", "config") == "\\\\fs-a\\share\\config"


def test_dedupe_is_case_insensitive_and_sorted():
    assert winpath.dedupe(["D:\\b", "c:\\A", "d:\\B", "C:\\a"]) == ["c:\\A", "D:\\b"]
