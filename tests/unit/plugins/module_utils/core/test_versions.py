# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The order of service-pack versions (module_utils/core/versions.py)."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.versions import (
    VersionError,
    compare_versions,
    is_older,
    is_version,
    sort_versions,
    version_key,
)


@pytest.mark.parametrize(
    "older, newer",
    [
        ("v2026_erpx13_p223a", "v2026_erpx13_p224"),
        ("v2026_erpx13_p223", "v2026_erpx13_p223a"),
        ("v2026_erpx13_p223a", "v2026_erpx13_p223b"),
        ("v2026_erpx13_p99", "v2026_erpx13_p100"),  # numbers, not text
        ("v2025_erpx12_p310", "v2026_erpx13_p1"),
        ("v2026_erpx9_p500", "v2026_erpx13_p1"),
    ],
)
def test_order(older, newer):
    assert compare_versions(older, newer) == -1
    assert compare_versions(newer, older) == 1
    assert is_older(older, newer) and not is_older(newer, older)


def test_same_version():
    assert compare_versions("v2026_erpx13_p224", "v2026_erpx13_p224") == 0
    assert not is_older("v2026_erpx13_p224", "v2026_erpx13_p224")


def test_sort():
    versions = ["v2026_erpx13_p224", "v2025_erpx12_p310", "v2026_erpx13_p223a", "v2026_erpx13_p223"]
    assert sort_versions(versions) == [
        "v2025_erpx12_p310",
        "v2026_erpx13_p223",
        "v2026_erpx13_p223a",
        "v2026_erpx13_p224",
    ]


def test_key():
    assert version_key("v2026_erpx13_p223a") == ("erpx", 2026, 13, 223, "a")
    assert is_version("v2026_erpx13_p224") and not is_version("2026_erpx13_p224") and not is_version(None)


@pytest.mark.parametrize(
    "name", ["", "v2026_erpx13", "v2026_erpx13_p224_old", "V2026_ERPX13_P224", 224, None, "v2026_erpx13_p224\n"]
)
def test_not_a_version(name):
    with pytest.raises(VersionError, match=r" is not a service-pack version \(expected e\.g\. 'v2026_erpx13_p224'"):
        compare_versions(name, "v2026_erpx13_p224")


def test_long_name_is_an_excerpt():
    with pytest.raises(VersionError) as info:
        version_key("x" * 500)
    assert len(str(info.value)) < 200 and "(502 characters)" in str(info.value)


def test_different_products_have_no_order():
    with pytest.raises(
        VersionError, match=r"^v2026_erpx13_p224 and v2026_crm2_p1 are versions of different products \(erpx, crm\)"
    ):
        compare_versions("v2026_erpx13_p224", "v2026_crm2_p1")


def test_a_trailing_newline_is_no_version():
    """The pattern ends with \\Z: Python's $ would accept "v2026_erpx13_p224\\n" (a line read with its newline)."""
    assert not is_version("v2026_erpx13_p224\n")
    with pytest.raises(VersionError):
        version_key("v2026_erpx13_p224\n")
