#!/usr/bin/env python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Stand-in application server of the patching scenario: plain HTTP on the given port.

``/health`` answers ``ok``; every other path answers ``served-by=<hostname> probe=<installed divalto-probe>``.
"""

from __future__ import annotations

import pathlib
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NAME = socket.gethostname()
VERSION_FILE = pathlib.Path("/usr/share/divalto-probe/version")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path == "/health":
            body = "ok\n"
        else:
            version = VERSION_FILE.read_text().strip() if VERSION_FILE.exists() else "none"
            body = "served-by=%s probe=%s\n" % (NAME, version)
        data = body.encode("ascii")
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def main():
    ThreadingHTTPServer(("", int(sys.argv[1])), Handler).serve_forever()


if __name__ == "__main__":
    main()
