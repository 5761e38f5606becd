# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the ``antivirus:`` settings of ``platform.yml``, defaulted and checked once.

The Windows machines run Microsoft Defender, whose signatures come from Windows Update; the Linux machines (DMZ
proxies, backup vault, Linux file servers) run ClamAV, whose signatures come only from the mirrors named here::

    antivirus:
      clamav:
        mirrors: [http://clamav-mirror.ops.erp.example.net]   # required: freshclam PrivateMirror, in order
        standard_databases: [main, daily, bytecode]           # default: all three, from the mirrors
        custom_databases: []                                  # further signature files (DatabaseCustomURL)
        checks_per_day: 12                                    # freshclam's Checks

The registry loader (``registry/checks.py``) calls :func:`clamav_settings` so that a bad section is reported with
the other problems of the registry, before any machine is contacted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import SettingsError

STANDARD_DATABASES = ("main", "daily", "bytecode")
DEFAULTS: dict[str, Any] = {
    "mirrors": [],
    "custom_databases": [],
    "standard_databases": list(STANDARD_DATABASES),
    "checks_per_day": 12,
}
URL = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/-]*)?\Z")


class AntivirusPolicyError(SettingsError):
    """The ``antivirus:`` settings are invalid; the message starts with the field path."""


def _urls(value: Any, path: str) -> list[str]:
    if not isinstance(value, list) or any(not isinstance(url, str) or not URL.match(url) for url in value):
        raise AntivirusPolicyError(path, "a list of http(s) URLs", value)
    return list(value)


def clamav_settings(platform: Mapping[str, Any], shape_checked: bool = False) -> dict[str, Any]:
    """``antivirus.clamav`` of the platform registry with its defaults; at least one source of signatures.

    ``shape_checked``: the registry's schema has already checked (and reported) the shape of every value, so only
    the rules across fields are checked here.
    """
    section = (platform.get("antivirus") or {}).get("clamav") or {}
    if not isinstance(section, Mapping):
        raise AntivirusPolicyError("antivirus.clamav", "a mapping", section)
    unknown = sorted(set(section) - set(DEFAULTS))
    if unknown:
        raise AntivirusPolicyError("antivirus.clamav", "only the keys %s" % ", ".join(DEFAULTS), unknown[0])
    settings = dict(DEFAULTS, **section)
    if not shape_checked:
        _check_shape(settings)
    standard = settings["standard_databases"]
    if not settings["mirrors"]:
        # freshclam refuses to run without a mirror, whatever it downloads.
        raise AntivirusPolicyError(
            "antivirus.clamav.mirrors",
            "one or more mirrors: freshclam takes its signatures from the platform's mirrors only, never from"
            " ClamAV's public network",
        )
    if not standard and not settings["custom_databases"]:
        raise AntivirusPolicyError("antivirus.clamav", "a source of signatures (no standard and no custom database)")
    return settings


def _check_shape(settings: dict[str, Any]) -> None:
    settings["mirrors"] = _urls(settings["mirrors"], "antivirus.clamav.mirrors")
    settings["custom_databases"] = _urls(settings["custom_databases"], "antivirus.clamav.custom_databases")
    standard = settings["standard_databases"]
    if not isinstance(standard, list) or any(name not in STANDARD_DATABASES for name in standard):
        raise AntivirusPolicyError(
            "antivirus.clamav.standard_databases", "some of %s" % ", ".join(STANDARD_DATABASES), standard
        )
    checks = settings["checks_per_day"]
    if not isinstance(checks, int) or isinstance(checks, bool) or not 1 <= checks <= 50:
        raise AntivirusPolicyError("antivirus.clamav.checks_per_day", "an integer from 1 to 50", checks)
