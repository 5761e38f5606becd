# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backup policy: defaults, overrides, the registry schema entry, and every validation error."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import (
    BackupPolicyError,
    effective_policy,
)
from ansible_collections.divalto.cloud.plugins.module_utils.registry.load import RegistryError, load_registry

DATACENTERS = {"par1": {"role": "primary"}, "sxb1": {"role": "recovery"}}
EXPECTED_DEFAULTS = {
    "grace_minutes": 15,
    "databases": {
        "copy_to": "sxb1",
        "rpo_hours": 3,
        "full": {"days": ["sun"], "at": "21:00", "keep_days": 14},
        "differential": {"days": ["mon", "tue", "wed", "thu", "fri", "sat"], "at": "21:00", "keep_days": 14},
        "log": {"every_minutes": 60, "keep_hours": 24},
    },
    "code": {
        "copy_to": "sxb1",
        "rpo_hours": 24,
        "snapshot": {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "at": "22:00"},
        "keep_days": 14,
    },
    "files": {
        "copy_to": "sxb1",
        "rpo_hours": 24,
        "snapshot": {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "at": "22:30"},
        "keep_days": 14,
    },
    "timezone": "Europe/Paris",
}


def platform(backup=None, **extra):
    result = {"datacenters": DATACENTERS}
    if backup is not None:
        result["backup"] = backup
    result.update(extra)
    return result


def error_of(backup, **extra):
    with pytest.raises(BackupPolicyError) as caught:
        effective_policy(platform(backup, **extra))
    return str(caught.value)


def test_defaults_are_the_service_values():
    assert effective_policy(platform()) == EXPECTED_DEFAULTS


def test_example_registry_states_the_defaults(registry):
    loaded = load_registry(str(registry.root))
    assert effective_policy(loaded.platform) == EXPECTED_DEFAULTS


def test_empty_section_is_defaults():
    assert effective_policy(platform({})) == EXPECTED_DEFAULTS


def test_override_keeps_other_defaults():
    policy = effective_policy(platform({"files": {"keep_days": 30, "snapshot": {"at": "23:15"}}}))
    assert policy["files"]["keep_days"] == 30
    assert policy["files"]["snapshot"] == {"days": list(EXPECTED_DEFAULTS["files"]["snapshot"]["days"]), "at": "23:15"}
    assert policy["code"] == EXPECTED_DEFAULTS["code"]


def test_days_sorted_and_deduplicated():
    policy = effective_policy(platform({"code": {"snapshot": {"days": ["sun", "mon", "sun"]}}}))
    assert policy["code"]["snapshot"]["days"] == ["mon", "sun"]


def test_does_not_modify_input():
    given = {"files": {"keep_days": 30}}
    effective_policy(platform(given))
    assert given == {"files": {"keep_days": 30}}


def test_copy_to_explicit_datacenter():
    assert effective_policy(platform({"code": {"copy_to": "par1"}}))["code"]["copy_to"] == "par1"


def test_timezone_from_settings_then_service_hours():
    assert effective_policy(platform(settings={"timezone": "Europe/Berlin"}))["timezone"] == "Europe/Berlin"
    assert effective_policy(platform(platform={"timezone": "Europe/Rome"}))["timezone"] == "Europe/Rome"
    assert effective_policy(platform(service_hours={"timezone": "Europe/Madrid"}))["timezone"] == "Europe/Madrid"


@pytest.mark.parametrize(
    "backup, message",
    [
        ("weekly", "backup: expected a mapping, got 'weekly'"),
        (
            {"colour": 1},
            "backup.colour: expected no such key (known keys: code, databases, files, grace_minutes), got 1",
        ),
        ({"grace_minutes": -1}, "backup.grace_minutes: expected an integer >= 0, got -1"),
        ({"grace_minutes": True}, "backup.grace_minutes: expected an integer >= 0, got True"),
        ({"databases": {"rpo_hours": 0}}, "backup.databases.rpo_hours: expected an integer >= 1, got 0"),
        ({"databases": {"full": []}}, "backup.databases.full: expected a mapping, got []"),
        (
            {"databases": {"full": {"days": "sun"}}},
            "backup.databases.full.days: expected a non-empty list of days among mon, tue, wed, thu, fri, sat, sun,"
            " got 'sun'",
        ),
        (
            {"databases": {"full": {"days": ["sunday"]}}},
            "backup.databases.full.days[0]: expected one of mon, tue, wed, thu, fri, sat, sun, got 'sunday'",
        ),
        (
            {"databases": {"full": {"at": 1260}}},
            'backup.databases.full.at: expected a quoted time of day "HH:MM", got 1260',
        ),
        (
            {"databases": {"differential": {"keep_days": 0}}},
            "backup.databases.differential.keep_days: expected an integer >= 1, got 0",
        ),
        (
            {"databases": {"differential": {"days": ["sat", "sun"]}}},
            "backup.databases.differential.days: expected no day of backup.databases.full.days (a full backup"
            " replaces the differential of its day), got ['sun']",
        ),
        (
            {"databases": {"log": {"every_minutes": 7}}},
            "backup.databases.log.every_minutes: expected a divisor of 1440 (the schedule repeats every day), got 7",
        ),
        (
            {"databases": {"log": {"every_minutes": 240}}},
            "backup.databases.log.every_minutes: expected at most backup.databases.rpo_hours * 60 = 180 (a longer"
            " interval can never meet the RPO), got 240",
        ),
        ({"databases": {"log": {"keep_hours": 0}}}, "backup.databases.log.keep_hours: expected an integer >= 1, got 0"),
        ({"code": {"copy_to": "lon1"}}, "backup.code.copy_to: expected one of the datacenters par1, sxb1, got 'lon1'"),
        ({"code": {"rpo_hours": "24"}}, "backup.code.rpo_hours: expected an integer >= 1, got '24'"),
        ({"files": {"keep_days": 0}}, "backup.files.keep_days: expected an integer >= 1, got 0"),
        (
            {"files": {"snapshot": {"at": "24:00"}}},
            "backup.files.snapshot.at: expected a quoted time of day \"HH:MM\", got '24:00'",
        ),
        (
            {"files": {"snapshot": {"days": []}}},
            "backup.files.snapshot.days: expected a non-empty list of days among"
            " mon, tue, wed, thu, fri, sat, sun, got []",
        ),
    ],
)
def test_validation_errors_name_the_field(backup, message):
    assert error_of(backup) == message


def test_no_recovery_datacenter_needs_copy_to():
    with pytest.raises(BackupPolicyError) as caught:
        effective_policy({"datacenters": {"par1": {"role": "primary"}}})
    assert str(caught.value) == (
        "backup.databases.copy_to: expected a datacenter name (no datacenter has role recovery to default to)"
    )


def test_platform_must_be_a_mapping():
    with pytest.raises(BackupPolicyError) as caught:
        effective_policy(["par1"])
    assert str(caught.value) == "platform: expected a mapping, got ['par1']"


def test_datacenters_must_be_a_mapping():
    with pytest.raises(BackupPolicyError) as caught:
        effective_policy({"datacenters": ["par1"]})
    assert str(caught.value) == "datacenters: expected a mapping of datacenter name -> {role, location}, got ['par1']"


def test_registry_schema_rejects_unknown_backup_key(registry):
    registry.edit("platform.yml", lambda doc: doc["backup"]["files"].update(colour="blue"))
    with pytest.raises(RegistryError) as caught:
        load_registry(str(registry.root))
    found = [str(problem) for problem in caught.value.problems]
    assert any("backup.files" in problem and "colour" in problem for problem in found), found


def test_registry_schema_rejects_bad_time(registry):
    registry.edit("platform.yml", lambda doc: doc["backup"]["databases"]["full"].update(at="9pm"))
    with pytest.raises(RegistryError) as caught:
        load_registry(str(registry.root))
    found = [str(problem) for problem in caught.value.problems]
    assert any("backup.databases.full.at" in problem and "HH:MM" in problem for problem in found), found
