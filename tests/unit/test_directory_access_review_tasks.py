# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The directory role's access_review entry point (roles/directory/tasks/access_review.yml): it reads what the
access_review action needs and changes nothing in the directory."""

from __future__ import annotations

import pathlib

import yaml

TASKS = pathlib.Path(__file__).resolve().parents[2] / "roles" / "directory" / "tasks" / "access_review.yml"


def _tasks(tasks):
    for task in tasks:
        yield task
        for part in ("block", "rescue", "always"):
            yield from _tasks(task.get(part, []))


def _all():
    return list(_tasks(yaml.safe_load(TASKS.read_text(encoding="utf-8"))))


def test_it_never_writes_to_the_directory():
    modules = {key for task in _all() for key in task if "." in key}
    assert not modules & {
        "community.general.ldap_attrs",
        "community.general.ldap_entry",
        "divalto.cloud.directory_password",
    }
    assert any(task.get("ansible.builtin.import_tasks") == "connect.yml" for task in _all())


def test_it_reads_the_attributes_the_review_needs():
    searches = [task["community.general.ldap_search"] for task in _all() if "community.general.ldap_search" in task]
    attributes = [set(search["attrs"]) for search in searches]
    assert {"member"} <= attributes[0]
    assert {"objectClass", "sAMAccountName", "userAccountControl", "lastLogonTimestamp"} <= attributes[1]
    # Members can be groups: the second search returns groups too, so that a nested group is named, not unresolved.
    assert "(objectClass=group)" in searches[1]["filter"] and "(objectClass=user)" in searches[1]["filter"]
    assert all(search.get("page_size") for search in searches)


def test_the_review_is_decided_and_written_by_the_action_alone():
    names = [
        next(key for key in task if key.startswith("divalto.cloud."))
        for task in _all()
        if any(key.startswith("divalto.cloud.") for key in task)
    ]
    assert names == ["divalto.cloud.access_review"]
    # The review itself never becomes a task's argument or is read from a result: only the action's summary is.
    text = TASKS.read_text(encoding="utf-8")
    assert "__directory_review.review" not in text and "review: " not in text
