# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a file server's backup configuration holds for environments and tenants it no longer has."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.file_removals import (
    BackupRemovalsError,
    backup_removals,
    installed_names,
)

PLACED = ["acme_production", "acme_staging", "cobalt_production"]
TENANTS = ["acme", "cobalt"]


def units(*keys):
    return [
        "divalto-backup-%s-%s.%s" % (key, data_set, kind)
        for key in keys
        for data_set in ("code", "files")
        for kind in ("service", "timer")
    ]


def test_units_passwords_and_keys_of_what_left_the_pair():
    installed = {
        "units": units("acme_production", "acme_testing", "gone_production") + ["ssh.service", "divalto-backup.d"],
        "passwords": ["acme_production", "acme_testing", "gone_production", "README"],
        "keys": ["bk_acme", "bk_acme.pub", "bk_gone", "bk_gone.pub", "known_hosts"],
    }
    removals = backup_removals(PLACED, TENANTS, installed, "linux")
    assert removals == {
        "timers": [
            "divalto-backup-acme_testing-code.timer",
            "divalto-backup-acme_testing-files.timer",
            "divalto-backup-gone_production-code.timer",
            "divalto-backup-gone_production-files.timer",
        ],
        "units": sorted(units("acme_testing", "gone_production")),
        "tasks": [],
        "password_files": ["acme_testing", "gone_production"],
        "key_files": ["bk_gone", "bk_gone.pub"],
        "ignored": ["units: divalto-backup.d", "units: ssh.service", "passwords: README", "keys: known_hosts"],
    }


def test_nothing_to_remove_when_everything_is_placed():
    installed = {"units": units(*PLACED), "passwords": PLACED, "keys": ["bk_acme", "bk_cobalt.pub"]}
    removals = backup_removals(PLACED, TENANTS, installed, "linux")
    assert removals == {key: [] for key in ("timers", "units", "tasks", "password_files", "key_files", "ignored")}


def test_a_pair_with_no_environment_left_removes_everything_of_the_role():
    installed = {"units": units("acme_production"), "passwords": ["acme_production"], "keys": ["bk_acme"]}
    removals = backup_removals([], [], installed, "linux")
    assert removals["units"] == sorted(units("acme_production"))
    assert (removals["password_files"], removals["key_files"]) == (["acme_production"], ["bk_acme"])


def test_windows_tasks_and_powershell_shapes():
    installed = {
        "tasks": ["divalto-backup-gone_production-files", "divalto-backup-acme_production-code", "Other task"],
        "passwords": "gone_production",  # a one-element list, as Windows PowerShell 5.1 returns it
        "keys": None,  # an empty one
    }
    removals = backup_removals(PLACED, TENANTS, installed, "windows")
    assert removals["tasks"] == ["divalto-backup-gone_production-files"]
    assert removals["password_files"] == ["gone_production"]
    assert removals["key_files"] == [] and removals["units"] == [] and removals["timers"] == []
    assert removals["ignored"] == ["tasks: Other task"]


def test_a_missing_kind_is_empty():
    assert installed_names({}, "linux") == {"units": [], "passwords": [], "keys": []}


@pytest.mark.parametrize(
    ("installed", "os_family", "message"),
    [
        (["units"], "linux", "installed: expected a mapping of units, passwords, keys, got ['units']"),
        ({"tasks": []}, "linux", "installed: tasks not read on a linux file server (expected units, passwords, keys)"),
        ({"units": []}, "windows", "installed: units not read on a windows file server"),
        ({"units": {"a": 1}}, "linux", "installed.units: expected a list of names, got {'a': 1}"),
        ({"passwords": ["ok", "../etc/passwd"]}, "linux", "installed.passwords[1]: expected a file or task name"),
        ({"keys": ["bk_a\\b"]}, "windows", "installed.keys[0]: expected a file or task name"),
        ({"keys": [".."]}, "linux", "installed.keys[0]: expected a file or task name, got '..'"),
        ({"keys": ["a\nb"]}, "linux", "installed.keys[0]: expected a file or task name"),
        ({"keys": ["x" * 300]}, "linux", "installed.keys[0]: expected a file or task name, got 'xxxx"),
        ({"keys": [3]}, "linux", "installed.keys[0]: expected a file or task name, got 3"),
        ({}, "darwin", "os_family: expected linux or windows, got 'darwin'"),
    ],
)
def test_hostile_input_is_refused_naming_the_entry(installed, os_family, message):
    with pytest.raises(BackupRemovalsError) as info:
        backup_removals(PLACED, TENANTS, installed, os_family)
    assert str(info.value).startswith(message)
    assert len(str(info.value)) < 200
