# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: how every report module writes its files.

A report file is rewritten only when its content differs (so a run that changes nothing reports no change),
atomically (a temporary file in the same directory, renamed over the old one; nothing half-written is ever left
behind), mode 0644. In check mode nothing is written and the answer is whether the file would change.
"""

from __future__ import annotations

import os
import tempfile


class ReportFilesError(Exception):
    """The report directory cannot be used; the message names it."""


def ensure_directory(dest: str, check_mode: bool = False) -> None:
    """Make sure ``dest`` is (or, outside check mode, becomes) a directory."""
    if os.path.exists(dest) and not os.path.isdir(dest):
        raise ReportFilesError("dest: %s exists and is not a directory" % dest)
    if not os.path.isdir(dest) and not check_mode:
        os.makedirs(dest)


def write_if_changed(path: str, text: str, check_mode: bool = False, mode: int = 0o644) -> bool:
    """Write ``text`` to ``path`` unless it already holds it; True when the file changed (or would). ``mode``: the
    written file's permissions (0644 unless a report holds what not everyone on the machine may read)."""
    try:
        with open(path, encoding="utf-8") as handle:
            if handle.read() == text:
                return False
    except FileNotFoundError:
        pass
    if check_mode:
        return True
    directory = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(prefix=".report-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return True
