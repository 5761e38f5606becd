# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the request of ``playbooks/import_database.yml``, checked whole on the controller.

A client's database (initial takeover, version migration) is delivered as a ``.bak`` file into the ``exchange/in``
directory of one of its environments (client SFTP access, ``client_access``) and restored into that environment,
which is never production. The first play checks the request (filter ``divalto.cloud.playbook_request``) before any
machine is contacted; every problem is listed at once (``core.request``):

- ``import_tenant`` (required): a tenant of the inventory;
- ``import_target`` (required): an environment TYPE of that tenant, not production (a takeover into production is a
  copy from the imported environment with ``restore.yml``);
- ``import_file`` (required): the delivered file's name in the target's ``exchange/in`` directory: one file name
  (no folder: a folder can be a link the client made), ending in ``.bak``, of letters, digits, ``.``, ``_``, ``-``
  and spaces;
- ``import_sha256``: the SHA-256 the client gave (64 hexadecimal digits); without it the file ``<file>.sha256``
  next to the backup holds it (``import_file.parse_checksum_file``);
- ``import_database``: which of the target's databases is replaced, by role (``erp`` by default; the roles are the
  environment record's ``databases``);
- ``import_confirm`` (required): the target environment's key (the import replaces its database);
- ``import_reason`` (required): why (the ticket), kept in the report;
- ``import_report_dir``: a path; ``import_restore_timeout``: seconds the restore may take (60 to 86400);
- ``import_now`` (tests): the run's clock, ISO 8601 with an offset.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.backup.neutralise import copy_neutralisation
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_scope import side_stamp
from ansible_collections.divalto.cloud.plugins.module_utils.core.model import require_records
from ansible_collections.divalto.cloud.plugins.module_utils.core.neutralisation_policy import NeutralisationPolicyError
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import UTC, RequestChecker, suggestion
from ansible_collections.divalto.cloud.plugins.module_utils.core.request_spec import (
    Variable,
    check_variables,
    known_tenant,
    names,
    require_request,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

SOURCE = "import_database.yml request"
MAX_REASON_LENGTH = 500
DEFAULT_RESTORE_TIMEOUT = 14400
IMPORT = (
    Variable("import_tenant", required=True, hint="-e import_tenant=<tenant>"),
    Variable("import_target", required=True, hint="an environment type of the tenant (staging, testing...)"),
    Variable("import_file", required=True, max_length=200, hint="the delivered .bak file's name in exchange/in"),
    Variable("import_sha256", max_length=200),
    Variable("import_database", default="erp"),
    Variable("import_confirm", required=True, hint="the target environment's key, -e import_confirm=<key>"),
    Variable("import_reason", required=True, max_length=MAX_REASON_LENGTH, hint="why (the ticket), kept in the report"),
    Variable("import_report_dir", "path"),
    Variable("import_restore_timeout", "integer", default=DEFAULT_RESTORE_TIMEOUT, minimum=60, maximum=86400),
    Variable("import_now", "time"),
)
VARIABLES = names(IMPORT)
# One file name: what a client's SFTP client writes, nothing a shell, a path or T-SQL would read otherwise.
FILE_NAME = re.compile(r"\A[A-Za-z0-9_][A-Za-z0-9 ._-]{0,194}\.[Bb][Aa][Kk]\Z")
SHA256 = re.compile(r"\A[0-9A-Fa-f]{64}\Z")
CHECKSUM_SUFFIX = ".sha256"


def check_import_request(request: Mapping[str, Any], environments: Mapping, platform: Any = None, now=None) -> dict:
    """The checked request of ``import_database.yml``, or :class:`RequestError` listing every problem.

    ``platform``: ``divalto_platform`` (its ``neutralisation`` settings; ``None``: the defaults). Returns
    ``{tenant, target, target_type, file, checksum_file, sha256, database_role, database, quota_gb, confirm,
    reason, report_dir, restore_timeout, now, stamp, neutralisation}``: ``checksum_file`` is ``<file>.sha256``
    when no ``import_sha256`` is given (else ``None``), ``sha256`` lower case or ``None``, ``database`` the
    target's database name of that role, ``neutralisation`` what the import neutralises
    (``neutralise.copy_neutralisation``: an imported database is not production).
    """
    require_records(environments, ("tenant", "type", "production", "databases", "quota"), "divalto_environments")
    require_request(request, IMPORT)
    checker = RequestChecker(SOURCE, VARIABLES)
    clock = checker.point_in_time("import_now", request.get("import_now")) or now or _dt.datetime.now(UTC)
    values = check_variables(checker, [v for v in IMPORT if v.name != "import_now"], request)
    tenant = known_tenant(checker, "import_tenant", values["import_tenant"], environments)
    target = _target(checker, environments, tenant, values["import_target"])
    file_name = _file(checker, values["import_file"])
    sha256 = _sha256(checker, values["import_sha256"])
    role, database = _database(checker, environments, target, values["import_database"])
    _confirm(checker, target, values["import_confirm"])
    neutralisation = _neutralisation(checker, environments, target, platform)
    checker.done()
    record = environments[target]
    return {
        "tenant": tenant,
        "target": target,
        "target_type": record["type"],
        "file": file_name,
        "checksum_file": None if sha256 else file_name + CHECKSUM_SUFFIX,
        "sha256": sha256,
        "database_role": role,
        "database": database,
        "quota_gb": record["quota"]["database_gb"],
        "confirm": values["import_confirm"],
        "reason": values["import_reason"],
        "report_dir": values["import_report_dir"],
        "restore_timeout": values["import_restore_timeout"],
        "now": clock.astimezone(UTC).isoformat(),
        "stamp": side_stamp(clock),
        "neutralisation": neutralisation,
    }


def _target(checker: RequestChecker, environments: Mapping, tenant: str | None, value: str | None) -> str | None:
    """The key of the tenant's environment of type ``value``, never production; else a problem and None."""
    if tenant is None or value is None:
        return None
    own = {str(record["type"]): key for key, record in environments.items() if record["tenant"] == tenant}
    if value not in own:
        if value in environments and environments[value]["tenant"] == tenant:
            hint = ": give its type %s, not its key" % environments[value]["type"]
        else:
            hint = " (its environments: %s)%s" % (", ".join(sorted(own)), suggestion(value, sorted(own)))
        checker.problem("import_target", "tenant %s has no environment type %s%s" % (tenant, excerpt(value), hint))
        return None
    key = own[value]
    if environments[key].get("production"):
        checker.problem(
            "import_target",
            "%s is a production environment: a client's database is imported into a non-production environment "
            "(staging, testing...), checked there by the client, and a takeover into production is then a copy from "
            "that imported environment (docs/runbooks/import_client_database.md)" % key,
        )
        return None
    return key


def _file(checker: RequestChecker, value: str | None) -> str | None:
    if value is None:
        return None
    if "/" in value or "\\" in value or value in (".", ".."):
        checker.problem(
            "import_file",
            "%s is a path: give the file's name only, as the client put it into the target's exchange/in directory "
            "(folders are refused: one could be a link out of it)" % excerpt(value),
        )
        return None
    if not FILE_NAME.match(value):
        checker.problem(
            "import_file",
            "%s is not a backup file's name: letters, digits, spaces, '.', '_' and '-', ending in .bak (rename the "
            "file on the SFTP server if needed)" % excerpt(value),
        )
        return None
    return value


def _sha256(checker: RequestChecker, value: str | None) -> str | None:
    if value is None:
        return None
    if not SHA256.match(value):
        checker.problem(
            "import_sha256",
            "%s is not a SHA-256 (64 hexadecimal digits); leave it out to read <file>.sha256 next to the file"
            % excerpt(value),
        )
        return None
    return value.lower()


def _database(checker: RequestChecker, environments: Mapping, target: str | None, value: str | None):
    """(role, database name) of the target, or (None, None) after a problem."""
    if target is None or value is None:
        return None, None
    databases = environments[target]["databases"] or {}
    if value in databases:
        return value, databases[value]
    roles = sorted(databases)
    checker.problem(
        "import_database",
        "%s is not a database of %s (its databases: %s)%s"
        % (excerpt(value), target, ", ".join("%s (%s)" % (r, databases[r]) for r in roles), suggestion(value, roles)),
    )
    return None, None


def _confirm(checker: RequestChecker, target: str | None, value: str | None) -> None:
    if target is None or value is None or value == target:
        return
    checker.problem(
        "import_confirm",
        "%s is not the target environment's key: the import replaces a database of %s, confirm it with "
        "-e import_confirm=%s" % (excerpt(value), target, target),
    )


def _neutralisation(checker: RequestChecker, environments: Mapping, target: str | None, platform: Any):
    if target is None:
        return None
    settings = platform.get("neutralisation") if isinstance(platform, Mapping) else None
    try:
        return copy_neutralisation(environments[target], settings, True, None)
    except NeutralisationPolicyError as exc:
        checker.problem("divalto_platform.neutralisation", "%s (platform.yml)" % exc)
        return None
