# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: what a file server's backup configuration holds for environments it no longer has.

An environment leaves a file server when it is decommissioned, moved to another file pair or when its tenant is
offboarded; a tenant leaves it when none of its environments is left there. Their schedules must then stop (a
restic run of a directory that is gone fails every night, and one of a directory kept aside would keep sending
data of a client that left), and their repository passwords and SSH keys must not stay on the machine.

``backup_removals`` compares what the ``file_backup`` role read on the machine (file and task names) with the
environments placed on its pair (all of them, never only a run's selection) and returns what to remove. Only
names of the role's own forms are considered: ``divalto-backup-<key>-<data set>.service`` / ``.timer`` (Linux)
or the scheduled task ``divalto-backup-<key>-<data set>`` (Windows), the password file ``<key>``, the key
files ``bk_<tenant>`` and ``bk_<tenant>.pub``. Any other name is left where it is and listed in ``ignored``.
The names come from the machine: each must be a plain file or task name, else the whole input is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restic import ACCOUNT_PREFIX, DATA_SETS
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

UNIT_PREFIX = "divalto-backup-"
REMOVAL_KINDS = ("timers", "units", "tasks", "password_files", "key_files", "ignored")
INSTALLED_KINDS = {"linux": ("units", "passwords", "keys"), "windows": ("tasks", "passwords", "keys")}
_KEY = r"[a-z][a-z0-9]{1,15}_[a-z0-9]+"
_JOB = r"(?P<key>%s)-(?:%s)" % (_KEY, "|".join(DATA_SETS))
_UNIT = re.compile(r"\A%s%s\.(?P<unit>service|timer)\Z" % (re.escape(UNIT_PREFIX), _JOB))
_TASK = re.compile(r"\A%s%s\Z" % (re.escape(UNIT_PREFIX), _JOB))
_PASSWORD = re.compile(r"\A(?P<key>%s)\Z" % _KEY)
_KEY_FILE = re.compile(r"\A%s(?P<tenant>[a-z][a-z0-9]{1,15})(?:\.pub)?\Z" % re.escape(ACCOUNT_PREFIX))
# (name read, its form, the group naming its owner, where a name of an owner that left goes)
_FORMS = (
    ("units", _UNIT, "key", "units"),
    ("tasks", _TASK, "key", "tasks"),
    ("passwords", _PASSWORD, "key", "password_files"),
    ("keys", _KEY_FILE, "tenant", "key_files"),
)
# A plain name: no directory separator, no control character, not "." or "..", at most 255 characters.
_PLAIN = re.compile(r"\A(?!\.{1,2}\Z)[^/\\\x00-\x1f\x7f]{1,255}\Z")


class BackupRemovalsError(DivaltoError):
    """What the role read on the machine cannot be compared with the plan; names the field."""


def installed_names(installed: Any, os_family: str) -> dict[str, list[str]]:
    """``installed`` checked: ``{kind: [plain names]}`` for the kinds of ``os_family`` (a missing kind is empty).

    Windows PowerShell 5.1 returns a one-element list as the element and an empty one as ``None``: both are
    taken for what they are; anything else that is not a list of strings is refused.
    """
    if os_family not in INSTALLED_KINDS:
        raise BackupRemovalsError("os_family: expected linux or windows, got %s" % excerpt(os_family))
    if not isinstance(installed, Mapping):
        raise BackupRemovalsError(
            "installed: expected a mapping of %s, got %s" % (", ".join(INSTALLED_KINDS[os_family]), excerpt(installed))
        )
    unknown = sorted(str(kind) for kind in installed if kind not in INSTALLED_KINDS[os_family])
    if unknown:
        raise BackupRemovalsError(
            "installed: %s not read on a %s file server (expected %s)"
            % (", ".join(unknown), os_family, ", ".join(INSTALLED_KINDS[os_family]))
        )
    result = {}
    for kind in INSTALLED_KINDS[os_family]:
        value = installed.get(kind)
        names = [] if value is None else [value] if isinstance(value, str) else value
        if not isinstance(names, (list, tuple)):
            raise BackupRemovalsError("installed.%s: expected a list of names, got %s" % (kind, excerpt(value)))
        for index, name in enumerate(names):
            if not isinstance(name, str) or not _PLAIN.match(name):
                raise BackupRemovalsError(
                    "installed.%s[%d]: expected a file or task name, got %s" % (kind, index, excerpt(name))
                )
        result[kind] = sorted(set(names))
    return result


def backup_removals(placed: Iterable[str], tenants: Iterable[str], installed: Any, os_family: str) -> dict[str, Any]:
    """What to remove from a file server whose pair holds the environments ``placed`` of ``tenants``.

    Returns ``{timers, units, tasks, password_files, key_files, ignored}``: ``timers`` the Linux timer units to stop and
    disable first, ``units`` the Linux unit files to delete (timers and services), ``tasks`` the Windows scheduled
    tasks to delete, ``password_files`` and ``key_files`` the file names to delete from the role's ``passwords`` and
    ``keys`` directories, ``ignored`` the names read that are not of the role's forms (``kind: name``). Each list
    is sorted.
    """
    names = installed_names(installed, os_family)
    keep = {"key": set(placed), "tenant": set(tenants)}
    removals: dict[str, Any] = {kind: [] for kind in REMOVAL_KINDS}
    for kind, form, owner, target in _FORMS:
        for name in names.get(kind, []):
            match = form.match(name)
            if match is None:
                removals["ignored"].append("%s: %s" % (kind, name))
            elif match.group(owner) not in keep[owner]:
                removals[target].append(name)
                if match.groupdict().get("unit") == "timer":
                    removals["timers"].append(name)
    return removals
