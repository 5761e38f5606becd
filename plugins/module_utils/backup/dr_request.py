# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the requests of ``playbooks/dr_drill.yml`` and ``playbooks/dr_failover.yml``.

Checked whole in the first play of each playbook, on the controller, before the recovery datacenter's machines are
asked for their backup history (filter ``divalto.cloud.playbook_request``; ``core/request_spec.py``):

- ``dr_decision_time``: strict ISO 8601 with a UTC offset, not in the future (default: now); ``dr_now`` (tests):
  the clock the future is measured from;
- ``dr_tenant`` (drill): a tenant of the inventory; ``dr_priorities``: ``{tenant: integer}``, every key a tenant;
- ``dr_confirm`` (failover, required): the recovery datacenter's name (``backup/dr.py`` ``check_confirmation``);
- ``dr_drill_suffix``, ``dr_drill_root`` (drill): names (letters, digits, ``_``, ``-``): they become part of database
  names and of a directory under the tenant's root;
- ``dr_history_dir``, ``dr_report_dir``, ``dr_sql_backup_path``: paths without a ``..`` component.
"""

from __future__ import annotations

import datetime as _dt

from ansible_collections.divalto.cloud.plugins.module_utils.backup.dr import check_confirmation
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.model import require_records
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import UTC, RequestChecker
from ansible_collections.divalto.cloud.plugins.module_utils.core.request_spec import (
    Variable,
    check_variables,
    known_tenant,
    names,
    require_request,
)

COMMON = (
    Variable("dr_now", "time"),
    Variable("dr_decision_time", "time", not_future=True),
    Variable("dr_priorities", "integers", maximum=10**6),
    Variable("dr_history_dir", "path"),
    Variable("dr_report_dir", "path"),
    Variable("dr_sql_backup_path", "path"),
)
DRILL = (
    Variable("dr_tenant"),
    *COMMON,
    Variable("dr_drill_suffix", "name", default="_drill"),
    Variable("dr_drill_root", "name", default="drill"),
)
FAILOVER = (
    Variable("dr_confirm"),
    *COMMON,
)


def check_drill_request(request, environments, now=None):
    """The checked request of ``dr_drill.yml``, or :class:`RequestError` listing every problem.

    Returns ``{variable: checked value}`` (``dr_tenant`` ``None`` for every tenant) with ``decision_time`` and
    ``now`` as ISO 8601 in UTC instead of ``dr_decision_time`` and ``dr_now``.
    """
    checker = RequestChecker("dr_drill.yml request", names(DRILL))
    values = _common(checker, DRILL, request, environments, now)
    values["dr_tenant"] = known_tenant(checker, "dr_tenant", values["dr_tenant"], environments)
    return checker.done(values)


def check_failover_request(request, environments, platform, now=None):
    """The checked request of ``dr_failover.yml``, or :class:`RequestError` listing every problem.

    ``platform``: ``divalto_platform``, whose recovery datacenter ``dr_confirm`` must name (``datacenter`` in the
    result).
    """
    checker = RequestChecker("dr_failover.yml request", names(FAILOVER))
    values = _common(checker, FAILOVER, request, environments, now)
    confirm, given = values["dr_confirm"], request.get("dr_confirm")
    # Not given, or a string: compared with the recovery datacenter (a bad type is a problem already).
    if confirm is not None or not str(given or "").strip():
        try:
            values["datacenter"] = check_confirmation(platform, confirm or "")
        except DivaltoError as exc:
            checker.problem("dr_confirm", str(exc))
    return checker.done(values)


def _common(checker, spec, request, environments, now):
    """The variables of ``spec`` checked, the times in UTC, the priorities' tenants known."""
    require_records(environments, ("tenant",), "divalto_environments")
    require_request(request, spec)
    clock = checker.point_in_time("dr_now", request.get("dr_now")) or now or _dt.datetime.now(UTC)
    values = check_variables(checker, [v for v in spec if v.name != "dr_now"], request, clock)
    decision = values.pop("dr_decision_time") or clock
    values.update(decision_time=decision.astimezone(UTC).isoformat(), now=clock.astimezone(UTC).isoformat())
    for tenant in sorted(values.get("dr_priorities") or {}):
        known_tenant(checker, "dr_priorities", tenant, environments)
    return values
