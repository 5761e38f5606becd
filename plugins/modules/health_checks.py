#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: health_checks
short_description: The services, ports and health URLs to check on a machine
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - From the C(health_checks) section of C(platform.yml) (defaults per role when absent; C(windows)/C(linux) keys
    override a role's settings per OS) - the services that must run, the TCP ports that must answer on the machine's
    registry address, and the URLs to GET there with their expected status. An application server also gets one
    URL per environment it serves (the environment's HTTPS port, C(Host) its first host name).
  - Used by the C(divalto.cloud.health_check) role; checks nothing itself.
extends_documentation_fragment:
  - divalto.cloud.model_action
  - divalto.cloud.controller_action
options:
  machine:
    description: The inventory name of the machine; the task's host when left out.
    type: str
"""

EXAMPLES = r"""
- name: Compute the checks of app-par1-01
  divalto.cloud.health_checks:
    machine: app-par1-01
  register: checks

- name: Show them
  ansible.builtin.debug:
    var: checks.urls
"""

RETURN = r"""
machine:
  description: The machine's inventory name.
  returned: success
  type: str
os:
  description: The machine's operating system, V(windows) or V(linux).
  returned: success
  type: str
address:
  description: The machine's registry address, where the ports and URLs are checked.
  returned: success
  type: str
services:
  description: The services that must run, sorted.
  returned: success
  type: list
  elements: str
ports:
  description: The TCP ports that must answer, sorted.
  returned: success
  type: list
  elements: int
urls:
  description: The URLs to GET, each C({url, host, status, environment}).
  returned: success
  type: list
  elements: dict
"""
