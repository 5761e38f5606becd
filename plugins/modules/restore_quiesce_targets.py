#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: restore_quiesce_targets
short_description: What quiescing an environment before an in-place restore drains and stops
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Every C(be_<environment>), C(be_<environment>_telnet) and C(be_<environment>_wpf) backend of the environment
    on every reverse proxy of its datacenter, with each server of its application pool, as the proxies'
    configuration has them (M(divalto.cloud.haproxy_config)); the same backends patching drains
    (M(divalto.cloud.patch_targets)).
  - Each member of its application pool with the environment's IIS application pool and site, and the HPF services
    to stop, O(hpf_services) on a machine that serves this environment alone, none on a machine shared with other
    environments (the services serve every environment of the machine).
  - What C(playbooks/restore.yml) drains and stops before it replaces anything of the environment, and brings back
    afterwards, also when the restore fails.
extends_documentation_fragment:
  - divalto.cloud.model_action
  - divalto.cloud.controller_action
options:
  environment:
    description: The environment's key (C(acme_production)).
    type: str
    required: true
  hpf_services:
    description: The HPF runtime's Windows services (the C(hpf_services) of the C(divalto.cloud.hpf) role).
    type: list
    elements: str
    default: []
seealso:
  - module: divalto.cloud.patch_targets
  - module: divalto.cloud.haproxy_stat
"""

EXAMPLES = r"""
- name: Find what quiescing acme_staging touches
  divalto.cloud.restore_quiesce_targets:
    environment: acme_staging
    hpf_services: [DhsXlanServer, DhsDivaAgent, DhsServices]
  register: quiesce

- name: Drain acme_staging on the DMZ proxies
  community.general.haproxy:
    state: disabled
    drain: true
    host: "{{ item.server }}"
    backend: "{{ item.backend }}"
    socket: /run/haproxy/admin.sock
  loop: "{{ quiesce.drain }}"
  delegate_to: "{{ item.proxy }}"
"""

RETURN = r"""
environment:
  description: The environment's key.
  returned: success
  type: str
datacenter:
  description: Its datacenter.
  returned: success
  type: str
proxies:
  description: The DMZ proxies of its datacenter, sorted.
  returned: success
  type: list
  elements: str
drain:
  description: Sorted by proxy, backend, then server.
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
      description: The server's name in the backend (a member of the environment's application pool).
      type: str
  sample:
    - {proxy: dmz-par1-01, backend: be_acme_staging, server: app-par1-01}
app_servers:
  description: One entry per member of the environment's application pool, sorted by name.
  returned: success
  type: list
  elements: dict
  contains:
    machine:
      description: The inventory name of the machine.
      type: str
    os:
      description: Its operating system (C(windows)).
      type: str
    app_pool:
      description: The environment's IIS application pool.
      type: str
    site:
      description: The environment's IIS site.
      type: str
    hpf_services:
      description: The HPF services to stop; empty when the machine serves other environments too.
      type: list
      elements: str
    shared_with:
      description: The other environments the machine serves.
      type: list
      elements: str
"""
