#!/usr/bin/env python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Records HAProxy's view of the servers while the rollout runs.

Every 0.2 s asks the admin socket for ``show stat`` and appends one JSON line
``{"t": <unix time>, "servers": {"<backend>/<server>": "<status>", ...}}`` to the output file.
"""

from __future__ import annotations

import json
import socket
import sys
import time


def show_stat(path):
    sock = socket.socket(socket.AF_UNIX)
    # HAProxy answers `show stat` from memory; a busy machine may delay it, never for the socket's idle timeout
    # (`stats timeout 30s`), after which HAProxy itself closes the connection.
    sock.settimeout(30)
    sock.connect(path)
    sock.sendall(b"show stat\n")
    text = sock.makefile().read()
    sock.close()
    header, servers = None, {}
    for line in text.splitlines():
        if line.startswith("# "):
            header = line[2:].split(",")
        elif line and header:
            fields = dict(zip(header, line.split(","), strict=False))
            if fields["svname"] not in ("FRONTEND", "BACKEND"):
                servers["%s/%s" % (fields["pxname"], fields["svname"])] = fields["status"]
    return servers


def main():
    socket_path, output = sys.argv[1], sys.argv[2]
    with open(output, "a", encoding="utf-8") as handle:
        while True:
            try:
                record = {"t": time.time(), "servers": show_stat(socket_path)}
            except OSError as error:
                record = {"t": time.time(), "error": str(error)}
            handle.write(json.dumps(record) + "\n")
            handle.flush()
            time.sleep(0.2)


if __name__ == "__main__":
    main()
