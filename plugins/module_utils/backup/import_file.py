# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the delivered backup file of ``import_database.yml``, where it is and what it is.

The client puts the file into the target environment's ``exchange/in`` directory (client SFTP access: below the
environment's directory, ``<tenant root>/<tenant>/<type>/exchange/in`` on its file pair's primary, the directory
whose share ``\\\\<file pair>\\<environment key>`` the implicit files use). :func:`import_paths` gives the paths;
the file server's ``stat`` / ``win_stat`` results are read by :func:`checked_file` (exists, a regular file and not
a link, its size within the target's database quota) and :func:`checked_sha256` (the checksum the client gave or
the ``<file>.sha256`` file, :func:`parse_checksum_file`, equals the file's).

How the SQL Server reads the file: the SQL primary copies it from the share into its own import directory
(``copy``), and its SHA-256 is checked again there, on the copy, before ``RESTORE VERIFYONLY``. The client can
write into ``exchange/in`` at any time: the copy is the file that was checked and that is restored, and the SQL
Server's service account needs no right on any tenant's share (the copy runs with the operator's credentials).

Pure Python, no Ansible import.
"""

from __future__ import annotations

import base64
import binascii
import posixpath
import re
from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core import winpath
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt
from ansible_collections.divalto.cloud.plugins.module_utils.core.winpath import WindowsPathError

GIB = 1024**3
MAX_CHECKSUM_FILE = 4096
# ``<hex>``, ``<hex>  <name>`` / ``<hex> *<name>`` (sha256sum), ``SHA256 (<name>) = <hex>`` (BSD, openssl).
_GNU = re.compile(r"\A([0-9A-Fa-f]{64})(?:[ \t]+\*?(.+))?\Z")
_HEX64 = re.compile(r"\A[0-9A-Fa-f]{64}\Z")
_BSD = re.compile(r"\ASHA2?-?256 ?\((.+)\) ?= ?([0-9A-Fa-f]{64})\Z", re.IGNORECASE)


class ImportFileError(DivaltoError):
    """A delivered file (or its checksum) that cannot be imported; the message names the file and the machine."""


def environment_directory(record: Mapping[str, Any]) -> str:
    """The environment's directory relative to the tenant root (``acme/staging``), the parent of its config."""
    return posixpath.dirname(record["directories"]["config"])


def import_paths(
    request: Mapping[str, Any],
    record: Mapping[str, Any],
    root: str,
    os_family: str,
    import_dir: str,
) -> dict[str, Any]:
    """``{file, checksum_file, share_file, copy, copy_dir}`` of a checked request on the target's machines.

    ``record``: the target's environment record; ``root``: the tenant root of its file server (POSIX or Windows by
    ``os_family``); ``import_dir``: the SQL primary's import directory (absolute Windows path). ``file`` and
    ``checksum_file`` (``None`` when the client gave the checksum) are on the file server, ``share_file`` is the
    UNC path the SQL primary copies from, ``copy`` the copy's path on the SQL primary.
    """
    try:
        return _paths(request, record, root, os_family, import_dir)
    except WindowsPathError as exc:
        raise ImportFileError(str(exc)) from None


def _paths(request, record, root, os_family, import_dir):
    directory = environment_directory(record)
    name, checksum = request["file"], request.get("checksum_file")
    if os_family == "linux":
        if not isinstance(root, str) or not root.startswith("/"):
            raise ImportFileError("tenant root: expected an absolute POSIX path, got %s" % excerpt(root))
        inbox = posixpath.join(root, directory, "exchange", "in")
        local = posixpath.join(inbox, name), posixpath.join(inbox, checksum) if checksum else None
    elif os_family == "windows":
        inbox = winpath.join(winpath.check_absolute("tenant root", root), directory, "exchange", "in")
        local = winpath.join(inbox, name), winpath.join(inbox, checksum) if checksum else None
    else:
        raise ImportFileError("file server: unknown operating system %s (linux or windows)" % excerpt(os_family))
    copy_dir = winpath.check_absolute("import directory", import_dir)
    return {
        "file": local[0],
        "checksum_file": local[1],
        "share_file": winpath.unc(record["placement"]["files"], record["share"], "exchange", "in", name),
        "copy_dir": copy_dir,
        "copy": winpath.join(copy_dir, "%s-%s.bak" % (record["key"], request["stamp"])),
    }


def _stat(result: Any, what: str, path: str, machine: str) -> Mapping[str, Any]:
    """The ``stat`` of a stat/win_stat result that names an existing regular file, not a link."""
    stat = result.get("stat") if isinstance(result, Mapping) else None
    if not isinstance(stat, Mapping) or not isinstance(stat.get("exists"), bool):
        raise ImportFileError("%s %s on %s: no stat result (got %s)" % (what, path, machine, excerpt(result)))
    if not stat["exists"]:
        raise ImportFileError(
            "%s %s is not on %s: the client uploads it into the target's exchange/in directory" % (what, path, machine)
        )
    if stat.get("islnk") or stat.get("isjunction"):
        raise ImportFileError(
            "%s %s on %s is a link: refused (only a file the client uploaded)" % (what, path, machine)
        )
    if stat.get("isreg") is not True:
        raise ImportFileError("%s %s on %s is not a regular file" % (what, path, machine))
    size = stat.get("size")
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise ImportFileError("%s %s on %s: its size is not a number (%s)" % (what, path, machine, excerpt(size)))
    return stat


def checked_file(result: Any, path: str, machine: str, quota_gb: Any, target: str) -> dict[str, Any]:
    """``{path, size, size_gib}`` of the delivered file, or ImportFileError: missing, not a regular file, a link,
    empty, or larger than the target's database quota (``quota_gb``, GiB)."""
    stat = _stat(result, "the backup file", path, machine)
    size = stat["size"]
    if size == 0:
        raise ImportFileError("the backup file %s on %s is empty (the upload may have failed)" % (path, machine))
    if isinstance(quota_gb, bool) or not isinstance(quota_gb, (int, float)) or quota_gb <= 0:
        raise ImportFileError("the database quota of %s is not a number of GB: %s" % (target, excerpt(quota_gb)))
    if size > quota_gb * GIB:
        raise ImportFileError(
            "the backup file %s is %s bytes (%.2f GiB), larger than the database quota of %s (%s GB = %d bytes): "
            "refused; the tenant buys a storage extension first"
            % (path, size, size / GIB, target, quota_gb, int(quota_gb * GIB))
        )
    return {"path": path, "size": size, "size_gib": round(size / GIB, 3)}


def checked_checksum_file(result: Any, path: str, machine: str) -> int:
    """The size of the ``<file>.sha256`` file (a regular file, not a link, at most 4 KiB)."""
    size = _stat(result, "the checksum file", path, machine)["size"]
    if size > MAX_CHECKSUM_FILE:
        raise ImportFileError(
            "the checksum file %s on %s is %d bytes: a SHA-256 line is under %d"
            % (path, machine, size, MAX_CHECKSUM_FILE)
        )
    return size


def parse_checksum_file(content: Any, file_name: str, path: str) -> str:
    """The SHA-256 (lower case) of ``file_name`` in a checksum file's ``content`` (base64, as ``slurp`` gives).

    One non-empty line: the bare digest, ``sha256sum``'s ``<digest>  <name>`` (or ``*<name>``), or BSD's
    ``SHA256 (<name>) = <digest>``; a name, when given, must be ``file_name``. Anything else is refused.
    """
    try:
        data = base64.b64decode(content if isinstance(content, (str, bytes)) else b"!", validate=True)
        text = data.decode("utf-8-sig")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise ImportFileError("the checksum file %s is not UTF-8 text" % path) from None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) != 1:
        raise ImportFileError(
            "the checksum file %s: expected one line (<sha256>  %s), got %d: %s"
            % (path, file_name, len(lines), excerpt(text))
        )
    line = lines[0]
    gnu, bsd = _GNU.match(line), _BSD.match(line)
    if gnu:
        digest, name = gnu.group(1), gnu.group(2)
    elif bsd:
        name, digest = bsd.group(1), bsd.group(2)
    else:
        raise ImportFileError(
            "the checksum file %s: expected '<sha256>  %s' (64 hexadecimal digits), got %s"
            % (path, file_name, excerpt(line))
        )
    if name is not None and name.strip() != file_name:
        raise ImportFileError("the checksum file %s is for %s, not for %s" % (path, excerpt(name.strip()), file_name))
    return digest.lower()


def checked_sha256(result: Any, expected: Any, path: str, machine: str) -> str:
    """The file's SHA-256 when it equals ``expected``; else ImportFileError showing both."""
    stat = result.get("stat") if isinstance(result, Mapping) else None
    actual = stat.get("checksum") if isinstance(stat, Mapping) else None
    if not isinstance(actual, str) or not _HEX64.match(actual):
        raise ImportFileError(
            "%s on %s: no SHA-256 was computed (got %s)" % (path, machine, excerpt(actual if stat else result))
        )
    if not isinstance(expected, str) or actual.lower() != expected.lower():
        shown = expected.lower() if isinstance(expected, str) and _HEX64.match(expected) else excerpt(expected)
        raise ImportFileError(
            "%s on %s: its SHA-256 is %s, not %s as the client gave: the file is incomplete or another one; ask the "
            "client to upload it again" % (path, machine, actual.lower(), shown)
        )
    return actual.lower()
