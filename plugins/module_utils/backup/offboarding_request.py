# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the request of ``offboard_tenant.yml`` (docs/offboarding.md).

Checked whole in the playbook's first play, on the controller, before any machine is contacted (filter
``divalto.cloud.playbook_request``):

- ``confirm`` (required): the tenant, named in full; it may have left the registry already (the later steps of
  an offboarding run after its tenant file is removed), so the vault's record decides what it may do;
- ``offboard_returned``: the tenant again, to acknowledge that the client has its data (the decommissioning
  step); anything else is refused;
- ``offboard_days``: how long the data-return packages stay published, 1 to 90 (default 30);
- ``offboard_retention_days``: how long the vault keeps the tenant's backups after its decommissioning, 1 to 3650
  (default 30);
- ``offboard_final_backups``: take the final backups before the packages are built (default true); false builds
  them from the last nightly backups, when nothing changed since (the contract ended after them);
- ``offboard_report_dir``: where the report goes (default ``reports/``);
- ``offboard_now`` (tests): the time of the run, ISO 8601 with an offset.

The vault is the one that builds the D+1 packages (``core.topology.backup_vault`` of the datacenter holding the
database backups), so the return packages are the D+1 packages' format and place.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.backup.export_request import backups_datacenter
from ansible_collections.divalto.cloud.plugins.module_utils.backup.offboarding import RETENTION_DAYS
from ansible_collections.divalto.cloud.plugins.module_utils.core.model import require_records
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestChecker
from ansible_collections.divalto.cloud.plugins.module_utils.core.request_spec import (
    Variable,
    check_variables,
    names,
    require_request,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import backup_vault

DEFAULT_DAYS = 30
DEFAULT_RETENTION_DAYS = 30
OFFBOARD = (
    Variable("confirm", "name", required=True, hint="the tenant's name, in full"),
    Variable("offboard_returned", "name", hint="the tenant's name again, once the client has its data"),
    Variable("offboard_days", "integer", minimum=1, maximum=90, default=DEFAULT_DAYS),
    Variable(
        "offboard_retention_days",
        "integer",
        minimum=RETENTION_DAYS[0],
        maximum=RETENTION_DAYS[1],
        default=DEFAULT_RETENTION_DAYS,
    ),
    Variable("offboard_final_backups", "boolean", default=True),
    Variable("offboard_report_dir", "path", default="reports"),
    Variable("offboard_now", "time"),
)
SOURCE = "offboard_tenant.yml request"


def check_offboard_request(request: Mapping[str, Any], environments: Mapping, platform: Any = None) -> dict[str, Any]:
    """The checked request, or :class:`RequestError` listing every problem.

    Returns ``{tenant, in_registry, acknowledged, environments, days, retention_days, final_backups, report_dir, now,
    started, datacenter, vault}``: ``environments`` the tenant's keys (empty once it left the registry),
    ``started`` the check's time (or ``now``: the final backups come after it), ``vault`` the machine that keeps the
    offboarding record (``None`` when the datacenter has none: the playbook says so).
    """
    require_records(environments, ("tenant",), "divalto_environments")
    checker = RequestChecker(SOURCE, names(OFFBOARD))
    values = check_variables(checker, OFFBOARD, require_request(request, OFFBOARD))
    tenant = values["confirm"]
    returned = values["offboard_returned"]
    if returned is not None and tenant is not None and returned != tenant:
        checker.problem(
            "offboard_returned",
            "expected the tenant being offboarded, %s, got %s: the acknowledgement names the tenant in full"
            % (tenant, excerpt(returned)),
        )
    own = sorted(key for key, record in environments.items() if record["tenant"] == tenant)
    # One vault returns and erases everything of the tenant, or a package would miss data sets and the erasure
    # would leave the other vault's repositories.
    datacenter = backups_datacenter(
        checker, "confirm", platform, "no vault can be chosen", "all of the tenant's backups"
    )
    now = values["offboard_now"]
    started = now if now is not None else _dt.datetime.now(_dt.UTC)
    return checker.done(
        {
            "tenant": tenant,
            "in_registry": bool(own),
            "acknowledged": returned is not None and returned == tenant,
            "environments": own,
            "days": values["offboard_days"],
            "retention_days": values["offboard_retention_days"],
            "final_backups": values["offboard_final_backups"],
            "report_dir": values["offboard_report_dir"],
            "now": now.isoformat() if now is not None else None,
            "started": started.isoformat(timespec="seconds"),
            "datacenter": datacenter,
            "vault": backup_vault((platform or {}).get("machines") or {}, datacenter) if datacenter else None,
        }
    )
