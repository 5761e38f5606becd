# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""core.paths: absolute POSIX paths, the one check of every module that runs a command over paths."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.paths import (
    PathError,
    absolute_directory,
    check_absolute_paths,
)


def test_absolute_paths_pass_as_a_list():
    assert check_absolute_paths("paths", ("/srv/a", "/srv/b c")) == ["/srv/a", "/srv/b c"]
    assert check_absolute_paths("paths", []) == []


@pytest.mark.parametrize(
    "paths, allow_empty, message",
    [
        (["/srv/a", "srv/b", "./c"], True, "paths: expected absolute paths, got ['srv/b', './c']"),
        (["C:\\divalto"], True, "paths: expected absolute paths, got ['C:\\\\divalto']"),
        (["/srv/a", None], True, "paths: expected absolute paths, got [None]"),
        ([], False, "paths: expected absolute paths, got []"),
        ("/srv/a", True, "paths: expected a list of absolute paths, got '/srv/a'"),
        ({"/srv/a": 1}, True, "paths: expected a list of absolute paths, got {'/srv/a': 1}"),
    ],
)
def test_anything_else_is_refused_naming_what(paths, allow_empty, message):
    with pytest.raises(PathError) as caught:
        check_absolute_paths("paths", paths, allow_empty)
    assert str(caught.value) == message and isinstance(caught.value, DivaltoError)


def test_a_long_list_is_summarised():
    with pytest.raises(PathError) as caught:
        check_absolute_paths("paths", ["relative/%d" % number for number in range(500)])
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize("value", ["/", "//", "srv", "", None, 3, "/srv//x", "relative/x", "/srv/../etc"])
def test_absolute_directory_refuses(value):
    with pytest.raises(PathError, match="^where: expected an absolute path other than /, got "):
        absolute_directory("where", value)


def test_absolute_directory_raises_the_callers_error_and_strips_the_trailing_slash():
    class OwnError(DivaltoError):
        pass

    assert absolute_directory("where", "/srv/export/") == "/srv/export"
    with pytest.raises(OwnError):
        absolute_directory("where", "/", OwnError)
