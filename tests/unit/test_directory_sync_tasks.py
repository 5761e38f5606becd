# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The directory role's sync entry point (roles/directory/tasks/sync.yml): the order and shape of what it applies."""

from __future__ import annotations

import pathlib

import yaml

SYNC = pathlib.Path(__file__).resolve().parents[2] / "roles" / "directory" / "tasks" / "sync.yml"


def _tasks(tasks):
    """Every task of ``tasks``, blocks flattened in order (block, then rescue, then always)."""
    for task in tasks:
        yield task
        for part in ("block", "rescue", "always"):
            yield from _tasks(task.get(part, []))


def _changes():
    return [
        task["community.general.ldap_attrs"]["state"]
        for task in _tasks(yaml.safe_load(SYNC.read_text(encoding="utf-8")))
        if "community.general.ldap_attrs" in task
    ]


def test_removals_are_applied_before_adds():
    """Fail closed: a run that dies half-way must not leave the old access and the new together."""
    assert _changes() == ["absent", "present"]


def test_the_state_and_its_directory_are_not_world_readable():
    """The state names every leaver with its DN: the owner only (the reports: 0640, by directory_sync_report)."""
    tasks = list(_tasks(yaml.safe_load(SYNC.read_text(encoding="utf-8"))))
    (state,) = [task["ansible.builtin.copy"] for task in tasks if "ansible.builtin.copy" in task]
    assert state["dest"].endswith("/directory_sync_state.json") and state["mode"] == "0600"
    (directory,) = [task["ansible.builtin.file"] for task in tasks if "ansible.builtin.file" in task]
    assert directory["mode"] == "0750"
