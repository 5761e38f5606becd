#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: haproxy_stat
short_description: The state of a DMZ proxy's backend servers, from HAProxy's admin socket
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Sends C(show stat) to HAProxy's admin socket on the proxy and returns one row per backend server
    (C(FRONTEND) and C(BACKEND) summary rows left out), optionally only those of O(servers).
  - An answer that is not C(show stat) CSV (no header, a short row, a session count that is not a number) fails
    with a short excerpt; it never reads as "no server".
  - C(community.general.haproxy) changes a server's state; this module only reads. The C(divalto.cloud.patching)
    role records these rows in the run report while a machine is drained.
options:
  socket:
    description: The admin socket (C(stats socket ... level admin) of C(haproxy.cfg)).
    type: path
    default: /run/haproxy/admin.sock
  servers:
    description: Keep only the rows of these servers (machine names). All servers when left out.
    type: list
    elements: str
  timeout:
    description: Seconds to wait for the socket to accept and answer.
    type: int
    default: 10
extends_documentation_fragment:
  - divalto.cloud.read_only
  - divalto.cloud.read_only.linux
seealso:
  - module: community.general.haproxy
"""

EXAMPLES = r"""
- name: Read the state of app-par1-01 in every backend of the proxy
  divalto.cloud.haproxy_stat:
    servers: [app-par1-01]
  register: stat

- name: Show it
  ansible.builtin.debug:
    msg: "{{ stat.rows | map(attribute='status') | list }}"
"""

RETURN = r"""
rows:
  description: One row per backend server, in HAProxy's order.
  returned: success
  type: list
  elements: dict
  contains:
    backend:
      description: The backend (C(pxname)).
      type: str
      sample: be_acme_production
    server:
      description: The server (C(svname)), a machine name.
      type: str
      sample: app-par1-01
    status:
      description: Its status (C(UP), C(DOWN), C(MAINT), C(DRAIN), C(no check) ...).
      type: str
    sessions:
      description: Its current sessions (C(scur)).
      type: int
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.divalto.cloud.plugins.module_utils.network.haproxy_stat import (
    HaproxyStatError,
    parse_show_stat,
    read_show_stat,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            socket=dict(type="path", default="/run/haproxy/admin.sock"),
            servers=dict(type="list", elements="str"),
            timeout=dict(type="int", default=10),
        ),
        supports_check_mode=True,
    )
    params = module.params
    if params["timeout"] < 1:
        module.fail_json(msg="timeout: expected at least 1 second, got %d" % params["timeout"])
    try:
        rows = parse_show_stat(read_show_stat(params["socket"], params["timeout"]), params["servers"])
    except HaproxyStatError as exc:
        module.fail_json(msg="haproxy_stat: %s" % exc)
    module.exit_json(changed=False, rows=rows)


if __name__ == "__main__":
    main()
