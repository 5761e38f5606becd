# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the request of ``playbooks/restore.yml``, checked whole on the controller.

The first play of the playbook calls :func:`check_restore_request` (filter ``divalto.cloud.restore_request``) before
any machine is contacted: the SQL and file primaries of the source are only asked for their backup history once the
whole request is right. Every problem is listed at once (``core.request``):

- ``restore_tenant`` (required): a tenant of ``divalto_environments``;
- ``restore_source`` (required), ``restore_target`` (default: the source): environment TYPES of that tenant (the
  plays select ``env_<tenant>_<type>``, so an environment key would select no machine); a key of another tenant is a
  cross-tenant restore, refused naming both tenants; a production target is only restored from its own backups;
- ``restore_point_in_time`` (required): strict ISO 8601 with a UTC offset, not in the future;
- ``restore_now`` (tests): strict ISO 8601 with a UTC offset, the time the future is measured from;
- ``restore_history_dir``, ``restore_report_dir``: paths (strings); ``restore_history_days``: 1 to 3660;
- ``restore_neutralise_steps``: a list of steps, each ``name`` and ``sql`` (strings), ``database`` (``erp``,
  ``portal`` or ``bi``, default ``erp``) and ``description``, nothing else; they replace the platform's
  ``neutralisation:`` settings for this run (``backup.neutralise``); steps that come out empty for a non-production
  target whose databases are restored (an empty list, no step of a database the target has, or settings whose
  every option the tenant does not license) are refused: a copy is always neutralised, there is no override;
- ``restore_scope``: ``both`` (default), ``databases`` or ``files``;
- ``restore_paths``: files or folders relative to the environment directory, each starting with one of the
  target's (and source's) directories, without ``..``, ``.``, empty folder names, backslashes or pattern characters,
  none inside another, at most ``restore_scope.MAX_PATHS``; only with the scope ``files`` or ``both``;
- ``restore_in_place`` (default false): restore the paths in place instead of into the side directory; only with
  ``restore_paths``, and only when ``restore_confirm`` equals the target environment's key;
- ``restore_client_request`` (default false): the client asked for this restore (billed); outside service hours
  (``service_hours`` of the platform, ``core.service_calendar``: days, hours, public holidays) it needs
  ``restore_reason``, a text kept in the run report;
- ``restore_force_older_service_pack`` (default false): a copy into an environment that runs an OLDER service pack
  than the source (``core.versions``: year, release, patch, hotfix letter; versions of different products have no
  order and are refused) is refused unless forced, and forcing needs ``restore_reason`` (both are kept in the run
  report); forcing a copy whose target is not older is refused too (there is nothing to force).

What only the backup history can tell (a point before the first full backup, a gap in the log chain) is checked by
``restore_plan`` afterwards.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping

from ansible_collections.divalto.cloud.plugins.module_utils.backup.neutralise import copy_neutralisation
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_plan import DATA_SET_DIRECTORIES
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_scope import (
    DEFAULT_SCOPE,
    EXAMPLE_PATH,
    MAX_PATHS,
    SCOPES,
    overlap_problems,
    path_problem,
    side_stamp,
    with_databases,
    with_files,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.model import require_records
from ansible_collections.divalto.cloud.plugins.module_utils.core.neutralisation_policy import NeutralisationPolicyError
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import (
    UTC,
    RequestChecker,
    shown,
    suggestion,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.service_calendar import (
    CalendarError,
    ServiceCalendar,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt
from ansible_collections.divalto.cloud.plugins.module_utils.core.versions import VersionError, compare_versions

SOURCE = "restore.yml request"
# The request variables of playbooks/restore.yml, as the playbook passes them (None: not given).
VARIABLES = (
    "restore_tenant",
    "restore_source",
    "restore_target",
    "restore_point_in_time",
    "restore_now",
    "restore_history_dir",
    "restore_history_days",
    "restore_report_dir",
    "restore_neutralise_steps",
    "restore_scope",
    "restore_paths",
    "restore_in_place",
    "restore_confirm",
    "restore_client_request",
    "restore_reason",
    "restore_force_older_service_pack",
)
DEFAULT_HISTORY_DAYS = 16
MAX_HISTORY_DAYS = 3660
DATABASE_ROLES = ("erp", "portal", "bi")
STEP_KEYS = ("name", "sql", "database", "description")
MAX_STEPS = 64
MAX_SQL_LENGTH = 65536
MAX_REASON_LENGTH = 500
USAGE = (
    "-e restore_tenant=<tenant> -e restore_source=<environment type> "
    "-e restore_point_in_time=<ISO 8601 with offset> [-e restore_target=<environment type of the same tenant>]"
)


def check_restore_request(environments, request, now=None, service_hours=None, neutralisation=None):
    """The checked request of ``playbooks/restore.yml``, or :class:`RequestError` listing every problem.

    ``environments``: ``divalto_environments``. ``request``: ``{variable: value}`` for the names of
    :data:`VARIABLES` (``None``: not given). ``now``: the clock (default: the current time), unless the request
    gives ``restore_now``. ``service_hours``: the platform's ``service_hours`` (``divalto_platform.service_hours``),
    needed to tell whether a client's request runs outside service hours (without it, a client's request always
    needs a reason). ``neutralisation``: the platform's ``neutralisation:`` settings (``None``: the defaults of
    ``core.neutralisation_policy``).

    Returns ``{tenant, source, target, source_type, target_type, point_in_time, now, history_days, history_dir,
    report_dir, neutralise_steps, scope, paths, in_place, stamp, client_request, outside_service_hours,
    reason, service_packs, force_older_service_pack, neutralisation}``: ``source``/``target`` are environment keys, the
    times ISO 8601 in UTC, ``neutralise_steps`` ``None`` when not given (the plan's default steps), ``paths`` the
    normalised paths (``[]``: whole directories), ``stamp`` the side directory's name (the clock in UTC),
    ``service_packs`` ``{source, target, older}`` (the registry's versions; ``older``: the target's is older),
    ``force_older_service_pack`` whether that copy was forced, ``neutralisation`` what the copy neutralises and why
    (``backup.neutralise.copy_neutralisation``: its ``steps`` go to the plan).
    """
    require_records(environments, ("tenant", "type", "production", "service_pack"), "divalto_environments")
    if not isinstance(request, Mapping) or set(request) - set(VARIABLES):
        raise TypeError("request: expected a mapping of %s, got %r" % (", ".join(VARIABLES), request))
    checker = RequestChecker(SOURCE, VARIABLES)
    tenant = checker.text("restore_tenant", request.get("restore_tenant"), required=True, hint=USAGE)
    source = checker.text("restore_source", request.get("restore_source"), required=True, hint="an environment type")
    target = checker.text("restore_target", request.get("restore_target"))
    clock = checker.point_in_time("restore_now", request.get("restore_now"))
    if clock is None:
        clock = now if now is not None else _dt.datetime.now(UTC)
    point = checker.point_in_time("restore_point_in_time", request.get("restore_point_in_time"), True, clock)
    history_dir = checker.text("restore_history_dir", request.get("restore_history_dir"))
    report_dir = checker.text("restore_report_dir", request.get("restore_report_dir"))
    days = checker.integer(
        "restore_history_days", request.get("restore_history_days"), DEFAULT_HISTORY_DAYS, 1, MAX_HISTORY_DAYS
    )
    steps = _neutralise_steps(checker, request.get("restore_neutralise_steps"))
    scope = checker.one_of(
        "restore_scope",
        checker.text("restore_scope", request.get("restore_scope"), default=DEFAULT_SCOPE),
        SCOPES,
        "a scope",
    )
    in_place = checker.boolean("restore_in_place", request.get("restore_in_place"))
    confirm = checker.text("restore_confirm", request.get("restore_confirm"))
    keys = _environments(checker, environments, tenant, source, target)
    paths = _paths(checker, environments, keys, scope, request.get("restore_paths"))
    _in_place(checker, keys[1], paths, in_place, confirm)
    client = checker.boolean("restore_client_request", request.get("restore_client_request"))
    raw_reason = request.get("restore_reason")
    reason = checker.text("restore_reason", raw_reason, max_length=MAX_REASON_LENGTH)
    no_reason = raw_reason is None or (isinstance(raw_reason, str) and not raw_reason.strip())
    outside = _outside_service_hours(checker, service_hours, clock) if client else None
    if outside and no_reason:
        checker.problem(
            "restore_reason",
            "is required: a client's restore outside service hours (now %s) needs a reason, kept in the report: "
            "-e restore_reason='<why now>'" % outside,
        )
    force = checker.boolean("restore_force_older_service_pack", request.get("restore_force_older_service_pack"))
    packs = _service_packs(checker, environments, keys, force, no_reason)
    copy = _neutralisation(checker, environments, keys[1], scope, steps, neutralisation)
    checker.done()
    source_key, target_key = keys
    return {
        "tenant": tenant,
        "source": source_key,
        "target": target_key,
        "source_type": environments[source_key]["type"],
        "target_type": environments[target_key]["type"],
        "point_in_time": point.astimezone(UTC).isoformat(),
        "now": clock.astimezone(UTC).isoformat(),
        "history_days": days,
        "history_dir": history_dir,
        "report_dir": report_dir,
        "neutralise_steps": steps,
        "scope": scope,
        "paths": paths,
        "in_place": bool(in_place),
        "stamp": side_stamp(clock),
        "client_request": bool(client),
        "outside_service_hours": bool(outside),
        "reason": reason,
        "service_packs": packs,
        "force_older_service_pack": bool(force),
        "neutralisation": copy,
    }


def _neutralisation(checker, environments, target_key, scope, steps, settings):
    """What the copy neutralises (``copy_neutralisation``), or None; a copy is never left unneutralised."""
    if target_key is None or scope is None or any(None in (s["name"], s["sql"], s["database"]) for s in steps or []):
        return None
    target = environments[target_key]
    databases = with_databases(scope)
    if steps == [] and databases and not target.get("production"):
        checker.problem(
            "restore_neutralise_steps",
            "is empty: a restore into %s (not production) is always neutralised; give the steps to run, or leave "
            "it out for the platform's neutralisation settings" % target_key,
        )
        return None
    try:
        result = copy_neutralisation(target, settings, databases, steps)
    except NeutralisationPolicyError as exc:
        checker.problem("divalto_platform.neutralisation", "%s (platform.yml)" % exc)
        return None
    if databases and not target.get("production") and target.get("databases") and not result["steps"]:
        checker.problem(
            "restore_neutralise_steps" if steps is not None else "divalto_platform.neutralisation",
            "neutralises nothing in %s (not production): %s; a copy is never left unneutralised - give the steps "
            "to run with -e restore_neutralise_steps, or an option for every copy in platform.yml"
            % (target_key, "; ".join(option["reason"] for option in result["options"] if not option["applied"])),
        )
        return None
    return result


def _service_packs(checker, environments, keys, force, no_reason):
    """``{source, target, older}`` of a copy, or None; a copy into an older service pack is refused unless forced."""
    name = "restore_force_older_service_pack"
    source_key, target_key = keys
    if source_key is None or target_key is None:
        return None
    source, target = environments[source_key]["service_pack"], environments[target_key]["service_pack"]
    try:
        older = source_key != target_key and compare_versions(target, source) < 0
    except VersionError as exc:
        checker.problem("restore_target", "cannot tell whether %s runs an older service pack: %s" % (target_key, exc))
        return None
    if older and not force:
        checker.problem(
            "restore_target",
            "%s runs the service pack %s, older than %s of %s: a copy into an older service pack is refused; move the"
            " target to %s (or newer) first, or force it: -e %s=true -e restore_reason='<why>'"
            % (target_key, target, source, source_key, source, name),
        )
    elif force and not older:
        checker.problem(
            name,
            "given, but %s does not run an older service pack than %s (%s, %s): there is nothing to force"
            % (target_key, source_key, target, source),
        )
    elif force and no_reason:
        checker.problem(
            "restore_reason",
            "is required with %s=true: why the copy goes into an older service pack, kept in the report" % name,
        )
    return {"source": source, "target": target, "older": bool(older)}


def _outside_service_hours(checker, service_hours, clock):
    """The local time when ``clock`` is outside service hours (or no calendar is given), else None."""
    if service_hours is None:
        return clock.astimezone(UTC).isoformat() + ", no service hours given"
    try:
        calendar = ServiceCalendar.from_settings(service_hours)
        if calendar.is_service_time(clock):
            return None
        return calendar.describe_local(clock)
    except CalendarError as exc:
        checker.problem("restore_client_request", "cannot read the platform's service hours: %s" % exc)
        return None


def _paths(checker, environments, keys, scope, value):
    """The normalised paths (``[]`` when not given), or None after a problem."""
    name = "restore_paths"
    paths = checker.text_list(
        name, value, hint="""-e '{"%s": ["%s", "addons/edi"]}'""" % (name, EXAMPLE_PATH), max_items=MAX_PATHS
    )
    if not paths:
        return paths
    if scope is not None and not with_files(scope):
        checker.problem(name, "the scope %s restores no file: give restore_scope=files (or both)" % scope)
        return None
    # A path starts with a backed-up directory that both environments have.
    known = {directory for names in DATA_SET_DIRECTORIES.values() for directory in names}
    for key in keys:
        if key is not None:
            known &= set(environments[key].get("directories") or {})
    normalised = []
    for index, path in enumerate(paths):
        checked, problem = path_problem(path, known)
        if problem:
            checker.problem("%s[%d]" % (name, index), problem)
        else:
            normalised.append(checked)
    if len(normalised) != len(paths):
        return None
    for index, problem in overlap_problems(normalised):
        checker.problem("%s[%d]" % (name, index), problem)
    return normalised


def _in_place(checker, target_key, paths, in_place, confirm):
    """An in-place restore of paths needs ``restore_confirm`` equal to the target environment's key."""
    if not in_place:
        if confirm is not None:
            checker.problem("restore_confirm", "given without restore_in_place=true: there is nothing to confirm")
        return
    if paths == []:
        checker.problem(
            "restore_in_place",
            "restores restore_paths in place: give the files or folders (a whole restore always replaces the "
            "environment, after a safety backup)",
        )
    if target_key is None:
        return
    if confirm is None:
        checker.problem(
            "restore_confirm",
            "is required with restore_in_place=true: the target environment's key, -e restore_confirm=<key>",
        )
    elif confirm != target_key:
        checker.problem(
            "restore_confirm",
            "%s is not the target environment's key: an in-place restore replaces files of the environment, "
            "confirm it with its key" % excerpt(confirm),
        )


def _environments(checker, environments, tenant, source, target):
    """(source key, target key) of the tenant's environment types, or (None, None) after problems."""
    if tenant is None:
        return None, None
    tenants = sorted({str(record["tenant"]) for record in environments.values()})
    if tenant not in tenants:
        checker.problem(
            "restore_tenant",
            "%s is not a tenant of the inventory (known: %s)%s"
            % (excerpt(tenant), ", ".join(tenants), suggestion(tenant, tenants)),
        )
        return None, None
    own = {str(record["type"]): key for key, record in environments.items() if record["tenant"] == tenant}
    source_key = _environment(checker, environments, tenant, own, "restore_source", source)
    target_key = (
        source_key if target is None else _environment(checker, environments, tenant, own, "restore_target", target)
    )
    if source_key is None or target_key is None:
        return None, None
    if environments[target_key].get("production") and source_key != target_key:
        checker.problem(
            "restore_target",
            "%s is a production environment: it is only restored from its own backups, not from %s"
            % (target_key, source_key),
        )
        return None, None
    return source_key, target_key


def _environment(checker, environments, tenant, own, name, value):
    """The key of environment type ``value`` of ``tenant``, or None after a problem."""
    if value is None:
        return None
    if value in own:
        return own[value]
    types = sorted(own)
    if value in environments:
        owner = environments[value]["tenant"]
        if owner != tenant:
            checker.problem(
                name,
                "cross-tenant restore refused: %s is an environment of tenant %s, not of %s; a restore stays within"
                " one tenant" % (value, owner, tenant),
            )
        else:
            checker.problem(
                name,
                "give the environment type %s, not its key %s (the plays select env_<tenant>_<type>)"
                % (environments[value]["type"], value),
            )
        return None
    checker.problem(
        name,
        "tenant %s has no environment %s (its environments: %s)%s"
        % (tenant, excerpt(value), ", ".join(types), suggestion(value, types)),
    )
    return None


def _neutralise_steps(checker, steps):
    """The steps as given (each checked), or None when not given (the plan's default steps)."""
    name = "restore_neutralise_steps"
    if steps is None:
        return None
    if not isinstance(steps, (list, tuple)):
        checker.problem(name, "expected a list of steps (each name, sql, database, description), got %s" % shown(steps))
        return None
    if len(steps) > MAX_STEPS:
        checker.problem(name, "too many steps: %d (at most %d)" % (len(steps), MAX_STEPS))
        return None
    checked = []
    for index, step in enumerate(steps):
        where = "%s[%d]" % (name, index)
        if not isinstance(step, Mapping):
            checker.problem(where, "expected a step (name, sql, database, description), got %s" % shown(step))
            continue
        unknown = sorted(str(key) for key in step if key not in STEP_KEYS)
        if unknown:
            checker.problem(
                where,
                "unknown key %s (a step has %s)"
                % (", ".join(excerpt(key, 40) for key in unknown[:5]), ", ".join(STEP_KEYS)),
            )
        entry = {
            "name": checker.text(where + ".name", step.get("name"), required=True, hint="the step's name"),
            "sql": checker.text(
                where + ".sql",
                step.get("sql"),
                required=True,
                hint="the SQL statement",
                max_length=MAX_SQL_LENGTH,
                multiline=True,
            ),
            "database": checker.one_of(
                where + ".database",
                checker.text(where + ".database", step.get("database"), default="erp"),
                DATABASE_ROLES,
                "a database role",
            ),
            "description": checker.text(where + ".description", step.get("description"), default=""),
        }
        checked.append(entry)
    return checked
