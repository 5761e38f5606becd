#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: patch_targets
short_description: The HAProxy backends holding a machine, on the DMZ proxies of its datacenter
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Every C(be_<environment>), C(be_<environment>_telnet) and C(be_<environment>_wpf) backend of every reverse proxy
    of the machine's
    datacenter whose servers include the machine, as the proxies' configuration has them
    (M(divalto.cloud.haproxy_config)), that is, of the environments of that datacenter whose application pool holds
    the machine.
    Empty for machines in no backend (data servers, proxies).
  - What patching drains before it touches a machine and enables once it is healthy again.
extends_documentation_fragment:
  - divalto.cloud.model_action
  - divalto.cloud.controller_action
options:
  machine:
    description: The inventory name of the machine; the task's host when left out.
    type: str
seealso:
  - module: divalto.cloud.haproxy_config
"""

EXAMPLES = r"""
- name: Find the backends holding app-par1-01
  divalto.cloud.patch_targets:
    machine: app-par1-01
  register: targets

- name: Drain app-par1-01 everywhere
  community.general.haproxy:
    state: drain
    host: "{{ item.server }}"
    backend: "{{ item.backend }}"
    socket: /run/haproxy/admin.sock
  loop: "{{ targets.targets }}"
  delegate_to: "{{ item.proxy }}"
"""

RETURN = r"""
targets:
  description: Sorted by proxy, then backend.
  returned: success
  type: list
  elements: dict
  contains:
    proxy:
      description: The inventory name of the proxy.
      type: str
    backend:
      description: The backend's name.
      type: str
    server:
      description: The machine's server name in the backend (its inventory name).
      type: str
  sample:
    - {proxy: dmz-par1-01, backend: be_acme_production, server: app-par1-01}
"""
