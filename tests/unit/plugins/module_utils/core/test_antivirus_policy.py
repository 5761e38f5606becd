# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""core.antivirus_policy: the antivirus.clamav settings, defaulted and checked."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.antivirus_policy import (
    AntivirusPolicyError,
    clamav_settings,
)

MIRROR = "http://clamav-mirror.ops.erp.example.net"


def settings(section):
    return clamav_settings({"antivirus": {"clamav": section}})


def test_the_standard_databases_need_a_mirror_of_the_platform():
    with pytest.raises(AntivirusPolicyError, match="antivirus.clamav.mirrors: expected one or more mirrors"):
        clamav_settings({})
    assert settings({"mirrors": [MIRROR]}) == {
        "mirrors": [MIRROR],
        "custom_databases": [],
        "standard_databases": ["main", "daily", "bytecode"],
        "checks_per_day": 12,
    }


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ("x", "antivirus.clamav: expected a mapping, got 'x'"),
        ({"mirror": [MIRROR]}, "antivirus.clamav: expected only the keys .*, got 'mirror'"),
        ({"mirrors": [MIRROR + "\nPrivateMirror evil"]}, "mirrors: expected a list of http"),
        ({"mirrors": MIRROR}, "mirrors: expected a list of http"),
        ({"mirrors": ["ftp://m"]}, "mirrors: expected a list of http"),
        ({"mirrors": [MIRROR], "standard_databases": ["safebrowsing"]}, "standard_databases: expected some of"),
        ({"mirrors": [MIRROR], "checks_per_day": 0}, "checks_per_day: expected an integer from 1 to 50"),
        ({"mirrors": [MIRROR], "checks_per_day": True}, "checks_per_day"),
        ({"mirrors": [MIRROR], "standard_databases": []}, "expected a source of signatures"),
        ({"standard_databases": [], "custom_databases": [MIRROR + "/p.hdb"]}, "mirrors: expected one or more mirrors"),
    ],
)
def test_bad_settings_name_their_field(section, message):
    with pytest.raises(AntivirusPolicyError, match=message):
        settings(section)
