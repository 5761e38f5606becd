#!/usr/bin/env python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A client of the ERP through HAProxy for the whole rollout.

Every 0.1 s makes a new HTTPS connection to the proxy's DMZ address with the environment's host name (SNI and
Host) and appends one JSON line ``{"t", "ok", "status" or "error", "body"}`` to the output file.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import sys
import time


class Connection(http.client.HTTPSConnection):
    """Connects to a fixed address but speaks TLS with the host name (like curl --resolve)."""

    def __init__(self, hostname, address, context):
        super().__init__(hostname, 443, timeout=5, context=context)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def main():
    hostname, address, output = sys.argv[1], sys.argv[2], sys.argv[3]
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with open(output, "a", encoding="utf-8") as handle:
        while True:
            record = {"t": time.time()}
            try:
                connection = Connection(hostname, address, context)
                connection.request("GET", "/", headers={"Host": hostname})
                response = connection.getresponse()
                record.update(status=response.status, body=response.read().decode().strip())
                record["ok"] = response.status == 200
                connection.close()
            except (OSError, http.client.HTTPException) as error:
                record.update(ok=False, error=str(error))
            handle.write(json.dumps(record) + "\n")
            handle.flush()
            time.sleep(0.1)


if __name__ == "__main__":
    main()
