# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What dpkg-query answers, and what a patch run installed."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.patching.packages import (
    PackageVersionsError,
    newly_installed,
    parse_dpkg_query,
)

ANSWER = "divalto-probe\t1.1\tii \nlibc6:i386\t2.36-9\tii \nlibc6\t2.36-9\thi \nold-tool\t0.9\trc \nhalf\t2.0\tiU \n"


def test_only_installed_packages_are_read():
    assert parse_dpkg_query(ANSWER) == {"divalto-probe": "1.1", "libc6:i386": "2.36-9", "libc6": "2.36-9"}


def test_new_and_upgraded_packages_are_installed_once_per_name():
    before = {"divalto-probe": "1.0", "libc6": "2.36-8", "unchanged": "1"}
    after = parse_dpkg_query(ANSWER) | {"unchanged": "1"}
    assert newly_installed(before, after) == ["divalto-probe 1.1", "libc6 2.36-9"]
    assert newly_installed(after, after) == []


@pytest.mark.parametrize(
    "answer, message",
    [
        ("Setting up a (1) ...", "dpkg-query line 1: expected '<package>\\t<version>\\t<status>', got 'Setting up"),
        ("a\t1\ti\n", "dpkg-query line 1: expected '<package>\\t<version>\\t<status>'"),
        ("\t1\tii \n", "dpkg-query line 1: expected '<package>\\t<version>\\t<status>'"),
    ],
)
def test_a_foreign_answer_is_refused(answer, message):
    with pytest.raises(PackageVersionsError) as caught:
        parse_dpkg_query(answer)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize("before", [None, ["a 1"], {"a": 1}])
def test_earlier_versions_of_another_shape_are_refused(before):
    with pytest.raises(PackageVersionsError) as caught:
        newly_installed(before, {"a": "1"})
    assert str(caught.value).startswith("since: expected a mapping of package -> version, got ")
