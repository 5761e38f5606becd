# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: Microsoft Defender exclusions of a Windows machine.

What a machine excludes follows from its role and, for an application server,
from the environments it serves:

- ``sql``: the SQL Server data, log and backup directories;
- ``app``: the HPF runtime root and its directories (``sys``,
  ``DivaltoLog``), and for each served environment its file pair's
  service-pack root (``\\\\<files>\\<service_pack_share>``) and its tenant
  share (``\\\\<files>\\<share>``);
- ``file``: the file server's roots (tenant root, service-pack root);
- every role: the ``extra`` paths given.

The result is deterministic: absolute Windows paths, without a trailing
separator, without case-insensitive duplicates, sorted case-insensitively.
"""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.core import winpath
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError

ROLES = ("app", "sql", "file")


class AntivirusError(DivaltoError):
    """Arguments the exclusions cannot be computed from."""


def _paths(what, paths):
    if isinstance(paths, (str, dict)) or not isinstance(paths, (list, tuple)):
        raise AntivirusError("%s must be a list of absolute Windows paths, got %r" % (what, paths))
    try:
        return [winpath.check_absolute("%s[%d]" % (what, index), path) for index, path in enumerate(paths)]
    except winpath.WindowsPathError as exc:
        raise AntivirusError(str(exc)) from exc


def _app_paths(environments, hpf_root, hpf_directories, service_pack_share):
    try:
        root = winpath.check_absolute("hpf_root", hpf_root)
    except winpath.WindowsPathError as exc:
        raise AntivirusError(str(exc)) from exc
    if isinstance(hpf_directories, (str, dict)) or not isinstance(hpf_directories, (list, tuple)):
        raise AntivirusError("hpf_directories must be a list of directory names, got %r" % (hpf_directories,))
    for name in hpf_directories:
        if not isinstance(name, str) or not name or ":" in name or name.startswith(("\\", "/")):
            raise AntivirusError("hpf_directories must hold directory names relative to hpf_root, got %r" % (name,))
    if not isinstance(service_pack_share, str) or not service_pack_share or "\\" in service_pack_share:
        raise AntivirusError("service_pack_share must be a share name, got %r" % (service_pack_share,))
    if isinstance(environments, (str, dict)) or not isinstance(environments, (list, tuple)):
        raise AntivirusError(
            "expected a list of environment records (PlatformModel.served_records), got %r" % (environments,)
        )
    paths = [root] + [winpath.join(root, name) for name in hpf_directories]
    for record in environments:
        if not isinstance(record, dict) or "share" not in record or "files" not in record.get("placement", {}):
            raise AntivirusError("expected an environment record with placement.files and share, got %r" % (record,))
        files = record["placement"]["files"]
        paths.append(winpath.unc(files, service_pack_share))
        paths.append(winpath.unc(files, record["share"]))
    return paths


def exclusions(
    machine,
    environments=None,
    sql_directories=None,
    hpf_root="C:\\divalto",
    hpf_directories=("sys", "DivaltoLog"),
    service_pack_share="",
    file_roots=None,
    extra=None,
):
    """The Defender path exclusions of the machine ``machine`` (its ``divalto_machine`` variable)."""
    if not isinstance(machine, dict) or "role" not in machine:
        raise AntivirusError("expected the divalto_machine host variable, got %r" % (machine,))
    name = machine.get("name", "?")
    if machine.get("os") != "windows":
        raise AntivirusError(
            "machine %s runs %r: Microsoft Defender exclusions are for Windows machines" % (name, machine.get("os"))
        )
    role = machine["role"]
    if role not in ROLES:
        raise AntivirusError(
            "machine %s has role %r; exclusions are known for roles %s" % (name, role, ", ".join(ROLES))
        )
    paths = _paths("extra", [] if extra is None else extra)
    if role == "sql":
        directories = _paths("sql_directories", [] if sql_directories is None else sql_directories)
        if not directories:
            raise AntivirusError(
                "machine %s is a SQL Server: sql_directories must name its data, log and backup directories" % name
            )
        paths.extend(directories)
    elif role == "file":
        roots = _paths("file_roots", [] if file_roots is None else file_roots)
        if not roots:
            raise AntivirusError("machine %s is a file server: file_roots must name its roots" % name)
        paths.extend(roots)
    else:
        paths.extend(
            _app_paths([] if environments is None else environments, hpf_root, hpf_directories, service_pack_share)
        )
    return winpath.dedupe(paths)
