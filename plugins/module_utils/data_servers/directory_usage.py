# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the bytes a directory tree uses on a Linux file server, as ``du -sb`` reports them.

``du -sb -- <path>`` (GNU coreutils: apparent sizes of every file, directory and link, hard links counted once) is
run once per directory by the ``divalto.cloud.directory_usage`` module; :func:`parse_du` reads its answer strictly.
An answer that is not ``<bytes>\\t<path>`` for the path asked raises ``DirectoryUsageError`` with a short excerpt:
a wrong figure is never reported as usage.
"""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt


class DirectoryUsageError(DivaltoError):
    """``du`` could not measure a directory, or its answer is not what ``du -sb`` prints."""


def du_argv(executable: str, path: str) -> list[str]:
    """The command that measures ``path``: NUL-terminated, so that any path name reads back whole."""
    return [executable, "-sb", "--null", "--", path]


def parse_du(path: str, rc: int, stdout: str, stderr: str) -> int:
    """The bytes ``du -sb --null -- path`` reported for ``path``."""
    if rc != 0:
        message = stderr.strip().splitlines()[-1:] or ["exit code %d" % rc]
        raise DirectoryUsageError("%s: du failed: %s" % (path, excerpt(message[0], 200)))
    records = [record for record in stdout.split("\0") if record.strip()]
    if len(records) != 1 or "\t" not in records[0]:
        raise DirectoryUsageError(
            "%s: expected one '<bytes>\\t<path>' answer from du, got %s" % (path, excerpt(stdout))
        )
    size, measured = records[0].split("\t", 1)
    if measured != path or not size.isdigit():
        raise DirectoryUsageError("%s: du answered %s" % (path, excerpt(records[0])))
    return int(size)
