# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backup compliance of tenant environments (private to the divalto.cloud collection; its API may change).

Pure Python, no Ansible imports. :func:`check_compliance` takes the platform (its backup policy comes from
``backup_policy.effective_policy``), the environments (``divalto_environments``), SQL Server backup history
records and restic snapshots (see ``backup_history``), and evaluates every environment against the policy at
the instant ``now``. The rules are documented in docs/backup_compliance.md; in short (``grace`` =
``grace_minutes``, all durations are true durations, calendar days are taken in the policy's time zone):

``log_freshness``
    the last log backup of each database ended at most ``log.every_minutes`` + grace ago.
``log_chain``
    over the last ``log.keep_hours``, consecutive log backups chain exactly (first LSN = previous last LSN),
    and the first log of the window follows the log before it (or starts within one interval of the window).
``differentials``
    every scheduled differential of the last 7 days (``differential.days`` at ``differential.at``, once it is
    ``grace`` past) has a differential (or a full) started on that calendar day; days before the first full
    backup of the database are not expected.
``full``
    the latest full backup started at most 7 calendar days (+ grace) ago.
``retention``
    *nothing needed missing*: a backup that is needed has ``present`` not false: the latest full; every full or
    differential younger than its ``keep_days``; the full each such differential is based on (found by LSN,
    and it must be in the history); every log younger than ``log.keep_hours``; and, to restore to any instant
    of the last ``log.keep_hours``, the latest full or differential that ended before that window, its full,
    and every log after it. For restic: one snapshot per scheduled day within ``keep_days``.
    *nothing kept beyond retention*: no backup is still present (``present`` not false) once a backup of the same
    kind and database, started after the backup expired (its end + its horizon, :func:`horizons`), has ended
    (+ grace): Ola Hallengren's cleanup deletes expired files when the job runs, after its backup; no restic
    snapshot is older than the latest one minus ``keep_days`` (+ grace): ``forget`` runs after each backup.
``rpo``
    a disaster now loses at most ``databases.rpo_hours`` (+ grace) of each database: the newest instant reachable
    by an unbroken chain of present backups (latest full, its latest differential, then logs) is recent enough;
    and at most ``<data set>.rpo_hours`` (+ grace) of code and files (latest snapshot of each data set).

An environment is ``compliant`` without violations, ``violation`` with any, ``no_data`` when neither SQL history
nor snapshots mention it. Copy-only backups are ignored (they are not part of the chain or of the schedule).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping

from ansible_collections.divalto.cloud.plugins.module_utils.backup.history import (
    BackupHistoryError,
    normalise_restic_snapshots,
    normalise_sql_history,
    parse_time,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.schedule import (
    BackupScheduleError,
    occurrences,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import (
    BackupPolicyError,
    effective_policy,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

try:
    from zoneinfo import ZoneInfo

    HAS_ZONEINFO = True
except ImportError:  # Python 3.8
    HAS_ZONEINFO = False

UTC = _dt.timezone.utc
CHECKS = ("log_freshness", "log_chain", "differentials", "full", "retention", "rpo")
STATUSES = ("compliant", "violation", "no_data")
DATA_SETS = ("code", "files")
ALL_DATA_SETS = ("databases",) + DATA_SETS
FULL_WITHIN_DAYS = 7
HORIZON_REFERENCE = _dt.datetime(2026, 1, 14, 12, 0, tzinfo=UTC)
DIFFERENTIAL_LOOKBACK_DAYS = 7
_KIND_NAMES = {"full": "full", "diff": "differential", "log": "log"}


class BackupComplianceError(DivaltoError):
    """The inputs cannot be evaluated (bad history record, policy or environment); the message says which."""


def _iso(value, zone):
    return value.astimezone(zone).isoformat()


def duration_text(delta):
    """``3 d 4 h``, ``2 h 05 min``, ``12 min``: a duration for people (rounded down to the minute)."""
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    days, minutes = divmod(minutes, 1440)
    hours, minutes = divmod(minutes, 60)
    if days:
        return "%s%d d %d h" % (sign, days, hours)
    if hours:
        return "%s%d h %02d min" % (sign, hours, minutes)
    return "%s%d min" % (sign, minutes)


def _last_dependent_differential(policy, now):
    """The longest time from a full backup to the last differential before the next full (0 when none)."""
    fulls = occurrences(policy, "full", now - _dt.timedelta(days=22), now + _dt.timedelta(days=8))
    diffs = occurrences(policy, "differential", now - _dt.timedelta(days=22), now + _dt.timedelta(days=8))
    longest = _dt.timedelta(0)
    for full, following in zip(fulls, fulls[1:]):
        between = [diff for diff in diffs if full < diff < following]
        if between:
            longest = max(longest, between[-1] - full)
    return longest


def horizons(policy):
    """How long each kind of backup can be needed, as timedeltas: ``{full, diff, log, code, files}``.

    * log: ``log.keep_hours`` + the longest interval between two bases (full or differential), because restoring
      to the start of the log window needs the logs since the base before it;
    * differential: ``differential.keep_days``;
    * full: the longest of ``full.keep_days`` and ``differential.keep_days`` + the time from a full to the last
      differential based on it (a full is needed as long as a differential based on it is kept);
    * code, files: ``keep_days`` (restic ``forget --keep-within``).

    The SQL Server cleanup times (``@CleanupTime``, hours) are these horizons: then no needed file is deleted.
    The intervals are measured on the schedule of a reference month without DST change (January 2026), so the
    horizons are whole wall-clock hours and the same all year.
    """
    now = HORIZON_REFERENCE
    databases = policy["databases"]
    base_runs = sorted(
        occurrences(policy, "full", now - _dt.timedelta(days=15), now + _dt.timedelta(days=15))
        + occurrences(policy, "differential", now - _dt.timedelta(days=15), now + _dt.timedelta(days=15))
    )
    base_gap = max((b - a for a, b in zip(base_runs, base_runs[1:])), default=_dt.timedelta(days=7))
    diff_keep = _dt.timedelta(days=databases["differential"]["keep_days"])
    return {
        "full": max(
            _dt.timedelta(days=databases["full"]["keep_days"]), diff_keep + _last_dependent_differential(policy, now)
        ),
        "diff": diff_keep,
        "log": _dt.timedelta(hours=databases["log"]["keep_hours"]) + base_gap,
        "code": _dt.timedelta(days=policy["code"]["keep_days"]),
        "files": _dt.timedelta(days=policy["files"]["keep_days"]),
    }


class _Collector:
    def __init__(self, checks):
        self.checks = checks
        self.violations = []

    def add(self, check, kind, data_set, database, message):
        if check in self.checks:
            self.violations.append(
                {"check": check, "kind": kind, "data_set": data_set, "database": database, "message": message}
            )


def _describe(backup, zone):
    return "%s backup of %s" % (_KIND_NAMES[backup.kind], _iso(backup.start, zone))


def _base_full(diff, fulls):
    if diff.database_backup_lsn is None:
        return None
    for full in reversed(fulls):
        if full.checkpoint_lsn == diff.database_backup_lsn and full.start <= diff.start:
            return full
    return None


def _check_database(name, backups, policy, zone, now, grace, horizon, out):
    """Evaluate one database; returns its facts (last backups, restorable point)."""
    databases = policy["databases"]
    usable = [b for b in backups if not b.copy_only and b.start <= now]
    fulls = [b for b in usable if b.kind == "full"]
    diffs = [b for b in usable if b.kind == "diff"]
    logs = sorted((b for b in usable if b.kind == "log"), key=lambda b: (b.first_lsn, b.start))
    bases = sorted(fulls + diffs, key=lambda b: b.end)
    every = _dt.timedelta(minutes=databases["log"]["every_minutes"])
    keep_logs = _dt.timedelta(hours=databases["log"]["keep_hours"])
    window_start = now - keep_logs
    first_full = fulls[0] if fulls else None

    # log_freshness
    if not logs:
        out.add("log_freshness", "log_freshness", "databases", name, "%s: no log backup in the history" % name)
    else:
        last = max(logs, key=lambda b: b.end)
        age = now - last.end
        if age > every + grace:
            out.add(
                "log_freshness",
                "log_freshness",
                "databases",
                name,
                "%s: the last log backup ended %s, %s ago (allowed: %s + %s grace)"
                % (name, _iso(last.end, zone), duration_text(age), duration_text(every), duration_text(grace)),
            )

    # log_chain
    in_window = [b for b in logs if b.end > window_start]
    before = [b for b in logs if b.end <= window_start]
    chain = ([before[-1]] if before else []) + in_window
    for previous, current in zip(chain, chain[1:]):
        if current.first_lsn != previous.last_lsn:
            out.add(
                "log_chain",
                "log_chain",
                "databases",
                name,
                "%s: log chain broken between the log backup ended %s (last LSN %d) and the one started %s"
                " (first LSN %d)"
                % (name, _iso(previous.end, zone), previous.last_lsn, _iso(current.start, zone), current.first_lsn),
            )
    if in_window and not before and first_full is not None and first_full.start < window_start:
        first = in_window[0]
        if first.start > window_start + every + grace:
            out.add(
                "log_chain",
                "log_chain",
                "databases",
                name,
                "%s: no log backup covers %s to %s (the log chain does not reach back %d h)"
                % (name, _iso(window_start, zone), _iso(first.start, zone), databases["log"]["keep_hours"]),
            )

    # differentials
    if first_full is not None:
        expected = occurrences(policy, "differential", now - _dt.timedelta(days=DIFFERENTIAL_LOOKBACK_DAYS), now)
        taken_days = {b.start.astimezone(zone).date() for b in bases}
        for slot in expected:
            if slot + grace > now or slot < first_full.start:
                continue
            if slot.date() not in taken_days:
                out.add(
                    "differentials",
                    "differential_missing",
                    "databases",
                    name,
                    "%s: no differential backup on %s %s (scheduled %s)"
                    % (name, slot.strftime("%A"), slot.date().isoformat(), slot.isoformat()),
                )

    # full
    if first_full is None:
        out.add("full", "full_missing", "databases", name, "%s: no full backup in the history" % name)
    else:
        latest_full = fulls[-1]
        local_now = now.astimezone(zone)
        limit = (local_now.replace(tzinfo=None) - _dt.timedelta(days=FULL_WITHIN_DAYS)).replace(tzinfo=zone)
        if latest_full.start < limit - grace:
            out.add(
                "full",
                "full_missing",
                "databases",
                name,
                "%s: no full backup within %d days: the latest started %s"
                % (name, FULL_WITHIN_DAYS, _iso(latest_full.start, zone)),
            )

    # retention: nothing needed missing
    needed = {}

    def need(backup, why):
        needed.setdefault(backup, why)

    if fulls:
        need(fulls[-1], "the latest full backup")
    for backup in fulls:
        if now - backup.end <= _dt.timedelta(days=databases["full"]["keep_days"]):
            need(backup, "within the %d-day retention" % databases["full"]["keep_days"])
    for backup in diffs:
        if now - backup.end <= _dt.timedelta(days=databases["differential"]["keep_days"]):
            need(backup, "within the %d-day retention" % databases["differential"]["keep_days"])
    for backup in logs:
        if now - backup.end <= keep_logs:
            need(backup, "within the %d-hour retention" % databases["log"]["keep_hours"])
    bridge = [b for b in bases if b.end <= window_start]
    if bridge:
        base = bridge[-1]
        need(base, "the base to restore to %s" % _iso(window_start, zone))
        for backup in logs:
            if backup.last_lsn > base.last_lsn:
                need(backup, "needed with the %s to restore to %s" % (_describe(base, zone), _iso(window_start, zone)))
    for backup in [b for b in list(needed) if b.kind == "diff"]:
        full = _base_full(backup, fulls)
        if full is None:
            out.add(
                "retention",
                "retention_missing",
                "databases",
                name,
                "%s: the %s is based on the full backup with checkpoint LSN %s, which is not in the history"
                % (name, _describe(backup, zone), backup.database_backup_lsn),
            )
        else:
            need(full, "the base of the %s" % _describe(backup, zone))
    for backup in sorted(needed, key=lambda b: b.start):
        if backup.present is False:
            out.add(
                "retention",
                "retention_missing",
                "databases",
                name,
                "%s: the %s is needed (%s) but its files are gone" % (name, _describe(backup, zone), needed[backup]),
            )
        elif backup.unreadable:
            out.add(
                "retention",
                "retention_unreadable",
                "databases",
                name,
                "%s: the %s is needed (%s) but its files could not be read, so whether they are there is unknown:"
                " %s" % (name, _describe(backup, zone), needed[backup], excerpt("; ".join(backup.unreadable))),
            )

    # retention: nothing kept beyond it (files are deleted by the first run of their job after they expire)
    for backup in usable:
        if backup.present is False:
            continue
        expiry = backup.end + horizon[backup.kind]
        cleanup = [b for b in usable if b.kind == backup.kind and b.start >= expiry]
        if cleanup and now > cleanup[0].end + grace:
            out.add(
                "retention",
                "retention_exceeded",
                "databases",
                name,
                "%s: the %s is still kept, %s old: it expired %s (%s after it) and the %s backup that ended %s"
                " should have deleted it"
                % (
                    name,
                    _describe(backup, zone),
                    duration_text(now - backup.end),
                    _iso(expiry, zone),
                    duration_text(horizon[backup.kind]),
                    _KIND_NAMES[backup.kind],
                    _iso(cleanup[0].end, zone),
                ),
            )

    # rpo: the newest instant reachable now by an unbroken chain of present backups
    restorable = None
    present_fulls = [b for b in fulls if b.present is not False]
    if present_fulls:
        full = present_fulls[-1]
        point, lsn = full.end, full.last_lsn
        later_diffs = [
            d for d in diffs if d.present is not False and d.start >= full.start and _base_full(d, fulls) == full
        ]
        if later_diffs:
            point, lsn = later_diffs[-1].end, later_diffs[-1].last_lsn
        for backup in logs:
            if backup.present is False or backup.last_lsn <= lsn:
                continue
            if backup.first_lsn > lsn:
                break
            point, lsn = backup.end, backup.last_lsn
        restorable = point
    rpo = _dt.timedelta(hours=databases["rpo_hours"])
    if restorable is None:
        out.add("rpo", "rpo", "databases", name, "%s: no present full backup: nothing can be restored" % name)
    elif now - restorable > rpo + grace:
        out.add(
            "rpo",
            "rpo",
            "databases",
            name,
            "%s: a disaster now would lose %s of data (restorable up to %s; RPO %d h + %s grace)"
            % (
                name,
                duration_text(now - restorable),
                _iso(restorable, zone),
                databases["rpo_hours"],
                duration_text(grace),
            ),
        )

    def last(kind):
        found = [b for b in usable if b.kind == kind]
        return _iso(max(found, key=lambda b: b.end).end, zone) if found else None

    return {
        "last_full": last("full"),
        "last_differential": last("diff"),
        "last_log": last("log"),
        "restorable_until": _iso(restorable, zone) if restorable else None,
        "data_loss_minutes": int((now - restorable).total_seconds() // 60) if restorable else None,
        "backups": len(usable),
    }


def _check_data_set(key, data_set, snapshots, policy, zone, now, grace, out):
    section = policy[data_set]
    keep = _dt.timedelta(days=section["keep_days"])
    if not snapshots:
        out.add("rpo", "rpo", data_set, None, "%s: no %s snapshot in the repository" % (key, data_set))
        return {"latest": None, "snapshots": 0, "data_loss_minutes": None}
    latest = snapshots[-1]
    loss = now - latest.time
    if loss > _dt.timedelta(hours=section["rpo_hours"]) + grace:
        out.add(
            "rpo",
            "rpo",
            data_set,
            None,
            "%s: a disaster now would lose %s of %s (latest snapshot %s at %s; RPO %d h + %s grace)"
            % (
                key,
                duration_text(loss),
                data_set,
                latest.short_id,
                _iso(latest.time, zone),
                section["rpo_hours"],
                duration_text(grace),
            ),
        )
    for snapshot in snapshots:
        if snapshot.time < latest.time - keep - grace:
            out.add(
                "retention",
                "retention_exceeded",
                data_set,
                None,
                "%s: %s snapshot %s of %s is kept beyond %d days before the latest (%s)"
                % (
                    key,
                    data_set,
                    snapshot.short_id,
                    _iso(snapshot.time, zone),
                    section["keep_days"],
                    _iso(latest.time, zone),
                ),
            )
    taken_days = {snapshot.time.astimezone(zone).date() for snapshot in snapshots}
    start = max(snapshots[0].time, now - keep)
    for slot in occurrences(policy, data_set, start, now):
        if slot + grace <= now and slot.date() not in taken_days:
            out.add(
                "retention",
                "retention_missing",
                data_set,
                None,
                "%s: no %s snapshot on %s %s (scheduled %s, within the %d-day retention)"
                % (key, data_set, slot.strftime("%A"), slot.date().isoformat(), slot.isoformat(), section["keep_days"]),
            )
    return {
        "latest": _iso(latest.time, zone),
        "latest_id": latest.short_id,
        "snapshots": len(snapshots),
        "data_loss_minutes": int(loss.total_seconds() // 60),
    }


def _environment_databases(key, env):
    if not isinstance(env, Mapping):
        raise BackupComplianceError("environments.%s: expected an environment mapping, got %r" % (key, env))
    databases = env.get("databases")
    if not isinstance(databases, Mapping) or not databases:
        raise BackupComplianceError("environments.%s.databases: expected a mapping of kind -> database name" % key)
    names = []
    for kind, name in databases.items():
        if not isinstance(name, str) or not name:
            raise BackupComplianceError(
                "environments.%s.databases.%s: expected a database name, got %r" % (key, kind, name)
            )
        names.append(str(name))
    return names


def evaluate(policy, environments, sql_backups, snapshots, now, checks=None, data_sets=None):
    """Evaluate normalised history (``SqlBackup`` and ``Snapshot`` lists) against ``policy`` at ``now``.

    ``data_sets``: which of ``databases``, ``code`` and ``files`` to evaluate (default all): a file server's
    pre-check asks for its own data sets only.

    Returns ``{now, timezone, checks, data_sets, horizons_hours, environments: {key: {status, violations,
    databases, data_sets}}, compliant, summary}``.
    """
    checks = tuple(CHECKS if checks is None else checks)
    unknown = [check for check in checks if check not in CHECKS]
    if unknown:
        raise BackupComplianceError("checks: unknown %s (known: %s)" % (", ".join(unknown), ", ".join(CHECKS)))
    selected = tuple(ALL_DATA_SETS if data_sets is None else data_sets)
    unknown = [name for name in selected if name not in ALL_DATA_SETS]
    if unknown or not selected:
        raise BackupComplianceError(
            "data_sets: unknown or empty %s (known: %s)" % (", ".join(unknown) or "list", ", ".join(ALL_DATA_SETS))
        )
    file_sets = tuple(name for name in DATA_SETS if name in selected)
    if not isinstance(environments, Mapping):
        raise BackupComplianceError("environments: expected a mapping of environment key -> environment")
    if not HAS_ZONEINFO:
        raise BackupComplianceError("the Python module 'zoneinfo' (Python >= 3.9) is required")
    zone = ZoneInfo(policy.get("timezone") or "Europe/Paris")
    now = now.astimezone(UTC)
    grace = _dt.timedelta(minutes=policy["grace_minutes"])
    horizon = horizons(policy)

    owner = {}
    for key in sorted(environments):
        for name in _environment_databases(key, environments[key]):
            owner.setdefault(name, key)
    by_database = {}
    for backup in sql_backups:
        env_key = backup.environment or owner.get(backup.database)
        by_database.setdefault((env_key, backup.database), []).append(backup)
    by_set = {}
    for snapshot in snapshots:
        by_set.setdefault((snapshot.environment, snapshot.data_set), []).append(snapshot)

    result = {}
    for key in sorted(environments):
        out = _Collector(checks)
        names = _environment_databases(key, environments[key]) if "databases" in selected else []
        seen = any(by_database.get((key, name)) for name in names) or any(by_set.get((key, ds)) for ds in file_sets)
        if not seen:
            result[key] = {"status": "no_data", "violations": [], "databases": {}, "data_sets": {}}
            continue
        databases = {}
        for name in names:
            databases[name] = _check_database(
                name,
                sorted(by_database.get((key, name), []), key=lambda b: b.start),
                policy,
                zone,
                now,
                grace,
                horizon,
                out,
            )
        results_by_set = {}
        for data_set in file_sets:
            results_by_set[data_set] = _check_data_set(
                key,
                data_set,
                sorted(by_set.get((key, data_set), []), key=lambda s: s.time),
                policy,
                zone,
                now,
                grace,
                out,
            )
        result[key] = {
            "status": "violation" if out.violations else "compliant",
            "violations": out.violations,
            "databases": databases,
            "data_sets": results_by_set,
        }
    counts = {status: sum(1 for env in result.values() if env["status"] == status) for status in STATUSES}
    return {
        "now": _iso(now, zone),
        "timezone": str(zone.key),
        "checks": list(checks),
        "data_sets": list(selected),
        "grace_minutes": policy["grace_minutes"],
        "horizons_hours": {kind: round(value.total_seconds() / 3600, 2) for kind, value in horizon.items()},
        "environments": result,
        "compliant": all(env["status"] == "compliant" for env in result.values()),
        "summary": counts,
    }


def check_compliance(
    platform, environments, sql_history=None, restic_snapshots=None, now=None, checks=None, data_sets=None
):
    """Normalise the raw history, take the policy of ``platform`` and :func:`evaluate` it (see module doc).

    ``now``: an aware datetime or an ISO 8601 string with offset (default: the current time).
    Raises :class:`BackupComplianceError` for any unusable input.
    """
    try:
        policy = effective_policy(platform)
        if now is None:
            when = _dt.datetime.now(UTC)
        else:
            try:
                when = parse_time(now)
            except ValueError as exc:
                raise BackupComplianceError("now: %s" % exc) from None
        backups = normalise_sql_history(sql_history, default_timezone=policy.get("timezone") or "Europe/Paris")
        snapshots = normalise_restic_snapshots(restic_snapshots)
        return evaluate(policy, environments, backups, snapshots, when, checks, data_sets)
    except (BackupHistoryError, BackupPolicyError, BackupScheduleError) as exc:
        raise BackupComplianceError(str(exc)) from exc
