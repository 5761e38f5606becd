#!/usr/bin/env python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Stand-in for an application server of the dmz_proxy scenario.

Plain HTTP on the first port (TLS ends at the proxy in the scenario): every
path answers ``served-by=<hostname> host=<Host header>``, and ``/health``
answers ``ok``. Each further port is a Telnet stand-in that greets with
``telnet served-by=<hostname> port=<port>`` and closes.
"""

from __future__ import annotations

import socket
import socketserver
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NAME = socket.gethostname()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path == "/health":
            body = "ok\n"
        else:
            body = "served-by=%s host=%s\n" % (NAME, self.headers.get("Host", ""))
        data = body.encode("ascii")
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class Greeter(socketserver.BaseRequestHandler):
    def handle(self):
        port = self.server.server_address[1]
        self.request.sendall(("telnet served-by=%s port=%s\r\n" % (NAME, port)).encode("ascii"))


def main():
    ports = [int(port) for port in sys.argv[1:]]
    for port in ports[1:]:
        server = socketserver.ThreadingTCPServer(("", port), Greeter)
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ThreadingHTTPServer(("", ports[0]), Handler).serve_forever()


if __name__ == "__main__":
    main()
