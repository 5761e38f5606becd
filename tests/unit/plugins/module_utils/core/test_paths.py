# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""core.paths: absolute POSIX paths, the one check of every module that runs a command over paths."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.paths import PathError, check_absolute_paths


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
