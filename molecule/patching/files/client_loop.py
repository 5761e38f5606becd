#!/usr/bin/env python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A client of the ERP through HAProxy for the whole rollout.

Every 0.1 s makes a new HTTPS connection to the proxy's DMZ address with the environment's host name (SNI and
Host) and appends one JSON line ``{"t", "ok", "status" or "error", "body"}`` to the output file.

Arguments: host name, proxy address, output file, and how long to wait for an answer (seconds): as long as
HAProxy may take to give one (its own error included), so that a slow answer on a busy machine is not counted
as a failed request.
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

    def __init__(self, hostname, address, context, timeout):
        super().__init__(hostname, 443, timeout=timeout, context=context)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def main():
    hostname, address, output, timeout = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with open(output, "a", encoding="utf-8") as handle:
        while True:
            record = {"t": time.time()}
            try:
                connection = Connection(hostname, address, context, timeout)
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
