# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: what a restore brings back, its scope and, for files, the chosen paths.

``playbooks/restore.yml`` restores a **scope** (:data:`SCOPES`): ``databases``, ``files`` or ``both`` (the
default, the whole environment). For files it may restore only some **paths**, each a file or a folder relative
to the environment directory (``<tenant>/<type>`` under the tenant root), whose first folder is one of the
environment's directories (``config``, ``overrides``, ``addons``, ``erp_files``, ``portal_files``):
``erp_files/2026/11/invoice-4711.pdf``, ``addons/edi``.

* :func:`path_problem` checks one path (relative, no ``..`` or ``.``, no empty folder name, no backslash, no
  pattern character, a known first folder) and :func:`overlap_problems` the list (no path inside another), for the
  request check (``restore_request.py``), which lists every problem at once;
* :func:`path_entries` turns the paths of one data set into the plan's directory entries: where each path is in
  the snapshot (``tree_path``, given to ``restic restore --include``) and where it lands (``target``): by default
  the side directory ``<environment directory>/restored/<UTC stamp>/<path>`` (never overwriting anything), or the
  path itself when restored in place;
* :func:`side_stamp` is the side directory's name, the run's UTC time (``20261205T201500Z``).

Pure Python, no Ansible import.
"""

from __future__ import annotations

import datetime as _dt
import posixpath
import re

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

SCOPES = ("both", "databases", "files")
DEFAULT_SCOPE = "both"
# At most this many paths in one restore (a client's request names a few files or folders, not a tree).
MAX_PATHS = 64
SIDE_DIRECTORY = "restored"
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
STAMP = re.compile(r"\A[0-9]{8}T[0-9]{6}Z\Z")
EXAMPLE_PATH = "erp_files/2026/11/invoice-4711.pdf"
# restic's --include takes patterns: a path with one of these would restore other files than the one named.
_PATTERN = re.compile(r"[*?\[\]]")
_DRIVE = re.compile(r"\A[A-Za-z]:")


class RestoreScopeError(DivaltoError):
    """A scope or path that cannot be planned."""


def with_databases(scope):
    """Whether ``scope`` restores the databases."""
    return scope in ("both", "databases")


def with_files(scope):
    """Whether ``scope`` restores files."""
    return scope in ("both", "files")


def side_stamp(clock):
    """The name of a run's side directory: its UTC time, ``20261205T201500Z``."""
    return clock.astimezone(_dt.timezone.utc).strftime(STAMP_FORMAT)


def path_problem(path, directory_names):
    """``(normalised path, None)`` or ``(None, problem)`` for one requested path (a string without control characters).

    ``directory_names``: the environment's directories (keys of its ``directories``), one of which must be the
    path's first folder. A trailing ``/`` (a folder) is dropped.
    """
    if path.startswith(("/", "\\")) or _DRIVE.match(path):
        return None, "%s is absolute: give a path relative to the environment directory, e.g. %s" % (
            excerpt(path),
            EXAMPLE_PATH,
        )
    if "\\" in path:
        return None, "%s contains a backslash: separate the folders with /, e.g. %s" % (excerpt(path), EXAMPLE_PATH)
    if _PATTERN.search(path):
        return None, "%s contains a pattern character (* ? [ ]): name the file or folder itself" % excerpt(path)
    parts = path.rstrip("/").split("/")
    if ".." in parts:
        return None, "%s contains '..': a restore stays inside the environment directory" % excerpt(path)
    if any(part in ("", ".") for part in parts):
        return None, "%s has an empty or '.' folder name" % excerpt(path)
    if parts[0] not in directory_names:
        return None, "%s does not start with a directory of the environment (%s), e.g. %s" % (
            excerpt(path),
            ", ".join(sorted(directory_names)),
            EXAMPLE_PATH,
        )
    return "/".join(parts), None


def overlap_problems(paths):
    """``[(index, problem)]`` for each path equal to, or inside, an earlier one (it would be restored twice)."""
    problems = []
    for index, path in enumerate(paths):
        for earlier in paths[:index]:
            if path == earlier or path.startswith(earlier + "/") or earlier.startswith(path + "/"):
                problems.append(
                    (
                        index,
                        "%s overlaps %s, given before it: give each file or folder once"
                        % (excerpt(path), excerpt(earlier)),
                    )
                )
                break
    return problems


def data_sets_of(paths, data_set_directories):
    """The data sets the paths are in, in ``data_set_directories``' order (``{data set: directory names}``)."""
    firsts = {path.split("/", 1)[0] for path in paths}
    return [name for name, directories in data_set_directories.items() if firsts & set(directories)]


def side_directory(target_directories, stamp):
    """The run's side directory, relative to the tenant root: ``<environment directory>/restored/<stamp>``."""
    if not STAMP.match(stamp or ""):
        raise RestoreScopeError(
            "stamp: expected the run's UTC time as %s (e.g. 20261205T201500Z), got %s" % (STAMP_FORMAT, excerpt(stamp))
        )
    parents = {posixpath.dirname(str(path).replace("\\", "/").rstrip("/")) for path in target_directories.values()}
    if len(parents) != 1:
        raise RestoreScopeError(
            "the target's directories are not in one environment directory (%s)" % ", ".join(sorted(parents))
        )
    return "%s/%s/%s" % (parents.pop(), SIDE_DIRECTORY, stamp)


def path_entries(summary, paths, target_directories, in_place, side):
    """The directory entries of one data set's plan (``snapshot_summary``) narrowed to ``paths``.

    Each path becomes ``{name, path, source_path, tree_path, target, replace}``: ``source_path`` and ``tree_path``
    the path in the snapshot (the directory's, followed by the rest of the path), ``target`` relative to the tenant
    root (the path in the target's directory when ``in_place``, else under ``side``), ``replace`` = ``in_place``.
    """
    by_name = {entry["name"]: entry for entry in summary["directories"]}
    entries = []
    for path in paths:
        name, rest = (path.split("/", 1) + [""])[:2]
        if name not in by_name:
            continue
        directory = by_name[name]
        suffix = "/" + rest if rest else ""
        entries.append(
            {
                "name": name,
                "path": path,
                "source_path": directory["source_path"].rstrip("/\\") + suffix,
                "tree_path": directory["tree_path"] + suffix,
                "target": (str(target_directories[name]).replace("\\", "/").rstrip("/") + suffix)
                if in_place
                else "%s/%s" % (side, path),
                "replace": bool(in_place),
            }
        )
    return dict(summary, directories=entries)
