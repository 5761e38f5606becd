# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: what a DMZ proxy's HAProxy says of its servers (``show stat`` on the admin socket).

:func:`read_show_stat` asks the socket; :func:`parse_show_stat` turns HAProxy's CSV into one row per backend
server, ``{backend, server, status, sessions}`` (FRONTEND and BACKEND summary rows left out). Text that is not that
CSV (no ``# pxname,svname,...`` header, a row of the wrong width, a session count that is not a number) raises
``HaproxyStatError`` with a short excerpt, never an empty answer that would read as "no server".

Standard library only: the ``divalto.cloud.haproxy_stat`` module runs it on the proxy.
"""

from __future__ import annotations

import socket

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

REQUIRED_COLUMNS = ("pxname", "svname", "scur", "status")
SUMMARY_ROWS = ("FRONTEND", "BACKEND")
MAX_ANSWER = 64 * 1024 * 1024


class HaproxyStatError(DivaltoError):
    """The admin socket cannot be read, or its answer is not ``show stat`` CSV."""


def parse_show_stat(text: str, servers: list[str] | None = None) -> list[dict]:
    """The server rows of ``show stat`` CSV, only those of ``servers`` when given, in HAProxy's order."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or not lines[0].startswith("# "):
        raise HaproxyStatError("not the output of show stat (no '# pxname,...' header): %s" % excerpt(text))
    header = lines[0][2:].split(",")
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise HaproxyStatError("show stat has no column %s: %s" % (", ".join(missing), excerpt(lines[0])))
    wanted = None if servers is None else set(servers)
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        values = line.split(",")
        if len(values) < len(header):
            raise HaproxyStatError(
                "line %d has %d fields, the header %d: %s" % (number, len(values), len(header), excerpt(line))
            )
        fields = dict(zip(header, values))
        name = fields["svname"]
        if name in SUMMARY_ROWS or (wanted is not None and name not in wanted):
            continue
        sessions = fields["scur"] or "0"
        if not sessions.isdigit():
            raise HaproxyStatError("line %d: scur is not a number: %s" % (number, excerpt(sessions)))
        rows.append(
            {"backend": fields["pxname"], "server": name, "status": fields["status"], "sessions": int(sessions)}
        )
    return rows


def read_show_stat(path: str, timeout: float) -> str:
    """The answer of the admin socket at ``path`` to ``show stat`` (HAProxy closes the connection after it)."""
    chunks = []
    size = 0
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(timeout)
            connection.connect(path)
            connection.sendall(b"show stat\n")
            while True:
                chunk = connection.recv(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_ANSWER:
                    raise HaproxyStatError("%s: the answer exceeds %d bytes" % (path, MAX_ANSWER))
                chunks.append(chunk)
    except OSError as exc:
        raise HaproxyStatError("%s: %s" % (path, exc.strerror or exc)) from None
    return b"".join(chunks).decode("utf-8", errors="replace")
