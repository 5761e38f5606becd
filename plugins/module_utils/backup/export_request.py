# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the request of ``backup_export.yml`` (the D+1 backup packages, docs/backup_export.md).

Checked whole in the playbook's first play, on the controller, before any vault is contacted (filter
``divalto.cloud.playbook_request``; ``core/request_spec.py``):

- ``export_tenant`` (required): a tenant of the inventory;
- ``export_environments``: keys of that tenant's environments (default: all of them);
- ``export_days``: how long the packages stay published, 1 to 90 (default ``platform.yml``'s
  ``client_access.download_days``, else 7);
- ``export_report_dir``: where the report goes (default ``reports/``);
- ``export_now`` (tests): the build time, ISO 8601 with an offset.

Also refused: a tenant without a person with ``downloads: true``, and a platform without
``client_access.download_port``: nobody could download the packages. The packages are built on the vaults of the
datacenter holding the backups: the backup policy's ``copy_to`` of the
databases, which must also hold the file data sets (one vault has both, or no package can be built there).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import (
    BackupPolicyError,
    effective_policy,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.model import require_records
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestChecker
from ansible_collections.divalto.cloud.plugins.module_utils.core.request_spec import (
    Variable,
    check_variables,
    known_tenant,
    names,
    require_request,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import backup_vault

DEFAULT_DAYS = 7
EXPORT = (
    Variable("export_tenant", "name", required=True),
    Variable("export_environments", "texts", hint="environment keys of the tenant, <tenant>_<type>"),
    Variable("export_days", "integer", minimum=1, maximum=90),
    Variable("export_report_dir", "path", default="reports"),
    Variable("export_now", "time"),
)
SOURCE = "backup_export.yml request"


def backups_datacenter(checker: RequestChecker, variable: str, platform: Any, refusal: str, whole: str) -> str | None:
    """The datacenter whose vault holds every backup of an environment (its databases' ``copy_to``), or ``None``
    and a problem of ``variable``: the policy is wrong (``refusal``), or the file data sets go to another
    datacenter, so that no vault holds ``whole``."""
    try:
        policy = effective_policy(platform or {})
    except BackupPolicyError as exc:
        checker.problem(variable, "%s: the backup policy of platform.yml: %s" % (refusal, exc))
        return None
    datacenter = policy["databases"]["copy_to"]
    elsewhere = [name for name in ("code", "files") if policy[name]["copy_to"] != datacenter]
    if elsewhere:
        checker.problem(
            variable,
            "no vault holds %s: platform.yml backs the databases up to %s (backup.databases.copy_to) and backup.%s to"
            " another datacenter" % (whole, datacenter, ", ".join(elsewhere)),
        )
    return datacenter


def check_export_request(request: Mapping[str, Any], environments: Mapping, platform: Any = None) -> dict[str, Any]:
    """The checked request, or :class:`RequestError` listing every problem.

    Returns ``{tenant, environments, days, report_dir, now, datacenter, vault}``: ``now`` an ISO 8601 text or
    ``None`` (the vault's clock), ``datacenter`` the one holding the backups, ``vault`` its vault that builds the
    packages (``core.topology.backup_vault``; ``None`` when it has none: the playbook says so).
    """
    require_records(environments, ("tenant",), "divalto_environments")
    checker = RequestChecker(SOURCE, names(EXPORT))
    values = check_variables(checker, EXPORT, require_request(request, EXPORT))
    tenant = known_tenant(checker, "export_tenant", values["export_tenant"], environments)
    own = sorted(key for key, record in environments.items() if record["tenant"] == tenant)
    chosen = own
    if tenant is not None and request.get("export_environments") is not None:
        chosen = []
        for index, key in enumerate(values["export_environments"] or []):
            if key not in own:
                checker.problem(
                    "export_environments[%d]" % index,
                    "%s is not an environment of %s (%s)" % (excerpt(key), tenant, ", ".join(own)),
                )
            elif key not in chosen:
                chosen.append(key)
        if not values["export_environments"] and values["export_environments"] is not None:
            checker.problem("export_environments", "expected at least one environment key, got an empty list")
    if tenant is not None and not any((environments[key].get("client_access") or {}).get("downloads") for key in own):
        checker.problem(
            "export_tenant",
            "%s has no person with downloads: true in its tenant file: nobody could download its packages" % tenant,
        )
    if platform is not None and not ((platform.get("client_access") or {}).get("download_port")):
        checker.problem(
            "export_tenant",
            "no package can be downloaded: platform.yml has no client_access.download_port (the DMZ port of the"
            " downloads)",
        )
    days = values["export_days"]
    if days is None:
        days = (((platform or {}).get("client_access") or {}).get("download_days")) or DEFAULT_DAYS
    datacenter = backups_datacenter(checker, "export_tenant", platform, "no package can be planned", "a whole package")
    now = values["export_now"]
    return checker.done(
        {
            "tenant": tenant,
            "environments": chosen,
            "days": days,
            "report_dir": values["export_report_dir"],
            "now": now.isoformat() if now is not None else None,
            "datacenter": datacenter,
            "vault": backup_vault((platform or {}).get("machines") or {}, datacenter) if datacenter else None,
        }
    )
