#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: restore_quiesce_state
short_description: What a restore's quiesce really stops and drains, and what resume brings back
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Decides, from the state read before anything is touched, which of the targets of
    M(divalto.cloud.restore_quiesce_targets) the quiesce stops or drains, and so which ones resume brings back.
  - An IIS application pool is stopped only if it exists and runs (V(Started), V(Starting)); a missing pool is never
    created (M(microsoft.iis.web_app_pool) creates a missing pool for
    O(microsoft.iis.web_app_pool#module:state=stopped)), and a pool that was stopped stays stopped.
  - An HPF service is stopped only if it exists and runs; a stopped or disabled one is left as it was.
  - An HAProxy server that was out of service (C(MAINT), C(DRAIN)) before the restore is neither drained nor
    enabled.
  - A reading result that failed, or is not in its module's shape, fails this task before anything is changed.
extends_documentation_fragment:
  - divalto.cloud.controller_action
options:
  targets:
    description: The result of M(divalto.cloud.restore_quiesce_targets).
    type: dict
    required: true
  app_pools:
    description:
      - The registered result of M(microsoft.iis.web_app_pool_info) without
        O(microsoft.iis.web_app_pool_info#module:name), looped over the Windows application servers of O(targets)
        (each result's C(item) the machine's name).
    type: raw
    required: true
  services:
    description:
      - The registered result of M(ansible.windows.win_service_info), looped over
        C(app_servers | subelements('hpf_services')) of O(targets) (each result's C(item) C([app server, service])).
    type: raw
    required: true
  haproxy_rows:
    description:
      - The rows of the environment's backends read before the drain (M(divalto.cloud.haproxy_stat) rows, each with
        the C(proxy) it was read on).
    type: list
    elements: raw
    default: []
seealso:
  - module: divalto.cloud.restore_quiesce_targets
  - module: divalto.cloud.haproxy_stat
"""

EXAMPLES = r"""
- name: Read the application pools of the environment's Windows application servers
  microsoft.iis.web_app_pool_info:
  loop: "{{ quiesce.app_servers | selectattr('os', 'equalto', 'windows') | map(attribute='machine') | list }}"
  delegate_to: "{{ item }}"
  register: pools

- name: Read its HPF services
  ansible.windows.win_service_info:
    name: "{{ item.1 }}"
  loop: "{{ quiesce.app_servers | selectattr('os', 'equalto', 'windows') | subelements('hpf_services') }}"
  delegate_to: "{{ item.0.machine }}"
  register: services

- name: Decide what the quiesce stops and resume starts
  divalto.cloud.restore_quiesce_state:
    targets: "{{ quiesce }}"
    app_pools: "{{ pools }}"
    services: "{{ services }}"
  register: quiesce_state
"""

RETURN = r"""
drain:
  description: The entries of O(targets)' C(drain) whose server was in service (C(proxy), C(backend), C(server)).
  returned: success
  type: list
  elements: dict
enable:
  description: The same entries, what resume enables again.
  returned: success
  type: list
  elements: dict
stop_pools:
  description: The running application pools to stop, C({machine, app_pool}).
  returned: success
  type: list
  elements: dict
start_pools:
  description: The same pools, what resume starts again.
  returned: success
  type: list
  elements: dict
stop_services:
  description: The running HPF services to stop, C({machine, service}), in the reverse of their start order.
  returned: success
  type: list
  elements: dict
start_services:
  description: The same services in their start order, what resume starts again.
  returned: success
  type: list
  elements: dict
left_alone:
  description:
    - What neither the quiesce nor resume touches, and why, C({where, kind, name, state, reason}); C(kind) is
      C(app_pool), C(service) or C(haproxy_server).
  returned: success
  type: list
  elements: dict
"""
