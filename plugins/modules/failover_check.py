#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: failover_check
short_description: Whether a takeover before patching is complete, from what its script read back
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Reads the C(result) of the failover scripts of the C(divalto.cloud.patching) role, as Windows PowerShell 5.1
    serialises it (a lone object for a one-element list, C(null) for none), and fails unless the takeover by
    O(machine) is complete, so that the partner is never patched or rebooted while it still serves.
  - V(availability_groups) (C(files/sql_ag_failover.ps1)) - every availability group is C(Primary) on the machine
    and every one of its databases C(Synchronized) and C(Normal).
  - V(cluster_roles) (C(files/cluster_move.ps1)) - every file-server cluster role is owned by the machine and
    C(Online).
  - A value of the wrong shape (an enum as an integer, a BigInteger or a date not cast to a string by the script)
    fails with its field named.
extends_documentation_fragment:
  - divalto.cloud.controller_action
options:
  kind:
    description: What took over.
    type: str
    required: true
    choices: [availability_groups, cluster_roles]
  result:
    description: The C(result) of the script's C(ansible.windows.win_powershell) task.
    type: raw
  machine:
    description: The inventory name of the machine that took over (named in the messages).
    type: str
    required: true
"""

EXAMPLES = r"""
- name: Fail the availability groups over to sql-par1-02
  ansible.windows.win_powershell:
    path: sql_ag_failover.ps1
    parameters: {SqlInstance: localhost, TimeoutSeconds: 600, PollSeconds: 5}
    error_action: stop
  register: failover
  delegate_to: sql-par1-02

- name: Refuse to go on unless sql-par1-02 is primary and synchronised
  divalto.cloud.failover_check:
    kind: availability_groups
    result: "{{ failover.result }}"
    machine: sql-par1-02
"""

RETURN = r"""
availability_groups:
  description: With O(kind=availability_groups), the groups taken over.
  returned: success and O(kind=availability_groups)
  type: list
  elements: dict
  contains:
    name:
      description: The availability group.
      type: str
    role:
      description: The machine's role in it, V(Primary).
      type: str
    databases:
      description: Its databases, with C(name), C(synchronization_state) and C(status).
      type: list
      elements: dict
cluster_roles:
  description: With O(kind=cluster_roles), the file-server cluster roles.
  returned: success and O(kind=cluster_roles)
  type: list
  elements: dict
  contains:
    name:
      description: The cluster role.
      type: str
    owner:
      description: Its owner node.
      type: str
    state:
      description: Its state, V(Online).
      type: str
    node:
      description: The computer name of the machine the script ran on.
      type: str
"""
