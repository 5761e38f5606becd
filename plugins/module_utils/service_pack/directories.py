# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Immutable service-pack directories on POSIX file servers (private to divalto.cloud; API may change).

Standard library and the collection's core only: this runs on the managed host, inside the
``divalto.cloud.service_pack`` module.

A service pack or hotfix level is installed once into ``<root>/<version>/`` and never modified afterwards
(docs/service_packs.md). :func:`ensure` is the single entry point; it

1. surveys ``root``: version directories (names like ``v2026_erpx13_p223a``) and anything else (reported only);
2. verifies every wanted version already there against its manifest ``<root>/<version>/.divalto-manifest.json``
   (artifact checksum and a per-file digest list) and fails, naming the version and the files that differ, when
   the tree was tampered with: it never repairs;
3. plans the prune (never a version listed in ``in_use``);
4. installs each missing version all-or-nothing: artifact checksum checked before anything is written, members
   checked (no absolute path, no ``..``, no symbolic link leaving the tree, no device), extraction into
   ``<root>/.tmp-<version>-<random>``, manifest written, then one ``os.rename`` into place;
5. removes pruned versions (renamed out of the way first, so a version directory is either whole or absent).

Steps 1 to 3 change nothing, so a verification or prune problem fails before any change. In check mode the
artifacts' checksums and members are checked too, but nothing is written.

Tree digest: every entry under the version directory except the top-level manifest, sorted by relative path
(``/``-separated), contributes ``<kind> NUL <path> NUL <digest> LF`` to one SHA-256, where kind is ``d``
(directory, empty digest), ``f`` (regular file, SHA-256 of its content, streamed in chunks), ``l`` (symbolic link,
SHA-256 of its target) or ``o`` (anything else, empty digest; never installed, so always a difference).
Ownership, modes and timestamps are not part of it.
"""

from __future__ import annotations

import datetime
import grp
import hashlib
import json
import os
import pwd
import re
import shutil
import stat
import tarfile
import tempfile
import time
import zipfile
import zlib

from ansible_collections.divalto.cloud.plugins.module_utils.core.versions import is_version

SHA256_PATTERN = re.compile(r"^[0-9a-fA-F]{64}$")
MODE_PATTERN = re.compile(r"^0[0-7]{3}$")
MANIFEST_NAME = ".divalto-manifest.json"
MANIFEST_FORMAT = 1
TEMP_PREFIX = ".tmp-"
CHUNK_SIZE = 1024 * 1024
MAX_SYMLINK_HOPS = 40
MAX_SYMLINK_TARGET = 4096
ARCHIVE_SUFFIXES = ((".zip", "zip"), (".tar.gz", "tgz"), (".tgz", "tgz"))
STATES = ("present", "verified")
# What a damaged archive raises while it is read (CRC errors included: zipfile raises BadZipFile).
CORRUPTION_ERRORS = (zipfile.BadZipFile, tarfile.TarError, EOFError, zlib.error)


class ServicePackError(Exception):
    """A failure with its message and the details the module returns alongside it."""

    def __init__(self, message, **details):
        super().__init__(message)
        self.details = details


class ArchiveError(ServicePackError):
    """An artifact that cannot be installed safely (bad member, unsupported format)."""


# ---------------------------------------------------------------------------------------------------------------
# Digests


def file_sha256(path, chunk_size=CHUNK_SIZE):
    """SHA-256 (hex) of a file's content, read in chunks so that big files are never held in memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while True:
            chunk = stream.read(chunk_size)
            if not chunk:
                break
            digest.update(chunk)
    return digest.hexdigest()


def _text_sha256(text):
    return hashlib.sha256(os.fsencode(text)).hexdigest()


class TreeState:
    """What a version directory contains: files {path: sha256}, symlinks {path: target}, directories, others."""

    __slots__ = ("files", "symlinks", "directories", "others")

    def __init__(self, files=None, symlinks=None, directories=None, others=None):
        self.files = dict(files or {})
        self.symlinks = dict(symlinks or {})
        self.directories = sorted(directories or ())
        self.others = sorted(others or ())

    def entries(self):
        """{relative path: (kind, digest)} over everything the tree digest covers."""
        entries = {path: ("d", "") for path in self.directories}
        entries.update((path, ("o", "")) for path in self.others)
        entries.update((path, ("f", digest)) for path, digest in self.files.items())
        entries.update((path, ("l", _text_sha256(target))) for path, target in self.symlinks.items())
        return entries

    def digest(self):
        digest = hashlib.sha256()
        entries = self.entries()
        for path in sorted(entries):
            kind, value = entries[path]
            digest.update(b"%s\0%s\0%s\n" % (kind.encode("ascii"), os.fsencode(path), value.encode("ascii")))
        return digest.hexdigest()


def scan_tree(top):
    """Walk ``top`` without following symbolic links and hash every regular file (streamed)."""
    state = TreeState()
    directories = []
    for current, dirnames, filenames in os.walk(top, onerror=_raise):
        relative_dir = os.path.relpath(current, top)
        prefix = "" if relative_dir == "." else relative_dir.replace(os.sep, "/") + "/"
        for name in list(dirnames):
            path = os.path.join(current, name)
            if os.path.islink(path):
                # os.walk lists a symbolic link to a directory among the directories; it does not descend into it.
                dirnames.remove(name)
                filenames.append(name)
            else:
                directories.append(prefix + name)
        for name in filenames:
            relative = prefix + name
            if relative == MANIFEST_NAME:
                continue
            path = os.path.join(current, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                state.symlinks[relative] = os.readlink(path)
            elif stat.S_ISREG(mode):
                state.files[relative] = file_sha256(path)
            else:
                state.others.append(relative)
    state.directories = sorted(directories)
    state.others = sorted(state.others)
    return state


def _raise(error):
    raise error


def compare_trees(expected, actual):
    """{added, removed, modified}: sorted relative paths (directories end with ``/``) where the trees differ."""
    want, have = expected.entries(), actual.entries()

    def shown(path, entries):
        return path + "/" if entries[path][0] == "d" else path

    return {
        "added": sorted(shown(path, have) for path in have if path not in want),
        "removed": sorted(shown(path, want) for path in want if path not in have),
        "modified": sorted(shown(path, have) for path in have if path in want and have[path] != want[path]),
    }


# ---------------------------------------------------------------------------------------------------------------
# Archives


class Member:
    """One archive member, normalised: path (``/``-separated, relative), kind, link target, executable, mtime."""

    __slots__ = ("path", "kind", "target", "executable", "mtime", "opener")

    def __init__(self, path, kind, target=None, executable=False, mtime=None, opener=None):
        self.path = path
        self.kind = kind  # dir, file, symlink, hardlink
        self.target = target
        self.executable = executable
        self.mtime = mtime
        self.opener = opener


def archive_format(artifact):
    """``zip`` or ``tgz`` from the artifact's file name."""
    lowered = artifact.lower()
    for suffix, kind in ARCHIVE_SUFFIXES:
        if lowered.endswith(suffix):
            return kind
    raise ArchiveError(
        "artifact %s: unsupported archive format (expected a name ending in %s)"
        % (artifact, ", ".join(suffix for suffix, _kind in ARCHIVE_SUFFIXES))
    )


def member_path(raw, archive):
    """The normalised relative path of a member name, ``None`` for the archive root, or :class:`ArchiveError`.

    Backslashes count as separators (the tree is served to Windows, where they are one).
    """
    if "\0" in raw:
        raise ArchiveError("%s: member %r: NUL character in its name" % (archive, raw))
    name = raw.replace("\\", "/")
    if name.startswith("/"):
        raise ArchiveError("%s: member %r has an absolute path" % (archive, raw))
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise ArchiveError("%s: member %r contains '..'" % (archive, raw))
    return "/".join(parts) if parts else None


def _zip_members(archive, name):
    for info in archive.infolist():
        path = member_path(info.filename, name)
        if path is None:
            continue
        if info.flag_bits & 0x1:
            raise ArchiveError("%s: member %r is encrypted" % (name, info.filename))
        mode = (info.external_attr >> 16) & 0xFFFF
        mtime = time.mktime(info.date_time + (0, 0, -1))
        if stat.S_ISLNK(mode):
            if info.file_size > MAX_SYMLINK_TARGET:
                raise ArchiveError("%s: symbolic link member %r has a %d-byte target" % (name, path, info.file_size))
            target = archive.read(info).decode("utf-8", "surrogateescape")
            yield Member(path, "symlink", target=target)
        elif info.is_dir():
            yield Member(path, "dir")
        elif stat.S_IFMT(mode) not in (0, stat.S_IFREG):
            raise ArchiveError("%s: member %r is not a regular file, directory or symbolic link" % (name, path))
        else:
            yield Member(
                path,
                "file",
                executable=bool(mode & 0o100),
                mtime=mtime,
                opener=lambda info=info: archive.open(info),
            )


def _tar_members(archive, name):
    for info in archive:
        path = member_path(info.name, name)
        if path is None:
            continue
        if info.isdir():
            yield Member(path, "dir")
        elif info.isreg():
            yield Member(
                path,
                "file",
                executable=bool(info.mode & 0o100),
                mtime=info.mtime,
                opener=lambda info=info: archive.extractfile(info),
            )
        elif info.issym():
            yield Member(path, "symlink", target=info.linkname)
        elif info.islnk():
            target = member_path(info.linkname, name)
            if target is None:
                raise ArchiveError("%s: hard link member %r points to the archive root" % (name, path))
            yield Member(path, "hardlink", target=target)
        else:
            raise ArchiveError("%s: member %r is not a regular file, directory or link" % (name, path))


class _Archive:
    """Context manager over an artifact; ``members()`` yields :class:`Member` in archive order (streamed)."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        self.format = archive_format(self.name)
        self._handle = None

    def __enter__(self):
        try:
            if self.format == "zip":
                self._handle = zipfile.ZipFile(self.path)
            else:
                # Stream mode: one pass over the compressed data, no seeking back.
                self._handle = tarfile.open(self.path, "r|gz")
        except (OSError,) + CORRUPTION_ERRORS as exc:
            raise ArchiveError("%s: cannot open the archive: %s" % (self.name, exc)) from exc
        return self

    def __exit__(self, *exc_info):
        self._handle.close()
        return False

    def members(self):
        if self.format == "zip":
            return _zip_members(self._handle, self.name)
        return _tar_members(self._handle, self.name)

    def walk(self, action=None):
        """Check every member (and call ``action(member)`` after its check); returns the member count."""
        checker = MemberChecker(self.name)
        count = 0
        try:
            for member in self.members():
                checker.add(member)
                if action is not None:
                    action(member)
                count += 1
        except CORRUPTION_ERRORS as exc:
            raise ArchiveError("%s: corrupt archive: %s" % (self.name, exc)) from exc
        checker.finish()
        return count


class MemberChecker:
    """Checks members one by one as they are read, then the symbolic links once all are known (:meth:`finish`)."""

    def __init__(self, archive):
        self.archive = archive
        self.kinds = {}
        self.links = {}

    def add(self, member):
        path = member.path
        if path == MANIFEST_NAME:
            raise ArchiveError("%s: member %s would overwrite the manifest" % (self.archive, path))
        parts = path.split("/")
        for index in range(1, len(parts)):
            parent = "/".join(parts[:index])
            kind = self.kinds.setdefault(parent, "dir")
            if kind == "symlink":
                raise ArchiveError(
                    "%s: member %s is placed under the symbolic link %s (not extracted through links)"
                    % (self.archive, path, parent)
                )
            if kind != "dir":
                raise ArchiveError("%s: member %s is placed under the file %s" % (self.archive, path, parent))
        earlier = self.kinds.get(path)
        if earlier is not None and not (earlier == "dir" and member.kind == "dir"):
            raise ArchiveError("%s: member %s appears twice (or as both a file and a directory)" % (self.archive, path))
        if member.kind == "hardlink":
            if self.kinds.get(member.target) != "file":
                raise ArchiveError(
                    "%s: hard link %s must point to an earlier regular file of the archive, not %s"
                    % (self.archive, path, member.target)
                )
            self.kinds[path] = "file"
        else:
            self.kinds[path] = member.kind
        if member.kind == "symlink":
            if not member.target or member.target.startswith("/"):
                raise ArchiveError(
                    "%s: symbolic link %s -> %r escapes the version directory (absolute or empty target)"
                    % (self.archive, path, member.target)
                )
            self.links[path] = member.target

    def finish(self):
        """Resolve every symbolic link like ``realpath`` would inside the tree; fail when one leaves it."""
        for path in sorted(self.links):
            parent = path.split("/")[:-1]
            try:
                _resolve(parent + self.links[path].split("/"), self.links)
            except ValueError as exc:
                raise ArchiveError(
                    "%s: symbolic link %s -> %s %s" % (self.archive, path, self.links[path], exc)
                ) from None


def _resolve(parts, links):
    """Resolve relative path ``parts`` through ``links`` ({path: target}); ValueError when it leaves the tree."""
    resolved = []
    pending = list(parts)
    hops = 0
    while pending:
        part = pending.pop(0)
        if part in ("", "."):
            continue
        if part == "..":
            if not resolved:
                raise ValueError("escapes the version directory")
            resolved.pop()
            continue
        resolved.append(part)
        target = links.get("/".join(resolved))
        if target is not None:
            hops += 1
            if hops > MAX_SYMLINK_HOPS:
                raise ValueError("loops through more than %d symbolic links" % MAX_SYMLINK_HOPS)
            if target.startswith("/"):
                raise ValueError("escapes the version directory")
            resolved.pop()
            pending[0:0] = target.split("/")
    return resolved


def check_archive(path):
    """Read every member of the artifact at ``path`` and check it, without writing anything; returns the count."""
    with _Archive(path) as archive:
        return archive.walk()


def extract_archive(path, dest):
    """Extract the artifact at ``path`` into the empty directory ``dest``, checking each member before writing it.

    Nothing is ever written through a symbolic link (members under links are refused, files are created with
    ``O_EXCL | O_NOFOLLOW``); symbolic links leaving the tree are refused once all are known. On failure ``dest``
    is left as it is: the caller removes it.
    """
    with _Archive(path) as archive:
        return archive.walk(lambda member: _write_member(member, dest))


def _write_member(member, dest):
    target = os.path.join(dest, *member.path.split("/"))
    parent = os.path.dirname(target)
    if not os.path.isdir(parent):
        os.makedirs(parent, 0o755)
    if member.kind == "dir":
        if not os.path.isdir(target):
            os.mkdir(target, 0o755)
    elif member.kind == "symlink":
        os.symlink(member.target, target)
    elif member.kind == "hardlink":
        # A hard link becomes a copy: the tree must not share inodes with anything.
        with open(os.path.join(dest, *member.target.split("/")), "rb") as source:
            _write_file(source, target, os.stat(source.fileno()).st_mode & 0o100, None)
    else:
        with member.opener() as source:
            _write_file(source, target, member.executable, member.mtime)


def _write_file(source, target, executable, mtime):
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(target, flags, 0o755 if executable else 0o644)
    with os.fdopen(descriptor, "wb") as out:
        shutil.copyfileobj(source, out, CHUNK_SIZE)
    if mtime is not None:
        os.utime(target, (mtime, mtime))


# ---------------------------------------------------------------------------------------------------------------
# Manifests


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def build_manifest(spec, state, installed_at):
    return {
        "format": MANIFEST_FORMAT,
        "version": spec.version,
        "artifact": spec.artifact,
        "sha256": spec.sha256,
        "installed_at": installed_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "tree_digest": state.digest(),
        "file_count": len(state.files),
        "files": dict(sorted(state.files.items())),
        "symlinks": dict(sorted(state.symlinks.items())),
        "directories": list(state.directories),
    }


def write_manifest(directory, manifest):
    path = os.path.join(directory, MANIFEST_NAME)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(path, flags, 0o644), "w", encoding="utf-8") as stream:
        json.dump(manifest, stream, indent=1, sort_keys=True)
        stream.write("\n")
        stream.flush()
        os.fsync(stream.fileno())


class ManifestError(Exception):
    pass


_MANIFEST_FIELDS = (
    ("version", str),
    ("artifact", str),
    ("sha256", str),
    ("installed_at", str),
    ("tree_digest", str),
    ("file_count", int),
    ("files", dict),
    ("symlinks", dict),
    ("directories", list),
)


def read_manifest(directory):
    """The manifest of a version directory as a dict, or :class:`ManifestError` saying why it cannot be used."""
    path = os.path.join(directory, MANIFEST_NAME)
    if os.path.islink(path) or not os.path.isfile(path):
        raise ManifestError("its manifest %s is missing" % path)
    try:
        with open(path, encoding="utf-8") as stream:
            manifest = json.load(stream)
    except (OSError, ValueError) as exc:
        raise ManifestError("its manifest %s is unreadable: %s" % (path, exc)) from None
    if not isinstance(manifest, dict):
        raise ManifestError("its manifest %s is not a JSON object" % path)
    wrong = [name for name, kind in _MANIFEST_FIELDS if not isinstance(manifest.get(name), kind)]
    if wrong:
        raise ManifestError("its manifest %s lacks or mistypes: %s" % (path, ", ".join(wrong)))
    return manifest


def manifest_state(manifest):
    return TreeState(manifest["files"], manifest["symlinks"], manifest["directories"])


# ---------------------------------------------------------------------------------------------------------------
# Options


class PackSpec:
    """One wanted version: version, artifact (a file name in ``source``), sha256 (lowercase hex)."""

    __slots__ = ("version", "artifact", "sha256")

    def __init__(self, version, artifact, sha256):
        self.version = version
        self.artifact = artifact
        self.sha256 = sha256


def parse_versions(versions):
    """Validate the ``versions`` option: [{version, artifact, sha256}, ...] -> [PackSpec]; every problem at once."""
    problems = []
    specs = []
    seen = set()
    for index, entry in enumerate(versions or ()):
        where = "versions[%d]" % index
        if not isinstance(entry, dict):
            problems.append("%s: expected a dict with version, artifact and sha256, got %r" % (where, entry))
            continue
        version = entry.get("version")
        artifact = entry.get("artifact")
        checksum = entry.get("sha256")
        if not is_version(version):
            problems.append("%s.version: expected a version such as v2026_erpx13_p223a, got %r" % (where, version))
        elif version in seen:
            problems.append("%s.version: %s is listed twice" % (where, version))
        else:
            seen.add(version)
        if (
            not isinstance(artifact, str)
            or not artifact
            or "/" in artifact
            or artifact in (".", "..")
            or artifact.startswith(".")
        ):
            problems.append("%s.artifact: expected a plain file name (no directory part), got %r" % (where, artifact))
        if not isinstance(checksum, str) or not SHA256_PATTERN.match(checksum):
            problems.append("%s.sha256: expected 64 hexadecimal characters, got %r" % (where, checksum))
        if not problems:
            specs.append(PackSpec(version, artifact, checksum.lower()))
    if problems:
        raise ServicePackError("invalid versions: " + "; ".join(problems))
    return specs


def parse_mode(mode):
    """An octal mode string such as ``'0644'`` -> int; ``None`` stays ``None``."""
    if mode is None:
        return None
    text = str(mode)
    if not MODE_PATTERN.match(text):
        raise ServicePackError(
            "mode: expected a quoted octal string of four digits such as '0644', got %r "
            "(an unquoted 0644 reaches the module as the number 420)" % (mode,)
        )
    return int(text, 8)


def resolve_owner(owner, group):
    """(uid, gid) from names or numeric ids; -1 for what is not given (``os.lchown`` leaves it)."""
    uid = gid = -1
    if owner is not None:
        try:
            uid = int(owner) if str(owner).isdigit() else pwd.getpwnam(owner).pw_uid
        except KeyError:
            raise ServicePackError("owner: no user %r on this host" % owner) from None
    if group is not None:
        try:
            gid = int(group) if str(group).isdigit() else grp.getgrnam(group).gr_gid
        except KeyError:
            raise ServicePackError("group: no group %r on this host" % group) from None
    return uid, gid


def directory_mode(file_mode):
    """The directories' mode for a file mode: execute (search) wherever read is granted, like chmod's ``X``."""
    return file_mode | ((file_mode & 0o444) >> 2)


def apply_ownership(top, uid, gid, file_mode):
    """Set owner/group (symbolic links included, never followed) and modes (files and directories) under ``top``."""
    if uid == -1 and gid == -1 and file_mode is None:
        return

    def apply(path, is_dir):
        if uid != -1 or gid != -1:
            os.lchown(path, uid, gid)
        if file_mode is not None and not os.path.islink(path):
            os.chmod(path, directory_mode(file_mode) if is_dir else file_mode)

    for current, dirnames, filenames in os.walk(top):
        apply(current, True)
        for name in filenames:
            apply(os.path.join(current, name), False)
        for name in dirnames:
            path = os.path.join(current, name)
            if os.path.islink(path):  # listed as a directory, never descended into
                apply(path, False)


# ---------------------------------------------------------------------------------------------------------------
# Survey, verify, install, remove


def survey(root):
    """({version: path} of version directories, sorted names of everything else) directly under ``root``."""
    versions = {}
    unknown = []
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        if is_version(name) and os.path.isdir(path) and not os.path.islink(path):
            versions[name] = path
        else:
            unknown.append(name)
    return versions, unknown


def verify_version(root, spec):
    """Check an installed version against its manifest and ``spec``.

    Returns (detail, problem): detail {path, tree_digest, installed_at}; problem ``None`` when intact, else
    {message, added, removed, modified}.
    """
    path = os.path.join(root, spec.version)
    try:
        manifest = read_manifest(path)
    except ManifestError as exc:
        message = "%s: %s; an installed version is never repaired" % (spec.version, exc)
        detail = {"path": path, "tree_digest": None, "installed_at": None}
        return detail, {"message": message, "added": [], "removed": [], "modified": []}
    reasons = []
    if manifest["version"] != spec.version:
        reasons.append("its manifest names version %s" % manifest["version"])
    if manifest["sha256"].lower() != spec.sha256:
        reasons.append(
            "it was installed from an artifact with sha256 %s but the catalogue gives %s for %s"
            % (manifest["sha256"], spec.sha256, spec.artifact)
        )
    recorded = manifest_state(manifest)
    if recorded.digest() != manifest["tree_digest"]:
        reasons.append("its manifest is inconsistent (file list and tree_digest disagree: edited by hand?)")
    actual = scan_tree(path)
    digest = actual.digest()
    differences = compare_trees(recorded, actual)
    changed = [
        "%s: %s" % (label, ", ".join(differences[label]))
        for label in ("added", "removed", "modified")
        if differences[label]
    ]
    if changed:
        reasons.append("its files differ from the manifest (%s)" % "; ".join(changed))
    detail = {"path": path, "tree_digest": digest, "installed_at": manifest["installed_at"]}
    if not reasons:
        return detail, None
    message = "%s: %s; an installed version is never modified or repaired" % (spec.version, "; ".join(reasons))
    problem = {"message": message}
    problem.update(differences)
    return detail, problem


def checksum_artifact(spec, artifact_path):
    actual = file_sha256(artifact_path)
    if actual != spec.sha256:
        raise ServicePackError(
            "%s: checksum mismatch for artifact %s: expected sha256 %s, got %s; nothing installed"
            % (spec.version, artifact_path, spec.sha256, actual),
            version=spec.version,
            expected_sha256=spec.sha256,
            actual_sha256=actual,
        )


def install_version(root, spec, artifact_path, uid=-1, gid=-1, file_mode=None, clock=utc_now):
    """Install one version all-or-nothing; returns its detail {path, tree_digest, installed_at}."""
    checksum_artifact(spec, artifact_path)
    final = os.path.join(root, spec.version)
    staging = tempfile.mkdtemp(prefix="%s%s-" % (TEMP_PREFIX, spec.version), dir=root)
    try:
        os.chmod(staging, 0o755)
        extract_archive(artifact_path, staging)
        state = scan_tree(staging)
        manifest = build_manifest(spec, state, clock())
        write_manifest(staging, manifest)
        apply_ownership(staging, uid, gid, file_mode)
        if os.path.lexists(final):
            raise ServicePackError("%s: %s appeared while installing; left as it is" % (spec.version, final))
        os.rename(staging, final)
    except ServicePackError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if not str(exc).startswith(spec.version + ":"):
            raise ServicePackError("%s: %s; nothing installed" % (spec.version, exc), **exc.details) from exc
        raise
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, Exception):
            raise ServicePackError(
                "%s: installation from %s failed: %s; nothing installed" % (spec.version, artifact_path, exc)
            ) from exc
        raise
    _fsync_directory(root)
    return {"path": final, "tree_digest": manifest["tree_digest"], "installed_at": manifest["installed_at"]}


def remove_version(root, version):
    """Rename the version directory out of the way (atomic), then delete it."""
    doomed = tempfile.mkdtemp(prefix="%sremove-%s-" % (TEMP_PREFIX, version), dir=root)
    os.rename(os.path.join(root, version), os.path.join(doomed, version))
    shutil.rmtree(doomed)
    _fsync_directory(root)


def _fsync_directory(path):
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def ensure(
    root,
    versions,
    source=None,
    state="present",
    prune=False,
    in_use=None,
    owner=None,
    group=None,
    mode=None,
    check_mode=False,
    clock=utc_now,
):
    """Make ``root`` hold exactly the wanted versions, intact (see the module docstring); returns the result dict.

    Raises :class:`ServicePackError` with ``details`` (at least ``installed`` and ``removed`` once anything was
    changed).
    """
    if state not in STATES:
        raise ServicePackError("state: expected one of %s, got %r" % (", ".join(STATES), state))
    if prune and state != "present":
        raise ServicePackError("prune=true needs state=present (state=verified never changes anything)")
    specs = parse_versions(versions)
    file_mode = parse_mode(mode)
    uid, gid = resolve_owner(owner, group)
    if not os.path.isdir(root):
        raise ServicePackError("root %s does not exist or is not a directory" % root)
    in_use = sorted(set(in_use or ()))

    found, unknown = survey(root)
    before = sorted(found)
    wanted = [spec.version for spec in specs]

    details = {}
    verified = []
    problems = []
    tampered = {}
    for spec in specs:
        if spec.version not in found:
            continue
        try:
            detail, problem = verify_version(root, spec)
        except OSError as exc:
            detail = {"path": found[spec.version], "tree_digest": None, "installed_at": None}
            problem = {"message": "%s: cannot be verified: %s" % (spec.version, exc), "added": [], "removed": []}
            problem["modified"] = []
        details[spec.version] = detail
        if problem is None:
            verified.append(spec.version)
        else:
            problems.append(problem.pop("message"))
            tampered[spec.version] = problem
    missing = [spec for spec in specs if spec.version not in found]
    if state == "verified" and missing:
        problems.append(
            "not installed under %s: %s (state=verified never installs)"
            % (root, ", ".join(spec.version for spec in missing))
        )
    if problems:
        raise ServicePackError(
            "; ".join(problems), tampered=tampered, verified=verified, missing=[spec.version for spec in missing]
        )

    extra = [version for version in before if version not in wanted]
    to_remove = []
    if prune:
        blocked = [version for version in extra if version in in_use]
        if blocked:
            raise ServicePackError(
                "prune would remove %s under %s, still in use by environments (in_use); keep it in versions or "
                "move those environments to another version first; nothing changed" % (", ".join(blocked), root),
                blocked=blocked,
            )
        to_remove = extra

    artifacts = {}
    if missing:
        if not source:
            raise ServicePackError(
                "source is needed to install %s; nothing changed" % ", ".join(spec.version for spec in missing)
            )
        for spec in missing:
            artifacts[spec.version] = os.path.join(source, spec.artifact)
        absent = [spec for spec in missing if not os.path.isfile(artifacts[spec.version])]
        if absent:
            raise ServicePackError(
                "artifact not found: %s; nothing changed"
                % "; ".join("%s needs %s" % (spec.version, artifacts[spec.version]) for spec in absent),
                missing_artifacts=[artifacts[spec.version] for spec in absent],
            )

    installed = []
    removed = []
    for spec in missing:
        try:
            if check_mode:
                checksum_artifact(spec, artifacts[spec.version])
                check_archive(artifacts[spec.version])
                details[spec.version] = {
                    "path": os.path.join(root, spec.version),
                    "tree_digest": None,
                    "installed_at": None,
                }
            else:
                details[spec.version] = install_version(root, spec, artifacts[spec.version], uid, gid, file_mode, clock)
        except ServicePackError as exc:
            message = str(exc)
            if not message.startswith(spec.version + ":"):
                message = "%s: %s" % (spec.version, message)
            if installed:
                message += "; installed before this failure: %s" % ", ".join(installed)
            else:
                message += "; no version installed by this run"
            exc.details.update(installed=installed, removed=removed, failed_version=spec.version)
            raise ServicePackError(message, **exc.details) from exc
        installed.append(spec.version)

    for version in to_remove:
        if not check_mode:
            try:
                remove_version(root, version)
            except OSError as exc:
                raise ServicePackError(
                    "cannot remove %s from %s: %s; installed by this run: %s; removed: %s"
                    % (version, root, exc, ", ".join(installed) or "none", ", ".join(removed) or "none"),
                    installed=installed,
                    removed=removed,
                ) from exc
        removed.append(version)

    after = sorted((set(before) - set(removed)) | set(installed))
    return {
        "changed": bool(installed or removed),
        "installed": installed,
        "removed": removed,
        "present": after,
        "verified": verified,
        "extra": [version for version in after if version not in wanted],
        "unknown": unknown,
        "in_use": in_use,
        "versions": details,
        "diff": {"before": {"installed": before}, "after": {"installed": after}},
    }
