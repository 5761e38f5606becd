# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""WL107: the SQL connection trust is set on a machine before the first dbatools or lowlydba.sqlserver use there.

Per YAML file, in document order, include_tasks/import_tasks followed into the files they name (recursively, each
file once per chain). Trust is per machine: a task runs on the play's host unless it is delegated (``delegate_to``
on the task, an enclosing block, an ``import_tasks``/``import_role`` above it, or the ``apply:`` of an
``include_tasks``/``include_role``). A task delegated to another machine sets, or needs, the trust of that machine
(its ``delegate_to`` text, Jinja spacing ignored); one delegated to localhost runs on the controller and neither
sets nor needs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from .discovery import (
    INCLUDE_ROLE,
    INCLUDE_TASKS,
    LOWLYDBA_PREFIX,
    WIN_POWERSHELL,
    Files,
    Scopes,
    Task,
    mapping,
    scalar,
)
from .powershell import Script
from .report import Finding, display
from .rules import dbatools_calls

TRUST_COMMAND = re.compile(
    r"(?<![\w$.-])Set-DbatoolsInsecureConnection(?![\w-])|(?<![\w-])-TrustServerCertificate(?![\w-])", re.I
)
SET_CONFIG = re.compile(r"(?<![\w$.-])Set-DbatoolsConfig(?![\w-])", re.I)
TRUSTCERT = re.compile(r"sql\.connection\.trustcert", re.I)
TRUST_MESSAGE = "dbatools/lowlydba used before the SQL connection trust is set (roles/sqlserver/tasks/sql_trust.yml)"
DYNAMIC = ("include_role", "include_tasks")  # keywords reach the included tasks only through apply:
CONTROLLER = "localhost"  # the target of a task delegated to the controller
CONTROLLER_NAMES = {"localhost", "127.0.0.1", "::1"}
NO_DELEGATION = {"", "~", "null", "{{ inventory_hostname }}"}
JINJA_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.S)


def sets_trust(script: Script) -> bool:
    """Set-DbatoolsInsecureConnection, -TrustServerCertificate, or Set-DbatoolsConfig with sql.connection.trustcert."""
    if TRUST_COMMAND.search(script.bare):
        return True
    return SET_CONFIG.search(script.bare) is not None and TRUSTCERT.search(script.code) is not None


def scripts_of(task: Task, files: Files) -> list[Script]:
    if task.module != WIN_POWERSHELL:
        return []
    script = files.task_script(task) or files.path_script(task)
    return [] if script is None else [script]


def is_trust(task: Task, files: Files) -> bool:
    if task.module in INCLUDE_ROLE:
        return "sql_trust" in (scalar(task.args.get("tasks_from")) or "")
    if task.module in INCLUDE_TASKS:
        target = scalar(task.args.get("_raw_params")) or scalar(task.args.get("file")) or ""
        return "sql_trust" in target
    return any(sets_trust(script) for script in scripts_of(task, files))


def uses_sql(task: Task, files: Files) -> bool:
    if (task.module_key or "").startswith(LOWLYDBA_PREFIX):
        return True
    return any(dbatools_calls(script) for script in scripts_of(task, files))


def target(task: Task) -> str | None:
    """Where ``task`` runs: None for the play's host, CONTROLLER for localhost, else its ``delegate_to`` text."""
    apply = mapping(task.args.get("apply")) if task.module in DYNAMIC else {}
    node = apply["delegate_to"] if "delegate_to" in apply else task.inherited("delegate_to")
    text = JINJA_EXPRESSION.sub(lambda match: "{{ %s }}" % " ".join(match.group(1).split()), scalar(node) or "")
    text = text.strip()
    if text.lower() in NO_DELEGATION:
        return None
    if text.lower() in CONTROLLER_NAMES:
        return CONTROLLER
    return text


def include_scopes(task: Task) -> Scopes:
    """The scopes of the tasks an include_tasks/import_tasks brings in: what they inherit from it, then its own."""
    keys = mapping(task.args.get("apply")) if task.module in DYNAMIC else task.keys
    return ((task.node, keys), *task.scopes)


def expanded(task: Task, files: Files, chain: tuple[Path, ...]) -> Iterator[Task]:
    """``task``, or the tasks of the file it includes (recursively), in order; a file already in ``chain`` is not."""
    if task.module in INCLUDE_TASKS and not is_trust(task, files):
        path = files.include_file(task)
        tasks = None if path is None or path in chain else files.included_tasks(path, include_scopes(task))
        if tasks is not None and path is not None:
            for included in tasks:
                yield from expanded(included, files, (*chain, path))
            return
    yield task


def check_trust_order(tasks: list[Task], files: Files) -> list[Finding]:
    """One finding per file, at its task (or include) where SQL is first used on a machine without the trust."""
    trusted: set[str | None] = set()
    for top in tasks:
        for task in expanded(top, files, (top.path.resolve(),)):
            where = target(task)
            if where == CONTROLLER:
                continue
            if is_trust(task, files):
                trusted.add(where)
            elif where not in trusted and uses_sql(task, files):
                message = TRUST_MESSAGE
                if where is not None:
                    message += f" on {where}"
                if task is not top:
                    message += f" (in {display(task.path)}:{task.line})"
                return [Finding(display(top.path), top.line, "WL107", message)]
    return []
