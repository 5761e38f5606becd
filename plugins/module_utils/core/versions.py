# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the order of service-pack versions.

A service-pack version names one immutable version directory (docs/service_packs.md):
``v<year>_<product><release>_p<patch>[<letter>]``, e.g. ``v2026_erpx13_p224`` or ``v2026_erpx13_p223a`` (a
letter is a hotfix on top of that patch level). Versions are ordered by year, release, patch level, then letter
(no letter first), all compared as numbers where they are numbers: ``v2026_erpx13_p99 < v2026_erpx13_p100``,
``v2026_erpx13_p223 < v2026_erpx13_p223a < v2026_erpx13_p223b < v2026_erpx13_p224``, and
``v2025_erpx12_p310 < v2026_erpx13_p1``. Versions of different products (the letters before the release number)
have no order: comparing them is an error, as is comparing a name that is not a version.
"""

from __future__ import annotations

import re

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

# \Z, not $: Python's $ also matches before a trailing newline ("v2026_erpx13_p224\n" is no version).
VERSION_PATTERN = re.compile(r"^v(20[0-9]{2})_([a-z]+)([0-9]+)_p([0-9]{1,4})([a-z]?)\Z")


class VersionError(DivaltoError):
    """A name that is not a service-pack version, or two versions that have no order."""


def is_version(name: object) -> bool:
    """True when ``name`` is a service-pack version string."""
    return isinstance(name, str) and VERSION_PATTERN.match(name) is not None


def version_key(version: object) -> tuple[str, int, int, int, str]:
    """``(product, year, release, patch, letter)`` of ``version``; raises :class:`VersionError` otherwise."""
    match = VERSION_PATTERN.match(version) if isinstance(version, str) else None
    if match is None:
        raise VersionError(
            "%s is not a service-pack version (expected e.g. 'v2026_erpx13_p224' or 'v2026_erpx13_p223a')"
            % excerpt(version)
        )
    year, product, release, patch, letter = match.groups()
    return product, int(year), int(release), int(patch), letter


def compare_versions(left: object, right: object) -> int:
    """-1, 0 or 1 as ``left`` is older than, the same as or newer than ``right``."""
    left_key, right_key = version_key(left), version_key(right)
    if left_key[0] != right_key[0]:
        raise VersionError(
            "%s and %s are versions of different products (%s, %s): they have no order"
            % (left, right, left_key[0], right_key[0])
        )
    return (left_key > right_key) - (left_key < right_key)


def is_older(version: object, than: object) -> bool:
    """True when ``version`` is older than ``than`` (see :func:`compare_versions`)."""
    return compare_versions(version, than) < 0


def sort_versions(versions: list[str]) -> list[str]:
    """``versions`` from oldest to newest (all of one product)."""
    for version in versions[1:]:
        compare_versions(versions[0], version)
    return sorted(versions, key=version_key)
