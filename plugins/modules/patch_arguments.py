#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: patch_arguments
short_description: What patching a machine in a cadence installs, as win_updates or apt arguments
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - The components of O(machine) that O(cadence) patches (the C(patching) entries of the registry's C(platform.yml),
    docs/patching.md) and the arguments of the update tasks of the C(divalto.cloud.patching) role, one
    C(ansible.windows.win_updates) run per component on Windows, one C(ansible.builtin.apt) run on Linux.
extends_documentation_fragment:
  - divalto.cloud.model_action
  - divalto.cloud.controller_action
options:
  machine:
    description: The inventory name of the machine.
    type: str
    required: true
  cadence:
    description: The patch cadence.
    type: str
    required: true
    choices: [monthly, quarterly]
"""

EXAMPLES = r"""
- name: Compute the patch arguments of app-par1-01
  divalto.cloud.patch_arguments:
    machine: app-par1-01
    cadence: monthly
  register: arguments
"""

RETURN = r"""
machine:
  description: The machine.
  returned: success
  type: str
os:
  description: Its operating system, V(windows) or V(linux).
  returned: success
  type: str
components:
  description: The components the cadence patches on it.
  returned: success
  type: list
  elements: str
windows:
  description: On Windows, one C(ansible.windows.win_updates) run per component (C(component), C(category_names),
    C(accept_list), C(reject_list)); empty on Linux.
  returned: success
  type: list
  elements: dict
linux:
  description: On Linux, the C(ansible.builtin.apt) arguments C(upgrade) (V(dist) or null) and C(packages); null on
    Windows or when the cadence patches nothing on it.
  returned: success
  type: dict
  sample: {upgrade: dist, packages: []}
"""
