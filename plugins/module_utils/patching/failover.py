# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: whether a failover before patching is complete, from what the scripts read back.

Patching a machine of an HA pair starts with its partner taking over (roles/patching/tasks/failover.yml). The old
primary is touched only when this module says the takeover is complete:

* SQL Server availability groups (``files/sql_ag_failover.ps1``): every group the machine was secondary of now has
  it as primary, and every database of each group is ``Synchronized`` (the other replica has caught up, so the old
  primary may restart without losing a transaction) and ``Normal`` (online);
* Windows file-server cluster roles (``files/cluster_move.ps1``): every file-server role is owned by the machine
  (its computer name, as the script reports it) and ``Online``.

Input is ``win_powershell``'s ``result`` as Windows PowerShell 5.1 serialises it (see ``core.powershell``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core import powershell as ps
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError


class FailoverError(DivaltoError):
    """The takeover is not complete: the old primary must not be touched."""


def availability_groups(result: Any, machine: str) -> list[dict[str, Any]]:
    """The availability groups ``machine`` took over, checked; raise :class:`FailoverError` when one is not ready."""
    groups = []
    problems = []
    for index, record in enumerate(ps.records(result, "result")):
        field = "result[%d]" % index
        name = ps.string(record, "AvailabilityGroup", field)
        role = ps.string(record, "Role", field)
        databases = []
        for number, database in enumerate(ps.records(record.get("Databases"), field + ".Databases")):
            where = "%s.Databases[%d]" % (field, number)
            databases.append(
                {
                    "name": ps.string(database, "Name", where),
                    "synchronization_state": ps.string(database, "SynchronizationState", where),
                    "status": ps.string(database, "Status", where),
                }
            )
        if role != "Primary":
            problems.append("%s: %s is still %s of it" % (name, machine, role))
        for database in databases:
            if database["synchronization_state"] != "Synchronized":
                problems.append(
                    "%s: database %s is %s, not Synchronized"
                    % (name, database["name"], database["synchronization_state"])
                )
            if "Normal" not in [part.strip() for part in database["status"].split(",")]:
                problems.append("%s: database %s is %s, not Normal" % (name, database["name"], database["status"]))
        groups.append({"name": name, "role": role, "databases": databases})
    if problems:
        raise FailoverError(_refusal(machine, problems))
    return groups


def cluster_roles(result: Any, machine: str) -> list[dict[str, Any]]:
    """The file-server cluster roles moved to ``machine``, checked; raise :class:`FailoverError` when one is not."""
    roles = []
    problems = []
    for index, record in enumerate(ps.records(result, "result")):
        field = "result[%d]" % index
        role = {
            "name": ps.string(record, "Name", field),
            "owner": ps.string(record, "OwnerNode", field),
            "state": ps.string(record, "State", field),
            "node": ps.string(record, "Node", field),
        }
        # Node: the computer name of the machine the script ran on (a cluster knows its nodes by that name, which
        # may differ from the inventory's, e.g. cut to 15 characters).
        if role["owner"].lower() != role["node"].lower():
            problems.append("%s is owned by %s, not by %s" % (role["name"], role["owner"], role["node"]))
        if role["state"] != "Online":
            problems.append("%s is %s, not Online" % (role["name"], role["state"]))
        roles.append(role)
    if problems:
        raise FailoverError(_refusal(machine, problems))
    return roles


def _refusal(machine: str, problems: list[str]) -> str:
    return "the takeover by %s is not complete, its partner is not touched: %s" % (machine, "; ".join(problems))


CHECKS = {"availability_groups": availability_groups, "cluster_roles": cluster_roles}


def check(kind: str, result: Any, machine: str) -> Mapping[str, Any]:
    """``{kind: [...]}``, checked by the function of ``kind`` (a key of :data:`CHECKS`)."""
    return {kind: CHECKS[kind](result, machine)}
