# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: Windows paths as the Windows roles write them.

Local paths are drive-absolute (``D:\\divalto``), shares are UNC
(``\\\\server\\share``); both are joined with backslashes, and compared
case-insensitively, as Windows does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError

_DRIVE_RE = re.compile(r"^[A-Za-z]:[\\/]")
_UNC_RE = re.compile(r"^\\\\[^\\/]+[\\/][^\\/]+")


class WindowsPathError(DivaltoError):
    """A path that is not an absolute Windows path."""


def is_absolute(path: object) -> bool:
    """True for ``C:\\...`` and ``\\\\server\\share...``."""
    return isinstance(path, str) and bool(_DRIVE_RE.match(path) or _UNC_RE.match(path))


def check_absolute(what: str, path: Any) -> str:
    """``path`` without a trailing separator; WindowsPathError when it is not absolute."""
    if not is_absolute(path):
        raise WindowsPathError(
            "%s must be an absolute Windows path (C:\\... or \\\\server\\share), got %r" % (what, path)
        )
    normalised = path.replace("/", "\\")
    stripped = normalised.rstrip("\\")
    # Keep the separator of a drive root: "C:\" stays "C:\".
    return stripped + "\\" if len(stripped) == 2 else stripped


def join(root: str, *parts: str) -> str:
    """``root`` joined with ``parts`` (each may hold ``/`` or ``\\`` separators), with backslashes."""
    pieces = [root.rstrip("\\/")]
    for part in parts:
        pieces.extend(piece for piece in re.split(r"[\\/]", part) if piece)
    return "\\".join(pieces)


def unc(server: str, *parts: str) -> str:
    """``\\\\server\\part\\...``."""
    return join("\\\\" + server, *parts)


def dedupe(paths: Iterable[str]) -> list[str]:
    """``paths`` without case-insensitive duplicates, first spelling kept, sorted case-insensitively."""
    seen: dict[str, str] = {}
    for path in paths:
        seen.setdefault(path.lower(), path)
    return [seen[key] for key in sorted(seen)]
