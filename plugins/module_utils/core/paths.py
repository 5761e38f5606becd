# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: POSIX paths a module is given to read (Windows paths: ``core.winpath``).

A module that runs a command over paths (``directory_usage``'s ``du``, ``clamav_scan``'s ``clamdscan``) takes
absolute paths only: a relative one would be read from wherever the module happens to run.
"""

from __future__ import annotations

from collections.abc import Sequence

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt


class PathError(DivaltoError):
    """Paths that are not absolute POSIX paths; names the argument and shows the offending ones."""


def check_absolute_paths(what: str, paths: object, allow_empty: bool = True) -> list[str]:
    """``paths`` as a list when every one is an absolute POSIX path (and, unless ``allow_empty``, there is one)."""
    if isinstance(paths, (str, bytes)) or not isinstance(paths, Sequence):
        raise PathError("%s: expected a list of absolute paths, got %s" % (what, excerpt(paths)))
    relative = [path for path in paths if not isinstance(path, str) or not path.startswith("/")]
    if relative or not (paths or allow_empty):
        raise PathError("%s: expected absolute paths, got %s" % (what, excerpt(relative or list(paths))))
    return list(paths)


def absolute_directory(name: str, value: object, error: type[DivaltoError] = PathError) -> str:
    """``value`` without its trailing ``/`` when it is an absolute POSIX path other than ``/``, without ``//`` or
    ``..``; else ``error`` naming ``name`` (the capability's own error class, so its callers catch one type)."""
    if (
        not isinstance(value, str)
        or not value.startswith("/")
        or value.rstrip("/") == ""
        or "//" in value
        or ".." in value.split("/")
    ):
        raise error("%s: expected an absolute path other than /, got %s" % (name, excerpt(value)))
    return value.rstrip("/")
