# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: build, verify and publish a D+1 backup package on the vault (docs/backup_export.md).

Nothing is visible to the tenant before it is complete: the package is built in the area's staging directory
(root only), each file hashed while it is written, then every file read again and checked against
``SHA256SUMS`` (and each zip's own CRCs), then its expiry record is written, in the state directory outside the
chroots (``<state>/<tenant>/<package>.json``), and only then is the directory renamed into the tenant's
``packages`` (one ``rename``: the package appears whole or not at all, and never without its record). A package
already published with its record is left as it is (its expiry too): a second run changes nothing. Two runs never
build the same package at once (a lock per package), and a build that the disk cannot hold is refused first.

The restic dumps are made by the caller's ``dump(argv, path)`` (the module runs restic, its output to ``path``).
"""

from __future__ import annotations

import contextlib
import fcntl
import grp
import hashlib
import json
import os
import shutil
import zipfile
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.backup.export_plan import (
    ExportPlanError,
    parse_sha256sums,
    readme,
    sha256sums,
)

CHUNK = 1 << 20
# Kept free beyond the database backups' size when a package is built (the zips come on top).
FREE_MARGIN = 0.1
Dump = Callable[[list, str], None]


class ExportBuildError(ExportPlanError):
    """A package could not be built or verified; the message names the file or the step."""


def _hash_copy(source: str, dest: str) -> str:
    digest = hashlib.sha256()
    with open(source, "rb") as reader, open(dest, "wb") as writer:
        for chunk in iter(lambda: reader.read(CHUNK), b""):
            digest.update(chunk)
            writer.write(chunk)
    return digest.hexdigest()


def file_sha256(path: str) -> str:
    """The SHA-256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as reader:
        for chunk in iter(lambda: reader.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify(directory: str, known: Mapping[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """Check a package directory against its ``SHA256SUMS``: every file listed, none missing, none extra, each
    zip sound. Returns name -> {sha256, size}; raises :class:`ExportBuildError` naming the first difference.

    ``known``: name -> SHA-256 the caller has just read from the same files (they are not read again)."""
    try:
        with open(os.path.join(directory, "SHA256SUMS"), encoding="utf-8") as handle:
            listed = parse_sha256sums(handle.read())
    except FileNotFoundError:
        raise ExportBuildError("%s: no SHA256SUMS" % directory) from None
    present = set()
    for base, _dirs, names in os.walk(directory):
        for name in names:
            present.add(os.path.relpath(os.path.join(base, name), directory))
    present.discard("SHA256SUMS")
    if present != set(listed):
        raise ExportBuildError(
            "%s: files not in SHA256SUMS: %s; listed but missing: %s"
            % (directory, sorted(present - set(listed)) or "none", sorted(set(listed) - present) or "none")
        )
    result = {}
    for name, expected in sorted(listed.items()):
        path = os.path.join(directory, name)
        actual = (known or {}).get(name) or file_sha256(path)
        if actual != expected:
            raise ExportBuildError("%s: %s has SHA-256 %s, SHA256SUMS says %s" % (directory, name, actual, expected))
        if name.endswith(".zip"):
            try:
                with zipfile.ZipFile(path) as archive:
                    broken = archive.testzip()
            except zipfile.BadZipFile as exc:
                raise ExportBuildError("%s: %s is not a zip archive (%s)" % (directory, name, exc)) from None
            if broken is not None:
                raise ExportBuildError("%s: %s: member %s fails its CRC" % (directory, name, broken))
        result[name] = {"sha256": actual, "size": os.path.getsize(path)}
    return result


def _restrict(directory: str, gid: int) -> None:
    """root:<gid>, directories 0750 and files 0640: the tenant's group reads, nobody else."""
    for base, dirs, names in os.walk(directory):
        os.chown(base, 0, gid)
        os.chmod(base, 0o750)
        for name in names:
            path = os.path.join(base, name)
            os.chown(path, 0, gid)
            os.chmod(path, 0o640)
        dirs.sort()


def record_path(state_dir: str, plan: Mapping[str, Any]) -> str:
    """Where a package's expiry record is kept."""
    return os.path.join(state_dir, plan["tenant"], plan["name"] + ".json")


def published(state_dir: str, packages_dir: str, plan: Mapping[str, Any]) -> dict[str, Any] | None:
    """The record of the package ``plan`` names when it is published (its directory and record exist)."""
    try:
        with open(record_path(state_dir, plan), encoding="utf-8") as handle:
            record = json.load(handle)
    except FileNotFoundError:
        return None
    except ValueError as exc:
        raise ExportBuildError("%s: not a JSON record (%s)" % (record_path(state_dir, plan), exc)) from None
    if not os.path.isdir(os.path.join(packages_dir, plan["name"])):
        return None
    return record


def _write_json(path: str, data: Mapping[str, Any]) -> None:
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, sort_keys=True)
        handle.write("\n")
    os.replace(tmp, path)


def build(
    plan: Mapping[str, Any],
    staging_root: str,
    packages_dir: str,
    state_dir: str,
    group: str,
    dumps: Mapping[str, list],
    dump: Dump,
) -> dict[str, Any]:
    """Build, verify and publish ``plan``; returns its record. ``dumps``: data set -> restic ``dump`` argv."""
    try:
        gid = grp.getgrnam(group).gr_gid
    except KeyError:
        raise ExportBuildError("group %s does not exist on the vault (role backup_vault creates it)" % group) from None
    staging = os.path.join(staging_root, plan["name"])
    target = os.path.join(packages_dir, plan["name"])
    needed = 0
    for item in (item for entry in plan["databases"] for item in entry["files"]):
        try:
            needed += os.path.getsize(item["source"])
        except OSError as exc:
            raise ExportBuildError("copying %s: %s" % (item["source"], exc)) from None
    free = shutil.disk_usage(staging_root).free
    if free < needed * (1 + FREE_MARGIN):
        raise ExportBuildError(
            "%s: %d bytes free, the database backups alone need %d and %d%% more are kept free: not built (the"
            " backups of the night share this disk)" % (staging_root, free, needed, FREE_MARGIN * 100)
        )
    with _locked(state_dir, plan):
        return _build(plan, staging, target, state_dir, gid, dumps, dump)


@contextlib.contextmanager
def _locked(state_dir: str, plan: Mapping[str, Any]) -> Iterator[None]:
    """An exclusive lock on the package's name, so that two runs never build the same package at once."""
    path = record_path(state_dir, plan)[: -len(".json")] + ".lock"
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise ExportBuildError("%s: another run is building this package" % plan["name"]) from None
        yield


def _build(
    plan: Mapping[str, Any], staging: str, target: str, state_dir: str, gid: int, dumps: Mapping[str, list], dump: Dump
) -> dict[str, Any]:
    if os.path.lexists(staging):
        shutil.rmtree(staging)
    os.makedirs(os.path.join(staging, "databases"), mode=0o700)
    os.makedirs(os.path.join(staging, "files"), mode=0o700)
    try:
        sums = []
        for entry in plan["databases"]:
            for item in entry["files"]:
                try:
                    sums.append((item["name"], _hash_copy(item["source"], os.path.join(staging, item["name"]))))
                except OSError as exc:
                    raise ExportBuildError("copying %s: %s" % (item["source"], exc)) from None
        for snapshot in plan["snapshots"]:
            path = os.path.join(staging, snapshot["name"])
            dump(dumps[snapshot["data_set"]], path)
            sums.append((snapshot["name"], file_sha256(path)))
        with open(os.path.join(staging, "README.txt"), "w", encoding="utf-8") as handle:
            handle.write(readme(plan))
        sums.append(("README.txt", file_sha256(os.path.join(staging, "README.txt"))))
        with open(os.path.join(staging, "SHA256SUMS"), "w", encoding="utf-8") as handle:
            handle.write(sha256sums(sums))
        files = verify(staging)
        _restrict(staging, gid)
        record = {
            "tenant": plan["tenant"],
            "environment": plan["key"],
            "package": plan["name"],
            "path": target,
            "full_time": plan["full_time"],
            "created": plan["created"],
            "expires": plan["expires"],
            "databases": [entry["database"] for entry in plan["databases"]],
            "snapshots": [{key: snapshot[key] for key in ("data_set", "id", "time")} for snapshot in plan["snapshots"]],
            "files": files,
        }
        # The record first: a package is never published without the record its expiry reads (a record whose
        # package never came is removed by the expiry like any other).
        _write_json(record_path(state_dir, plan), record)
        if os.path.lexists(target):
            # A directory without its record: a run stopped between the rename and the record. Rebuilt whole.
            shutil.rmtree(target)
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return record
