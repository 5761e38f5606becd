# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backup policy (private to the divalto.cloud collection; its API may change without notice).

Pure Python, no Ansible imports. :func:`effective_policy` reads the optional ``backup:`` section of the
platform registry (``platform.yml``) and returns the fully defaulted, validated policy. Every key is
optional; the defaults are the service's contractual values (docs/backups.md)::

    backup:
      grace_minutes: 15                # tolerance added to every freshness check
      databases:
        copy_to: sxb1                  # default: the datacenter whose role is recovery
        rpo_hours: 3
        full:         {days: [sun], at: "21:00", keep_days: 14}
        differential: {days: [mon, tue, wed, thu, fri, sat], at: "21:00", keep_days: 14}
        log:          {every_minutes: 60, keep_hours: 24}
      code:                            # configuration, overrides, add-ons directories
        copy_to: sxb1
        rpo_hours: 24
        snapshot: {days: [mon, tue, wed, thu, fri, sat, sun], at: "22:00"}
        keep_days: 14                  # restic forget --keep-within 14d
      files:                           # ERP / portal file directories
        copy_to: sxb1
        rpo_hours: 24
        snapshot: {days: [mon, tue, wed, thu, fri, sat, sun], at: "22:30"}
        keep_days: 14

The result also carries ``timezone``: the time zone of the ``at`` wall-clock times (the platform setting
``timezone`` if set, else ``service_hours.timezone``, else ``Europe/Paris``).

Decisions:

* ``days`` lists are returned sorted Monday first and without duplicates.
* Full and differential backups never run on the same day (``days`` must not intersect).
* ``log.every_minutes`` must divide a day (1440 minutes) so that the log schedule is the same every day,
  and must not exceed the database RPO (a log interval longer than the RPO can never meet it).
* ``copy_to`` must name a datacenter of the platform.

Errors raise :class:`BackupPolicyError` whose message starts with the field path (``backup.files.keep_days``).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Collection, Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import SettingsError

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_TIMEZONE = "Europe/Paris"
DATA_SETS = ("code", "files")
_CLOCK_RE = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")

DEFAULTS = {
    "grace_minutes": 15,
    "databases": {
        "copy_to": None,
        "rpo_hours": 3,
        "full": {"days": ["sun"], "at": "21:00", "keep_days": 14},
        "differential": {"days": ["mon", "tue", "wed", "thu", "fri", "sat"], "at": "21:00", "keep_days": 14},
        "log": {"every_minutes": 60, "keep_hours": 24},
    },
    "code": {
        "copy_to": None,
        "rpo_hours": 24,
        "snapshot": {"days": list(DAY_NAMES), "at": "22:00"},
        "keep_days": 14,
    },
    "files": {
        "copy_to": None,
        "rpo_hours": 24,
        "snapshot": {"days": list(DAY_NAMES), "at": "22:30"},
        "keep_days": 14,
    },
}


class BackupPolicyError(SettingsError):
    """The ``backup:`` settings are invalid; the message starts with the field path."""


def _mapping(value: Any, path: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise BackupPolicyError(path, "a mapping", value)
    return value


def _check_keys(value: Mapping[str, Any], allowed: Collection[str], path: str) -> None:
    for key in value:
        if key not in allowed:
            raise BackupPolicyError(
                "%s.%s" % (path, key), "no such key (known keys: %s)" % ", ".join(sorted(allowed)), value[key]
            )


def _integer(value: Any, path: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise BackupPolicyError(path, "an integer >= %d" % minimum, value)
    return value


def _days(value: Any, path: str) -> list[str]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or not value:
        raise BackupPolicyError(path, "a non-empty list of days among %s" % ", ".join(DAY_NAMES), value)
    for index, day in enumerate(value):
        if day not in DAY_NAMES:
            raise BackupPolicyError("%s[%d]" % (path, index), "one of %s" % ", ".join(DAY_NAMES), day)
    return [day for day in DAY_NAMES if day in value]


def _clock(value: Any, path: str) -> str:
    if not isinstance(value, str) or not _CLOCK_RE.match(value):
        raise BackupPolicyError(path, 'a quoted time of day "HH:MM"', value)
    return value


def _merged(defaults: dict[str, Any], given: Any, path: str) -> dict[str, Any]:
    given = _mapping(given, path)
    _check_keys(given, defaults, path)
    result = copy.deepcopy(defaults)
    for key, value in given.items():
        if isinstance(defaults[key], dict):
            result[key] = _merged(defaults[key], value, "%s.%s" % (path, key))
        else:
            result[key] = value
    return result


def _datacenters(platform: Mapping[str, Any]) -> Mapping[str, Any]:
    datacenters = platform.get("datacenters") or {}
    if not isinstance(datacenters, Mapping):
        raise BackupPolicyError("datacenters", "a mapping of datacenter name -> {role, location}", datacenters)
    return datacenters


def _recovery_datacenter(datacenters: Mapping[str, Any]) -> str | None:
    recovery = sorted(
        name for name, dc in datacenters.items() if isinstance(dc, Mapping) and dc.get("role") == "recovery"
    )
    return recovery[0] if recovery else None


def _copy_to(value: Any, datacenters: Mapping[str, Any], default: str | None, path: str) -> str:
    if value is None:
        if default is None:
            raise BackupPolicyError(path, "a datacenter name (no datacenter has role recovery to default to)")
        return default
    if not isinstance(value, str) or value not in datacenters:
        raise BackupPolicyError(path, "one of the datacenters %s" % ", ".join(sorted(datacenters)), value)
    return value


def _timezone(platform: Mapping[str, Any]) -> str:
    settings = platform.get("settings")
    if not isinstance(settings, Mapping):
        settings = platform.get("platform")
    if isinstance(settings, Mapping) and settings.get("timezone"):
        return settings["timezone"]
    hours = platform.get("service_hours")
    if isinstance(hours, Mapping) and hours.get("timezone"):
        return hours["timezone"]
    return DEFAULT_TIMEZONE


def effective_policy(platform: Mapping[str, Any]) -> dict[str, Any]:
    """Return the fully defaulted and validated backup policy of a platform.

    ``platform`` is the ``divalto_platform`` inventory variable or the registry's platform mapping (both carry
    ``datacenters`` and, optionally, ``backup``). Raises :class:`BackupPolicyError` naming the field.
    """
    platform = _mapping(platform, "platform")
    datacenters = _datacenters(platform)
    policy = _merged(DEFAULTS, platform.get("backup"), "backup")
    recovery = _recovery_datacenter(datacenters)

    policy["grace_minutes"] = _integer(policy["grace_minutes"], "backup.grace_minutes", 0)

    databases = policy["databases"]
    databases["copy_to"] = _copy_to(databases["copy_to"], datacenters, recovery, "backup.databases.copy_to")
    databases["rpo_hours"] = _integer(databases["rpo_hours"], "backup.databases.rpo_hours", 1)
    for kind in ("full", "differential"):
        path = "backup.databases.%s" % kind
        databases[kind]["days"] = _days(databases[kind]["days"], path + ".days")
        databases[kind]["at"] = _clock(databases[kind]["at"], path + ".at")
        databases[kind]["keep_days"] = _integer(databases[kind]["keep_days"], path + ".keep_days", 1)
    both = set(databases["full"]["days"]) & set(databases["differential"]["days"])
    if both:
        raise BackupPolicyError(
            "backup.databases.differential.days",
            "no day of backup.databases.full.days (a full backup replaces the differential of its day)",
            sorted(both, key=DAY_NAMES.index),
        )
    log = databases["log"]
    log["every_minutes"] = _integer(log["every_minutes"], "backup.databases.log.every_minutes", 1)
    if 1440 % log["every_minutes"]:
        raise BackupPolicyError(
            "backup.databases.log.every_minutes",
            "a divisor of 1440 (the schedule repeats every day)",
            log["every_minutes"],
        )
    if log["every_minutes"] > databases["rpo_hours"] * 60:
        raise BackupPolicyError(
            "backup.databases.log.every_minutes",
            "at most backup.databases.rpo_hours * 60 = %d (a longer interval can never meet the RPO)"
            % (databases["rpo_hours"] * 60),
            log["every_minutes"],
        )
    log["keep_hours"] = _integer(log["keep_hours"], "backup.databases.log.keep_hours", 1)

    for data_set in DATA_SETS:
        section = policy[data_set]
        path = "backup.%s" % data_set
        section["copy_to"] = _copy_to(section["copy_to"], datacenters, recovery, path + ".copy_to")
        section["rpo_hours"] = _integer(section["rpo_hours"], path + ".rpo_hours", 1)
        section["snapshot"]["days"] = _days(section["snapshot"]["days"], path + ".snapshot.days")
        section["snapshot"]["at"] = _clock(section["snapshot"]["at"], path + ".snapshot.at")
        section["keep_days"] = _integer(section["keep_days"], path + ".keep_days", 1)

    policy["timezone"] = _timezone(platform)
    return policy
