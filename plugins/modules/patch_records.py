#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: patch_records
short_description: The run report's records of a patch run
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - One record per machine of O(plan), in wave order, for M(divalto.cloud.run_report) (role
    C(divalto.cloud.patching)) - what happened to it, from O(outcomes), else V(drained) when an earlier run left it
    drained (O(previously_drained)), else V(untouched).
  - The record of a proxy whose drain was forced (the last DMZ proxy of a datacenter that serves environments)
    carries C(details.last_proxy_drain) (C(datacenter), C(reason)).
  - A Windows machine's C(installed) is read from the registered results of its C(ansible.windows.win_updates) loop
    (C(win_updates) in its outcome), each update's title, else its KB numbers.
extends_documentation_fragment:
  - divalto.cloud.controller_action
options:
  plan:
    description: The result of M(divalto.cloud.rollout_plan) (C(waves), C(last_proxy_drains)).
    type: dict
    required: true
  outcomes:
    description: Per machine, what happened to it (C(state), C(installed) or C(win_updates), C(reboots),
      C(started), C(ended), C(message), C(haproxy)).
    type: dict
    required: true
  previously_drained:
    description: The machines an earlier run left drained (M(divalto.cloud.run_lock)'s C(drained)).
    type: list
    elements: str
    default: []
seealso:
  - module: divalto.cloud.run_report
"""

EXAMPLES = r"""
- name: Build the report records
  divalto.cloud.patch_records:
    plan: "{{ plan }}"
    outcomes: "{{ outcomes }}"
    previously_drained: "{{ lock.drained | default([]) }}"
  register: records
"""

RETURN = r"""
records:
  description: One record per planned machine (C(subject), C(subject_type), C(wave), C(ring), C(state) and what
    is known of C(installed), C(reboots), C(started), C(ended), C(message), C(haproxy), C(details)).
  returned: success
  type: list
  elements: dict
  sample:
    - {subject: app-par1-01, subject_type: machine, wave: 1, ring: production, state: done,
       installed: [openssl 3.0.15-1~deb12u1], reboots: 0}
"""
