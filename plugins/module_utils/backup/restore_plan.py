# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Point-in-time restore plans (private to the divalto.cloud collection; its API may change without notice).

Pure Python, no Ansible imports. From the recorded backup history (SQL Server backup sets, restic snapshots, as
normalised by ``backup_history``) it chooses, for one tenant environment and one point in time ``t``:

* per database, the restore chain (:func:`select_chain`):

  1. the latest full backup that is not copy-only and finished at or before ``t``;
  2. the latest differential based on that full (``database_backup_lsn == full.checkpoint_lsn``) that finished at
     or before ``t`` (differentials of another full are ignored; a differential based on a full missing from the
     history is an error: a full backup was taken outside the plan and the chain is unknown);
  3. the log backups after that base whose LSNs are continuous (each log starts at the LSN where the previous one,
     or the base, ends), up to the first log finishing at or after ``t``; a hole is an error naming both LSNs and
     both files. No log is needed when ``t`` is exactly the base's end. Copy-only backups are never used.

* per data set (``code``: configuration, overrides, add-ons; ``files``: ERP and portal files) the latest restic
  snapshot taken at or before ``t`` (:func:`select_snapshot`);

* the target (:func:`resolve_target`): the same environment or another environment of the SAME tenant; a target of
  another tenant is refused naming both tenants; the databases are mapped by role (``erp``, ``portal``, ``bi``)
  from the source environment to the target environment;

* the steps (:func:`plan_restore`): a safety backup of the target first (copy-only full of each target database,
  restic backup of the target's directories), then the databases, then the files, then, when the target is not a
  production environment, the neutralisation steps (outgoing mail, scheduled jobs, EBICS bank connectors: SQL
  statements from a configurable list, see DEFAULT_NEUTRALISE_STEPS).

Errors raise :class:`RestorePlanError` with a message naming the database, backup files and times involved.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.neutralisation_policy import DEFAULT_NEUTRALISATION

try:
    from zoneinfo import ZoneInfo
except ImportError:  # pragma: no cover - Python 3.8
    ZoneInfo = None

from ansible_collections.divalto.cloud.plugins.module_utils.backup.history import (
    BackupHistoryError,
    normalise_restic_snapshots,
    normalise_sql_history,
    parse_time,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restic import ResticError, file_backup_plan
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_scope import (
    DEFAULT_SCOPE,
    SCOPES,
    RestoreScopeError,
    data_sets_of,
    path_entries,
    side_directory,
    with_databases,
    with_files,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import (
    BackupPolicyError,
    effective_policy,
)

UTC = _dt.timezone.utc
DATA_SETS = ("code", "files")
# directories of an environment (keys of divalto_environments[*].directories) per restic data set
DATA_SET_DIRECTORIES = {
    "code": ("config", "overrides", "addons"),
    "files": ("erp_files", "portal_files"),
}

# The neutralisation steps when none are given: every statement of the defaults of core.neutralisation_policy
# (PLACEHOLDERS of Divalto's tables: see there). playbooks/restore.yml gives the steps the platform's
# neutralisation: settings select for the target (backup.neutralise). Each step runs in the target database of its
# role (erp, portal, bi) when that database exists.
DEFAULT_NEUTRALISE_STEPS = [
    dict(statement, option=option)
    for option, entry in DEFAULT_NEUTRALISATION.items()
    for statement in entry["statements"]
]


class RestorePlanError(DivaltoError):
    """A restore cannot be planned; the message says what, for which database or data set, and why."""


def _iso(value):
    """Times are shown in UTC, whatever offset the history or the operator used."""
    return value.astimezone(UTC).isoformat() if value is not None else None


def _files(backup):
    return ", ".join(backup.paths) if backup.paths else "(no file recorded)"


def _backup_dict(backup):
    return {
        "kind": backup.kind,
        "start": _iso(backup.start),
        "end": _iso(backup.end),
        "first_lsn": str(backup.first_lsn),
        "last_lsn": str(backup.last_lsn),
        "paths": list(backup.paths),
    }


def parse_point_in_time(value, name="point in time"):
    """Parse an ISO 8601 time WITH a UTC offset (a naive time is ambiguous across DST and refused)."""
    try:
        return parse_time(value)
    except ValueError as exc:
        raise RestorePlanError(
            "%s: %s (ISO 8601 with an offset, e.g. 2026-11-26T14:30:00+01:00)" % (name, exc)
        ) from exc


def select_chain(backups, database, point, now, latest=False):
    """Choose the restore chain of ``database`` for the point in time ``point`` (aware datetime).

    ``backups``: normalised SqlBackup records (any database). ``now``: the current time; a point after it is
    refused. With ``latest`` true (disaster recovery) the chain goes as far as the continuous logs reach at or
    before ``point`` and stops before a hole instead of failing; the returned ``restore_point`` is then the end of
    the last usable backup. Returns a dict: ``database``, ``full``, ``differential`` (or None), ``logs``, ``files``
    (every backup file in restore order), ``restore_point`` (aware datetime), ``stop_at`` (aware datetime or None:
    the STOPAT time inside the last log, None when the restore ends exactly at a backup's end).
    """
    if point > now:
        raise RestorePlanError(
            "database %s: the point in time %s is in the future (now is %s)" % (database, _iso(point), _iso(now))
        )
    own = [b for b in backups if b.database == database]
    if not own:
        raise RestorePlanError("database %s: no backup of it in the history" % database)
    usable = [b for b in own if not b.copy_only]
    fulls = sorted((b for b in usable if b.kind == "full"), key=lambda b: b.end)
    if not fulls:
        raise RestorePlanError(
            "database %s: no full backup (other than copy-only) in the history: nothing to restore from" % database
        )
    before = [b for b in fulls if b.end <= point]
    if not before:
        raise RestorePlanError(
            "database %s: the point in time %s is before the first full backup, which ended at %s (%s)"
            % (database, _iso(point), _iso(fulls[0].end), _files(fulls[0]))
        )
    full = before[-1]
    known_bases = {b.checkpoint_lsn for b in fulls}
    diffs = sorted((b for b in usable if b.kind == "diff" and full.end < b.end <= point), key=lambda b: b.end)
    for diff in diffs:
        if diff.database_backup_lsn not in known_bases:
            raise RestorePlanError(
                "database %s: the differential backup ended at %s (%s) is based on a full backup (checkpoint LSN %s) "
                "that is not in the history: a full backup was taken outside the plan, so the differential base "
                "is missing; find that full backup or restore to a point before %s"
                % (database, _iso(diff.end), _files(diff), diff.database_backup_lsn, _iso(diff.end))
            )
    own_diffs = [d for d in diffs if d.database_backup_lsn == full.checkpoint_lsn]
    differential = own_diffs[-1] if own_diffs else None
    base = differential or full
    chain = [full] + ([differential] if differential else [])
    logs = []
    if point > base.end:
        lsn = base.last_lsn
        candidates = sorted((b for b in usable if b.kind == "log" and b.last_lsn > lsn), key=lambda b: b.first_lsn)
        previous = base
        for log in candidates:
            if log.last_lsn <= lsn:
                continue
            if log.first_lsn > lsn:
                if latest:
                    break
                raise RestorePlanError(
                    "database %s: gap in the log chain: the backups end at LSN %s (%s, ended %s) and the next log "
                    "backup starts at LSN %s (%s, started %s): no point in time after %s can be restored"
                    % (
                        database,
                        lsn,
                        _files(previous),
                        _iso(previous.end),
                        log.first_lsn,
                        _files(log),
                        _iso(log.start),
                        _iso(previous.end),
                    )
                )
            if latest and log.end > point:
                break
            logs.append(log)
            lsn = log.last_lsn
            previous = log
            if log.end >= point:
                break
        last = logs[-1] if logs else base
        if not latest and last.end < point:
            raise RestorePlanError(
                "database %s: the point in time %s is after the last log backup, which ended at %s (%s): "
                "the latest point that can be restored is %s"
                % (database, _iso(point), _iso(last.end), _files(last), _iso(last.end))
            )
    chain.extend(logs)
    last = chain[-1]
    restore_point = point if (not latest and last.end > point) else last.end
    stop_at = point if (logs and not latest and logs[-1].end > point) else None
    files = []
    for backup in chain:
        files.extend(p for p in backup.paths if p not in files)
    return {
        "database": database,
        "full": full,
        "differential": differential,
        "logs": logs,
        "files": files,
        "restore_point": restore_point,
        "stop_at": stop_at,
    }


def select_snapshot(snapshots, environment, data_set, point, latest=False):
    """Latest restic snapshot of ``environment``/``data_set`` taken at or before ``point`` (aware datetime)."""
    own = sorted(
        (s for s in snapshots if s.environment == environment and s.data_set == data_set), key=lambda s: s.time
    )
    if not own:
        raise RestorePlanError("data set %s of %s: no restic snapshot in the history" % (data_set, environment))
    before = [s for s in own if s.time <= point]
    if not before:
        raise RestorePlanError(
            "data set %s of %s: the point in time %s is before the first restic snapshot, taken at %s (%s)"
            % (data_set, environment, _iso(point), _iso(own[0].time), own[0].short_id)
        )
    return before[-1]


def _text(value):
    return value if isinstance(value, str) else str(value)


def resolve_environment(environments, tenant, name, what):
    """The environment key named by ``name`` (an environment type of ``tenant``, or a full environment key)."""
    tenant = _text(tenant)
    name = _text(name)
    candidates = ["%s_%s" % (tenant, name), name]
    for key in candidates:
        if key in environments:
            return key
    own = sorted(_text(e["type"]) for e in environments.values() if _text(e["tenant"]) == tenant)
    if not own:
        raise RestorePlanError("unknown tenant %r: it has no environment in divalto_environments" % tenant)
    raise RestorePlanError(
        "%s %r: tenant %s has no such environment (its environments: %s)" % (what, name, tenant, ", ".join(own))
    )


def resolve_target(environments, tenant, source, target=None):
    """Return (source key, target key); refuse a target of another tenant, or a copy into production."""
    source_key = resolve_environment(environments, tenant, source, "source")
    target_key = resolve_environment(environments, tenant, target or source, "target")
    source_tenant = _text(environments[source_key]["tenant"])
    target_tenant = _text(environments[target_key]["tenant"])
    if source_tenant != target_tenant or source_tenant != _text(tenant):
        raise RestorePlanError(
            "cross-tenant restore refused: the source %s belongs to tenant %s and the target %s to tenant %s; "
            "a restore stays within one tenant" % (source_key, source_tenant, target_key, target_tenant)
        )
    if environments[target_key].get("production") and source_key != target_key:
        raise RestorePlanError(
            "restore of %s into %s refused: a production environment is only restored from its own backups"
            % (source_key, target_key)
        )
    return source_key, target_key


def map_databases(environments, source_key, target_key, suffix=""):
    """[(role, source database, target database)] by role; a source database without a target is an error."""
    source = environments[source_key]["databases"]
    target = environments[target_key]["databases"]
    mapping = []
    for role in sorted(source):
        if role not in target:
            raise RestorePlanError(
                "database %s (%s) of %s has no counterpart in %s (its databases: %s)"
                % (_text(source[role]), role, source_key, target_key, ", ".join(sorted(target)) or "none")
            )
        mapping.append((role, _text(source[role]), _text(target[role]) + suffix))
    return mapping


def data_set_directories(environment, data_set):
    """The environment's directories (relative to the tenant root) of one restic data set."""
    directories = environment.get("directories") or {}
    return [_text(directories[name]) for name in DATA_SET_DIRECTORIES[data_set] if directories.get(name)]


def normalise_history(sql_history, restic_snapshots, timezone):
    """Normalise both histories (backup_history); history errors become RestorePlanError."""
    try:
        return (
            normalise_sql_history(sql_history or [], default_timezone=timezone),
            normalise_restic_snapshots(restic_snapshots or []),
        )
    except BackupHistoryError as exc:
        raise RestorePlanError("invalid backup history: %s" % exc) from exc


def policy_timezone(platform):
    """The wall-clock time zone of the backups (the backup policy's), Europe/Paris without a platform."""
    if not platform:
        return "Europe/Paris"
    try:
        return effective_policy(platform)["timezone"]
    except BackupPolicyError as exc:
        raise RestorePlanError("backup policy: %s" % exc) from exc


def restore_time_string(point, timezone):
    """``HH:MM:SS MM/DD/YYYY`` in the SQL Server's wall-clock time zone, as lowlydba.sqlserver.restore wants."""
    if ZoneInfo is None:  # pragma: no cover - Python 3.8
        raise RestorePlanError("the Python module 'zoneinfo' (Python >= 3.9) is required for restore times")
    local = point.astimezone(ZoneInfo(timezone))
    twin = local.replace(fold=1 - local.fold)
    if twin.utcoffset() != local.utcoffset():
        raise RestorePlanError(
            "the point in time %s is %s in %s, a wall-clock time that happens twice (the hour repeated when "
            "daylight saving time ends), and lowlydba.sqlserver.restore takes the time without an offset: "
            "choose a point before or after that hour" % (_iso(point), local.strftime("%H:%M:%S"), timezone)
        )
    return local.strftime("%H:%M:%S %m/%d/%Y")


def chain_summary(chain, role, target_database, timezone):
    """The JSON-friendly plan of one database (what the playbook passes to lowlydba.sqlserver.restore)."""
    return {
        "role": role,
        "source_database": chain["database"],
        "target_database": target_database,
        "full": _backup_dict(chain["full"]),
        "differential": _backup_dict(chain["differential"]) if chain["differential"] else None,
        "logs": [_backup_dict(log) for log in chain["logs"]],
        "files": chain["files"],
        "restore_point": _iso(chain["restore_point"]),
        "restore_time": restore_time_string(chain["stop_at"], timezone) if chain["stop_at"] else None,
    }


def _slashed(path):
    return path.replace("\\", "/").rstrip("/")


def tree_path(path):
    """The path of a backed-up directory inside a restic snapshot tree (``D:\\x`` -> ``/D/x``)."""
    text = _slashed(path)
    if len(text) >= 2 and text[1] == ":":
        text = "/" + text[0] + text[2:]
    return text


def snapshot_summary(snapshot, source, target, data_set, target_prefix=""):
    """One data set to restore: the snapshot and, per directory, its path in the snapshot and its target.

    ``target`` directories are relative to the tenant root of the target's file server, prefixed with
    ``target_prefix`` (the drill root) when given.
    """
    source_dirs = source.get("directories") or {}
    target_dirs = target.get("directories") or {}
    directories = []
    for name in DATA_SET_DIRECTORIES[data_set]:
        if not source_dirs.get(name):
            continue
        relative = _slashed(_text(source_dirs[name]))
        found = [p for p in snapshot.paths if _slashed(p).endswith("/" + relative) or _slashed(p) == relative]
        if not found:
            raise RestorePlanError(
                "data set %s: snapshot %s (%s) does not contain the directory %s (its paths: %s)"
                % (data_set, snapshot.short_id, _iso(snapshot.time), relative, ", ".join(snapshot.paths) or "none")
            )
        if not target_dirs.get(name):
            raise RestorePlanError(
                "data set %s: the target has no %s directory to restore %s into" % (data_set, name, relative)
            )
        target_relative = _slashed(_text(target_dirs[name]))
        if target_prefix:
            target_relative = _slashed(target_prefix) + "/" + target_relative
        directories.append(
            {"name": name, "source_path": found[0], "tree_path": tree_path(found[0]), "target": target_relative}
        )
    return {
        "data_set": data_set,
        "snapshot": snapshot.id,
        "short_id": snapshot.short_id,
        "time": _iso(snapshot.time),
        "paths": list(snapshot.paths),
        "directories": directories,
    }


def _source_jobs(environments, key, policy, file_pair, root, os_family, vaults):
    """The backup role's restic jobs of environment ``key`` as if it were placed on ``file_pair``, by data set."""
    if key not in environments:
        raise RestorePlanError("environment %r is not in divalto_environments" % (key,))
    moved = {key: dict(environments[key], placement=dict(environments[key].get("placement") or {}, files=file_pair))}
    try:
        jobs = file_backup_plan(moved, file_pair, root, os_family, policy, vaults, selected=[key])
    except ResticError as exc:
        raise RestorePlanError("restic: %s" % exc) from exc
    return {job["data_set"]: job for job in jobs}


def snapshot_commands(environments, key, policy, file_pair, root, os_family, vaults):
    """``restic`` argument lists listing the snapshots of environment ``key`` as JSON, one per data set."""
    commands = []
    for data_set, job in sorted(_source_jobs(environments, key, policy, file_pair, root, os_family, vaults).items()):
        common = [
            "--repo",
            job["repository"],
            "--password-file",
            job["password_file"],
            "--option",
            "sftp.command=" + job["sftp_command"],
        ]
        commands.append(common + ["snapshots", "--json", "--tag", "env:%s,set:%s" % (key, data_set)])
    return commands


def file_commands(plan, environments, policy, file_pair, root, os_family, vaults, safety_tag="restore-safety"):
    """restic commands of one file server for a restore, failover or drill plan.

    Returns ``{"safety": [argv...], "restore": [...]}`` (see :func:`restic_commands`): ``safety`` backs up the target
    environment's directories into its own repository (tagged ``safety_tag`` besides env/set; empty for a drill or
    failover plan, whose targets are new), ``restore`` restores each planned directory from the SOURCE environment's
    repository. The repository, password file and SFTP command are those of the backup role
    (restic.file_backup_plan) on this file server (``file_pair``, ``root``, ``os_family``; ``vaults`` maps a
    datacenter to its vault's address).
    """
    if not isinstance(plan, Mapping):
        raise RestorePlanError("plan: expected a restore plan or one environment of a failover plan, got %r" % (plan,))
    source = plan.get("source") or plan.get("key")
    target = plan.get("target")
    if not source or source not in environments:
        raise RestorePlanError("plan: its source %r is not in divalto_environments" % (source,))
    source_jobs = _source_jobs(environments, source, policy, file_pair, root, os_family, vaults)
    # The data sets whose directories are replaced (a side restore replaces nothing: no safety backup).
    replaced = (plan.get("safety_backup") or {}).get("data_sets") or {}
    try:
        safety = []
        if target and target in environments and replaced:
            target_env = {target: environments[target]}
            for job in file_backup_plan(target_env, file_pair, root, os_family, policy, vaults, selected=[target]):
                if replaced.get(job["data_set"]):
                    safety.append(job["backup_args"] + ["--tag", safety_tag])
    except ResticError as exc:
        raise RestorePlanError("restic: %s" % exc) from exc
    restore = []
    for data_set in plan.get("data_sets") or []:
        restore.extend(restic_commands([data_set], source_jobs[data_set["data_set"]], root, os_family))
    return {"safety": safety, "restore": restore}


def _join(os_family, root, relative):
    parts = [part for part in relative.split("/") if part]
    if os_family == "windows":
        return "\\".join([root.rstrip("\\/")] + parts)
    return "/".join([root.rstrip("/")] + parts)


def restic_commands(data_sets, source_job, root, os_family):
    """``restic`` argument lists restoring each directory of ``data_sets`` (plan entries) on a file server.

    ``source_job``: the source environment's job of ``backup_file_plan`` (restic.file_backup_plan) as seen from
    this file server (repository, password file, SFTP command); ``root``: the tenant root of this file server.
    Each command restores the directory (``--include <tree path>``; ``--iinclude`` on Windows, whose file names
    are case-insensitive) of the snapshot into a staging directory
    ``<root>/.restore-<snapshot short id>``, where it lands at ``staged`` (the staging directory followed by the
    directory's path in the snapshot); the role then replaces ``target`` with it (``replace`` true), or moves it
    to ``target``, a new path of the side directory (``replace`` false, never overwriting). ``path`` is the
    requested path (relative to the environment directory) or None for a whole directory. (restic 0.14, Debian
    12's, has no ``<snapshot>:<subfolder>`` form for restore.)
    """
    if os_family not in ("linux", "windows"):
        raise RestorePlanError("os_family: expected linux or windows, got %r" % (os_family,))
    try:
        common = [
            "--repo",
            source_job["repository"],
            "--password-file",
            source_job["password_file"],
            "--option",
            "sftp.command=" + source_job["sftp_command"],
        ]
    except (KeyError, TypeError):
        raise RestorePlanError(
            "source_job: expected a job of backup_file_plan (repository, password_file, "
            "sftp_command), got %r" % (source_job,)
        ) from None
    # NTFS names are case-insensitive: on Windows, a path typed in another case than the snapshot's still matches.
    include = "--iinclude" if os_family == "windows" else "--include"
    commands = []
    for data_set in data_sets:
        staging = _join(os_family, root, ".restore-%s" % data_set["short_id"])
        for directory in data_set["directories"]:
            commands.append(
                {
                    "data_set": data_set["data_set"],
                    "directory": directory["name"],
                    "path": directory.get("path"),
                    "replace": directory.get("replace", True),
                    "staging": staging,
                    "staged": _join(os_family, staging, directory["tree_path"]),
                    "target": _join(os_family, root, directory["target"]),
                    "argv": common
                    + ["restore", data_set["snapshot"], "--target", staging, include, directory["tree_path"]],
                }
            )
    return commands


def neutralise_steps(steps, target_databases):
    """The neutralisation steps for the target's databases ({role: name}); steps of an absent role are skipped.

    A step's ``option`` and ``reason`` (``backup.neutralise``: why it runs) are kept when it has them.
    """
    result = []
    for index, step in enumerate(steps):
        if not isinstance(step, Mapping) or not step.get("name") or not step.get("sql"):
            raise RestorePlanError(
                "neutralise step %d: expected a mapping with 'name' and 'sql', got %r" % (index, step)
            )
        role = step.get("database", "erp")
        if role in target_databases:
            result.append(
                {
                    "name": step["name"],
                    "description": step.get("description", ""),
                    "database": target_databases[role],
                    "sql": step["sql"],
                    **{key: step[key] for key in ("option", "reason") if key in step},
                }
            )
    return result


def plan_restore(
    environments,
    tenant,
    source,
    point_in_time,
    sql_history,
    restic_snapshots,
    target=None,
    now=None,
    timezone="Europe/Paris",
    steps=None,
    scope=DEFAULT_SCOPE,
    paths=None,
    in_place=False,
    stamp=None,
):
    """Plan the restore of ``tenant``'s environment ``source`` at ``point_in_time`` into ``target``.

    ``scope`` (``both``, ``databases``, ``files``) says what is restored; ``paths`` (files only, checked by the
    request: ``restore_scope.path_problem``) narrows the files to those paths of the environment directory, restored
    into the side directory ``<environment directory>/restored/<stamp>`` unless ``in_place``. A whole restore (no
    paths) replaces the target's databases and directories, as does a restore of paths in place.

    Returns a JSON-friendly dict: ``source``, ``target``, ``tenant``, ``point_in_time``, ``target_production``,
    ``scope``, ``paths``, ``in_place``, ``side_directory`` (relative to the tenant root, or None), ``quiesce``
    (whether something of the target is replaced, so that it is quiesced first), ``databases`` (see
    :func:`chain_summary`), ``data_sets`` (see :func:`snapshot_summary`; with paths, one entry per path, see
    ``restore_scope.path_entries``), ``safety_backup`` ({databases, data_sets}: what is replaced), ``neutralise``
    (empty for a production target or without databases) and ``steps`` (ordered step names).
    """
    if scope not in SCOPES:
        raise RestorePlanError("scope: expected one of %s, got %r" % (", ".join(SCOPES), scope))
    paths = list(paths or [])
    if paths and not with_files(scope):
        raise RestorePlanError("paths: the scope %s restores no file" % scope)
    source_key, target_key = resolve_target(environments, tenant, source, target)
    point = parse_point_in_time(point_in_time)
    now = parse_point_in_time(now, "now") if now is not None else _dt.datetime.now(UTC)
    backups, snapshots = normalise_history(sql_history, restic_snapshots, timezone)
    source_env = environments[source_key]
    target_env = environments[target_key]
    databases = []
    if with_databases(scope):
        databases = [
            chain_summary(select_chain(backups, name, point, now), role, target_name, timezone)
            for role, name, target_name in map_databases(environments, source_key, target_key)
        ]
    selected = data_sets_of(paths, DATA_SET_DIRECTORIES) if paths else list(DATA_SETS) if with_files(scope) else []
    data_sets = [
        snapshot_summary(select_snapshot(snapshots, source_key, data_set, point), source_env, target_env, data_set)
        for data_set in selected
    ]
    side = None
    if paths:
        target_dirs = target_env.get("directories") or {}
        try:
            side = None if in_place else side_directory(target_dirs, stamp)
        except RestoreScopeError as exc:
            raise RestorePlanError(str(exc)) from exc
        data_sets = [path_entries(summary, paths, target_dirs, in_place, side) for summary in data_sets]
    replaces_files = bool(data_sets) and (not paths or in_place)
    target_databases = {role: _text(name) for role, name in target_env["databases"].items()}
    production = bool(target_env.get("production"))
    neutralise = (
        []
        if production or not databases
        else neutralise_steps(DEFAULT_NEUTRALISE_STEPS if steps is None else steps, target_databases)
    )
    safety = {
        "databases": sorted(target_databases.values()) if databases else [],
        "data_sets": {data_set: data_set_directories(target_env, data_set) for data_set in selected}
        if replaces_files
        else {},
    }
    quiesce = bool(databases) or replaces_files
    order = [
        name
        for name, wanted in (
            ("quiesce", quiesce),
            ("safety_backup", bool(safety["databases"] or safety["data_sets"])),
            ("restore_databases", bool(databases)),
            ("restore_files", bool(data_sets)),
            ("neutralise", bool(neutralise)),
            ("resume", quiesce),
        )
        if wanted
    ]
    plan = {
        "tenant": _text(source_env["tenant"]),
        "source": source_key,
        "target": target_key,
        "point_in_time": _iso(point),
        "target_production": production,
        "scope": scope,
        "paths": paths,
        "in_place": bool(in_place) if paths else None,
        "side_directory": side,
        "quiesce": quiesce,
        "databases": databases,
        "data_sets": data_sets,
        "safety_backup": safety,
        "neutralise": neutralise,
        "steps": order,
    }
    plan["summary"] = summary_lines(plan)
    return plan


def summary_lines(plan):
    """The plan in a few lines for people: scope, files per database, snapshot per data set, safety, neutralisation."""
    lines = ["restore %s at %s into %s" % (plan["source"], plan["point_in_time"], plan["target"])]
    if plan["paths"]:
        lines.append(
            "scope %s: %d path(s) %s"
            % (
                plan["scope"],
                len(plan["paths"]),
                "IN PLACE (replaced)" if plan["in_place"] else "into the side directory %s" % plan["side_directory"],
            )
        )
    elif plan["scope"] != DEFAULT_SCOPE:
        lines.append("scope %s only" % plan["scope"])
    safety = plan["safety_backup"]
    if safety["databases"] or safety["data_sets"]:
        parts = []
        if safety["databases"]:
            parts.append("databases %s (copy-only full)" % ", ".join(safety["databases"]))
        if safety["data_sets"]:
            parts.append("directories of %s (restic, tag restore-safety)" % plan["target"])
        lines.append("safety backup first: %s" % ", ".join(parts))
    for database in plan["databases"]:
        lines.append(
            "database %s <- %s: %s%s"
            % (
                database["target_database"],
                database["source_database"],
                ", ".join(database["files"]),
                (" (stop at %s)" % database["restore_time"]) if database["restore_time"] else "",
            )
        )
    for data_set in plan["data_sets"]:
        lines.append(
            "files %s <- snapshot %s (%s) of %s: %s"
            % (
                data_set["data_set"],
                data_set["short_id"],
                data_set["time"],
                plan["source"],
                ", ".join(d["target"] for d in data_set["directories"]),
            )
        )
    if plan["neutralise"]:
        lines.append("neutralise: %s" % ", ".join(step["name"] for step in plan["neutralise"]))
    elif plan["databases"]:
        lines.append("neutralise: no (production target)")
    if plan["quiesce"]:
        lines.append("quiesced during the restore (drained on the DMZ proxies, IIS pool stopped), then brought back")
    return lines
