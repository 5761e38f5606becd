#!/usr/bin/env python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Stand-in for an application server of the dmz_proxy scenario.

Arguments are ``<protocol>:<port>``. ``http``: plain HTTP (TLS ends at the
proxy in the scenario), every path answers ``served-by=<hostname>
host=<Host header>``, and ``/health`` answers ``ok``. Any other protocol
(``telnet``, ``wpf``) is a TCP stand-in that greets with ``<protocol>
served-by=<hostname> port=<port>`` and closes: the client sees which machine,
and which of its ports, the proxy passed it to.
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
        banner = "%s served-by=%s port=%s\r\n" % (self.server.protocol, NAME, port)
        self.request.sendall(banner.encode("ascii"))


class GreeterServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port, protocol):
        self.protocol = protocol
        super().__init__(("", port), Greeter)


def main():
    listeners = [argument.split(":", 1) for argument in sys.argv[1:]]
    servers = [
        ThreadingHTTPServer(("", int(port)), Handler) if protocol == "http" else GreeterServer(int(port), protocol)
        for protocol, port in listeners
    ]
    threads = [threading.Thread(target=server.serve_forever) for server in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    main()
