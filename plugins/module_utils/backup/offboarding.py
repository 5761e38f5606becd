# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the end of a tenant's contract, as its backup vault records it (docs/offboarding.md).

A tenant leaves in three steps, each a run of ``offboard_tenant.yml``, and the vault that built its D+1 packages
keeps one record of where it stands, ``<state_dir>/offboarding/<tenant>.json``:

1. ``return``: the final backups, then the data-return package of every environment (the D+1 package's format,
   ``export_plan``/``export_build``), verified when built; the record says ``returned`` and holds each package's
   files with their SHA-256, and the tenant's environment records (what the next steps remove, once the tenant
   file has left the registry).
2. ``decommission``: only with the return acknowledged, and only once the tenant file has left the registry
   (otherwise the next ``site.yml`` would bring its routes, accounts and timers back); every package is verified
   again against the record before anything is removed; the record says ``decommissioned`` and when the backups
   may be erased (``erase_after``: the retention period from that day).
3. ``erase``: a run after ``erase_after`` removes what the vault still holds of the tenant (its backup account, its
   restic repositories, its SQL Server backups, its download area and package records) and the record becomes the
   erasure record: what was removed, where, when, by which run, with the returned packages' checksums.

:func:`next_step` says which step a run takes, or refuses with what to do first. Everything read from the vault's
record is checked (:func:`parse_record`): a record is the only memory of a tenant that left the registry.
"""

from __future__ import annotations

import datetime as _dt
import json
import posixpath
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.backup.export_area import GROUP_PREFIX, KEYS_DIR
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restic import account
from ansible_collections.divalto.cloud.plugins.module_utils.backup.vault import AUTHORIZED_KEYS_DIR
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

VERSION = 1
STAGES = ("returned", "decommissioned", "erased")
STEPS = ("return", "decommission", "wait", "erase", "done")
RECORD_DIR = "offboarding"
# How far the clocks of the controller, the SQL Servers and the vault may disagree when the final backups are
# compared with the run's start.
CLOCK_SKEW = _dt.timedelta(minutes=10)
# Bounds of the retention period between the decommissioning and the erasure of the backups, in days.
RETENTION_DAYS = (1, 3650)
# The registry's tenant names (registry.schema.SAFE_ID; the backup package does not import the registry's).
_TENANT = re.compile(r"\A[a-z][a-z0-9]{1,15}\Z")
_KEY = re.compile(r"\A[a-z0-9][a-z0-9_-]{0,63}\Z")
_NAME = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9_.$-]{0,127}\Z")
_PACKAGE_FILE = re.compile(r"\A(?:[A-Za-z0-9_.-]+/)?[A-Za-z0-9_.-]{1,200}\Z")
_SHA256 = re.compile(r"\A[0-9a-f]{64}\Z")


class OffboardingError(DivaltoError):
    """A record, request or step of an offboarding that cannot be taken; the message says which and where."""


def tenant_name(value: Any, what: str = "tenant") -> str:
    """``value`` when it is a tenant's name (the registry's form), else the error naming ``what``."""
    if not isinstance(value, str) or not _TENANT.match(value):
        raise OffboardingError(
            "%s: expected a tenant name (a-z then 1 to 15 of a-z0-9), got %s" % (what, excerpt(value))
        )
    return value


def record_path(state_dir: str, tenant: str) -> str:
    """Where the vault keeps the offboarding record of ``tenant``."""
    return posixpath.join(state_dir, RECORD_DIR, tenant_name(tenant) + ".json")


def instant(value: Any, where: str) -> _dt.datetime:
    """``value`` as an aware date and time (ISO 8601 with its offset), else the error naming ``where``."""
    if isinstance(value, str):
        try:
            moment = _dt.datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            return moment
    raise OffboardingError("%s: expected a date and time with its offset (ISO 8601), got %s" % (where, excerpt(value)))


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise OffboardingError("%s: expected a mapping, got %s" % (where, excerpt(value)))
    return value


def _text(value: Any, pattern: re.Pattern, where: str, expected: str) -> str:
    if not isinstance(value, str) or not pattern.match(value):
        raise OffboardingError("%s: expected %s, got %s" % (where, expected, excerpt(value)))
    return value


def _environment(value: Any, where: str, tenant: str) -> None:
    """An environment record as the erasure reads it: its tenant, SQL pair, database names and download accounts,
    each of the registry's forms (a name from the record becomes a path or an account the erasure removes)."""
    record = _mapping(value, where)
    if record.get("tenant") != tenant:
        raise OffboardingError("%s.tenant: expected %s, got %s" % (where, tenant, excerpt(record.get("tenant"))))
    placement = _mapping(record.get("placement"), where + ".placement")
    _text(placement.get("sql"), _NAME, where + ".placement.sql", "an HA pair name")
    for role, name in _mapping(record.get("databases") or {}, where + ".databases").items():
        _text(name, _NAME, "%s.databases.%s" % (where, role), "a database name")
    downloads = (_mapping(record.get("client_access") or {}, where + ".client_access")).get("downloads") or []
    if not isinstance(downloads, list):
        raise OffboardingError("%s.client_access.downloads: expected a list, got %s" % (where, excerpt(downloads)))
    account_form = re.compile(r"\A%s-dl-[a-z0-9][a-z0-9_-]{0,31}\Z" % re.escape(tenant))
    for index, person in enumerate(downloads):
        person = _mapping(person, "%s.client_access.downloads[%d]" % (where, index))
        _text(
            person.get("account"),
            account_form,
            "%s.client_access.downloads[%d].account" % (where, index),
            "%s-dl-<person>" % tenant,
        )


def _package(value: Any, where: str, tenant: str, environments: Mapping[str, Any]) -> dict[str, Any]:
    entry = _mapping(value, where)
    key = _text(entry.get("environment"), _KEY, where + ".environment", "an environment key")
    if key not in environments:
        raise OffboardingError("%s.environment: %s is not an environment of the record" % (where, excerpt(key)))
    path = entry.get("path")
    if not isinstance(path, str) or not path.startswith("/") or "/../" in path + "/" or "\x00" in path:
        raise OffboardingError("%s.path: expected an absolute path, got %s" % (where, excerpt(path)))
    files = _mapping(entry.get("files"), where + ".files")
    if not files:
        raise OffboardingError("%s.files: expected the package's files with their SHA-256, got none" % where)
    checked = {}
    for name, facts in files.items():
        _text(name, _PACKAGE_FILE, "%s.files" % where, "a file name of the package")
        if ".." in name.split("/"):
            raise OffboardingError("%s.files: expected a file name of the package, got %s" % (where, excerpt(name)))
        facts = _mapping(facts, "%s.files[%s]" % (where, name))
        sha = _text(facts.get("sha256"), _SHA256, "%s.files[%s].sha256" % (where, name), "64 hexadecimal digits")
        size = facts.get("size")
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise OffboardingError("%s.files[%s].size: expected a size in bytes, got %s" % (where, name, excerpt(size)))
        checked[name] = {"sha256": sha, "size": size}
    return {
        "environment": key,
        "package": _text(entry.get("package"), _NAME, where + ".package", "a package name"),
        "path": path,
        "expires": instant(entry.get("expires"), where + ".expires").isoformat(),
        "files": checked,
    }


def parse_record(text: Any, tenant: str, source: str = "record") -> dict[str, Any] | None:
    """The record read from the vault (``None`` for no record: ``text`` empty or ``None``), checked whole.

    Refused, naming ``source`` and the field: text that is not a JSON object, another tenant's record, an unknown
    version or stage, dates without an offset, packages without files and checksums, a ``decommissioned`` record
    without ``erase_after``.
    """
    tenant_name(tenant)
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if not isinstance(text, str):
        raise OffboardingError("%s: expected the record's JSON text, got %s" % (source, excerpt(text)))
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise OffboardingError("%s: not JSON (%s)" % (source, exc)) from None
    data = _mapping(data, source)
    if data.get("version") != VERSION:
        raise OffboardingError("%s.version: expected %d, got %s" % (source, VERSION, excerpt(data.get("version"))))
    if data.get("tenant") != tenant:
        raise OffboardingError("%s.tenant: expected %s, got %s" % (source, tenant, excerpt(data.get("tenant"))))
    stage = data.get("stage")
    if stage not in STAGES:
        raise OffboardingError("%s.stage: expected one of %s, got %s" % (source, ", ".join(STAGES), excerpt(stage)))
    environments = _mapping(data.get("environments"), source + ".environments")
    if not environments:
        raise OffboardingError("%s.environments: expected the tenant's environment records, got none" % source)
    for key, record in environments.items():
        _text(key, _KEY, source + ".environments", "environment keys")
        _environment(record, "%s.environments[%s]" % (source, key), tenant)
    packages = data.get("packages")
    if not isinstance(packages, list) or not packages:
        raise OffboardingError("%s.packages: expected the returned packages, got %s" % (source, excerpt(packages)))
    checked = [
        _package(entry, "%s.packages[%d]" % (source, index), tenant, environments)
        for index, entry in enumerate(packages)
    ]
    missing = sorted(set(environments) - {entry["environment"] for entry in checked})
    if missing:
        raise OffboardingError("%s.packages: no package of %s" % (source, ", ".join(missing)))
    result = dict(data)
    result["packages"] = checked
    result["returned"] = instant(data.get("returned"), source + ".returned").isoformat()
    if stage in ("decommissioned", "erased"):
        result["decommissioned"] = instant(data.get("decommissioned"), source + ".decommissioned").isoformat()
        result["erase_after"] = instant(data.get("erase_after"), source + ".erase_after").isoformat()
    if stage == "erased":
        result["erased"] = instant(data.get("erased"), source + ".erased").isoformat()
    return result


def next_step(
    record: Mapping[str, Any] | None, tenant: str, in_registry: bool, acknowledged: bool, now: _dt.datetime
) -> dict[str, str]:
    """``{step, message}``: what this run does for ``tenant``, or :class:`OffboardingError` saying what to do first.

    ``in_registry``: the tenant still has a tenant file; ``acknowledged``: the run says the client has its data
    (``offboard_returned=<tenant>``).
    """
    if record is None:
        if not in_registry:
            raise OffboardingError(
                "%s: neither a tenant of the registry nor an offboarding the vault knows (no record)" % tenant
            )
        if acknowledged:
            raise OffboardingError(
                "offboard_returned: %s has no data-return package yet; run without offboard_returned first" % tenant
            )
        return {"step": "return", "message": "final backups, then the data-return package of every environment"}
    stage = record["stage"]
    if stage == "returned":
        if acknowledged and in_registry:
            raise OffboardingError(
                "offboard_returned: %s is still in the registry: remove its tenant file first (a reviewed change), or"
                " the next site.yml brings its routes, accounts and backup timers back" % tenant
            )
        if acknowledged:
            return {"step": "decommission", "message": "verify the packages again, then remove every environment"}
        if not in_registry:
            raise OffboardingError(
                "%s has left the registry and its data was returned on %s: acknowledge the return with"
                " -e offboard_returned=%s to decommission it" % (tenant, record["returned"], tenant)
            )
        return {"step": "return", "message": "the packages again (published ones are kept as they are)"}
    if in_registry:
        raise OffboardingError(
            "%s is in the registry again, but was decommissioned on %s: remove its tenant file, or offboard it under"
            " another name" % (tenant, record["decommissioned"])
        )
    if stage == "erased":
        return {"step": "done", "message": "erased on %s: nothing left to do" % record["erased"]}
    if now < _dt.datetime.fromisoformat(record["erase_after"]) and acknowledged:
        return {
            "step": "decommission",
            "message": "again (a run that left machines out): the packages verified, the machines converged without"
            " it, the retention date kept",
        }
    if now < _dt.datetime.fromisoformat(record["erase_after"]):
        return {
            "step": "wait",
            "message": "its backups are kept until %s; a run after that erases them" % record["erase_after"],
        }
    return {"step": "erase", "message": "the retention period ended on %s" % record["erase_after"]}


def returned_record(
    tenant: str,
    environments: Mapping[str, Mapping[str, Any]],
    exports: Iterable[Mapping[str, Any]],
    now: _dt.datetime,
    run: str,
    fresh_since: _dt.datetime | None = None,
    days: int | None = None,
) -> dict[str, Any]:
    """The record of step ``return``: ``environments`` (key -> record) are the tenant's, ``exports`` the records
    ``divalto.cloud.backup_export`` returned for them (one per environment).

    ``fresh_since``: when the run's final backups started; a package whose full backup or snapshot is older (by
    more than :data:`CLOCK_SKEW`) was
    built from an earlier night (a final backup that did not happen, or that the export could not see), and is
    refused. ``days``: the return period; a package published earlier that expires before its end is refused.
    """
    tenant_name(tenant)
    moment = _aware(now, "now")
    own = {key: dict(record) for key, record in environments.items() if record.get("tenant") == tenant}
    if not own:
        raise OffboardingError("environments: %s has none" % tenant)
    packages = []
    for index, export in enumerate(exports):
        export = _mapping(export, "exports[%d]" % index)
        where = "exports[%d] (%s)" % (index, excerpt(export.get("package")))
        if fresh_since is not None:
            times = [instant(export.get("full_time"), where + ".full_time")] + [
                instant(_mapping(snapshot, where + ".snapshots").get("time"), where + ".snapshots")
                for snapshot in export.get("snapshots") or []
            ]
            stale = [time.isoformat() for time in times if time < _aware(fresh_since, "fresh_since") - CLOCK_SKEW]
            if stale:
                raise OffboardingError(
                    "%s: built from backups of %s, before this run's final backups (%s): a final backup did not"
                    " happen or is not on the vault yet; nothing was recorded"
                    % (where, ", ".join(stale), fresh_since.isoformat())
                )
        if days is not None and instant(export.get("expires"), where + ".expires") < moment + _dt.timedelta(
            days=days, hours=-1
        ):
            raise OffboardingError(
                "%s: published earlier, it expires on %s, before the %d days of the return: remove it (its directory"
                " and its record in the export state directory) and run again" % (where, export.get("expires"), days)
            )
        packages.append(
            {
                "environment": export.get("environment"),
                "package": export.get("package"),
                "path": export.get("path"),
                "expires": export.get("expires"),
                "files": export.get("files"),
            }
        )
    record = {
        "version": VERSION,
        "tenant": tenant,
        "stage": "returned",
        "returned": moment.isoformat(timespec="seconds"),
        "returned_by": str(run),
        "environments": own,
        "packages": packages,
    }
    # Checked as a later run reads it: a record that could not be read back is never written.
    return parse_record(json.dumps(record), tenant, "the new record") or record


def _aware(now: Any, what: str) -> _dt.datetime:
    if not isinstance(now, _dt.datetime) or now.tzinfo is None:
        raise OffboardingError("%s: expected an aware date and time, got %s" % (what, excerpt(now)))
    return now


def verify_packages(
    record: Mapping[str, Any], found: Mapping[str, Mapping[str, Mapping[str, Any]]], now: _dt.datetime
) -> list[str]:
    """The differences between the record's packages and ``found`` (package path -> file name -> {sha256, size}, as
    read on the vault; a package missing from ``found`` was not there). Empty: every package is as it was returned.

    A package gone after its recorded expiry is no difference: the vault's timer removed it once the client had
    had its days (it was verified when it was built, and the record keeps its checksums)."""
    problems = []
    for entry in record["packages"]:
        files = found.get(entry["path"])
        if files is None and _dt.datetime.fromisoformat(entry["expires"]) <= _aware(now, "now"):
            continue
        if files is None:
            problems.append("%s: package %s is gone (%s)" % (entry["environment"], entry["package"], entry["path"]))
            continue
        for name, facts in sorted(entry["files"].items()):
            actual = files.get(name)
            if actual is None:
                problems.append("%s: %s is missing from %s" % (entry["environment"], name, entry["package"]))
            elif actual.get("sha256") != facts["sha256"]:
                problems.append(
                    "%s: %s of %s has SHA-256 %s, the return recorded %s"
                    % (entry["environment"], name, entry["package"], actual.get("sha256"), facts["sha256"])
                )
        for name in sorted(set(files) - set(entry["files"])):
            problems.append("%s: %s in %s was not returned" % (entry["environment"], name, entry["package"]))
    return problems


def decommissioned_record(
    record: Mapping[str, Any], now: _dt.datetime, retention_days: Any, run: str
) -> dict[str, Any]:
    """The record once every environment is removed: the backups are kept ``retention_days`` from ``now``."""
    if record.get("stage") != "returned":
        raise OffboardingError("record.stage: expected returned, got %s" % excerpt(record.get("stage")))
    low, high = RETENTION_DAYS
    if isinstance(retention_days, bool) or not isinstance(retention_days, int) or not low <= retention_days <= high:
        raise OffboardingError(
            "retention_days: expected a number of days from %d to %d, got %s" % (low, high, excerpt(retention_days))
        )
    moment = _aware(now, "now")
    updated = dict(record)
    updated.update(
        stage="decommissioned",
        decommissioned=moment.isoformat(timespec="seconds"),
        decommissioned_by=str(run),
        erase_after=(moment + _dt.timedelta(days=retention_days)).isoformat(timespec="seconds"),
    )
    return updated


def erase_targets(
    record: Mapping[str, Any],
    vault_root: str,
    export_root: str,
    export_state_dir: str,
    sql_share_path: str,
    sql_directories: Iterable[str] = (),
    config_dir: str = "/etc/divalto/backup",
) -> dict[str, Any]:
    """What the vault still holds of the tenant: ``accounts`` (its backup account, then its download accounts as
    recorded), ``groups`` (its download group), ``paths`` (its chroot and repositories, its download area, its
    package records, the keys of its accounts, its environments' repository passwords, then ``sql_directories``:
    the directories ``<share>/<SQL pair>/<server>/<database>`` of its databases found on the vault, each checked to
    be one). Nothing else is named."""
    tenant = tenant_name(record.get("tenant"), "record.tenant")
    databases = set()
    pairs = set()
    for key, environment in record["environments"].items():
        placement = _mapping(environment.get("placement"), "record.environments[%s].placement" % key)
        pair = _text(placement.get("sql"), _NAME, "record.environments[%s].placement.sql" % key, "an HA pair name")
        pairs.add(pair)
        for name in _mapping(environment.get("databases") or {}, "record.environments[%s].databases" % key).values():
            databases.add(_text(name, _NAME, "record.environments[%s].databases" % key, "database names"))
    sql = []
    share = sql_share_path.rstrip("/")
    for index, path in enumerate(sql_directories):
        parts = path[len(share) + 1 :].split("/") if isinstance(path, str) and path.startswith(share + "/") else []
        if len(parts) != 3 or parts[0] not in pairs or parts[2] not in databases or not _NAME.match(parts[1]):
            raise OffboardingError(
                "sql_directories[%d]: expected %s/<SQL pair of the tenant>/<server>/<database of the tenant>, got %s"
                % (index, share, excerpt(path))
            )
        sql.append(path)
    downloads = sorted(
        {
            person["account"]
            for environment in record["environments"].values()
            for person in ((environment.get("client_access") or {}).get("downloads") or [])
            if isinstance(person, Mapping) and isinstance(person.get("account"), str)
        }
    )
    return {
        "tenant": tenant,
        "accounts": [account(tenant)] + downloads,
        "groups": [GROUP_PREFIX + tenant],
        "paths": [
            posixpath.join(vault_root, tenant),
            posixpath.join(export_root, tenant),
            posixpath.join(export_state_dir, tenant),
            posixpath.join(AUTHORIZED_KEYS_DIR, account(tenant)),
        ]
        + [posixpath.join(KEYS_DIR, name) for name in downloads]
        + [posixpath.join(config_dir, "passwords", key) for key in sorted(record["environments"])]
        + sorted(sql),
    }


def erased_record(record: Mapping[str, Any], removed: Mapping[str, Any], now: _dt.datetime, run: str) -> dict[str, Any]:
    """The erasure record: the record with what was removed, where (``removed``: ``{vault, accounts, groups,
    paths}``), when and by which run; the returned packages' checksums stay in it."""
    if record.get("stage") != "decommissioned":
        raise OffboardingError("record.stage: expected decommissioned, got %s" % excerpt(record.get("stage")))
    moment = _aware(now, "now")
    if moment < _dt.datetime.fromisoformat(record["erase_after"]):
        raise OffboardingError("now: %s is before erase_after %s" % (moment.isoformat(), record["erase_after"]))
    updated = dict(record)
    updated.update(
        stage="erased",
        erased=moment.isoformat(timespec="seconds"),
        erased_by=str(run),
        removed={key: removed.get(key) for key in ("vault", "accounts", "groups", "paths")},
    )
    return updated
