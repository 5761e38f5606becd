#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: health_verdict
short_description: The verdict of a machine's health checks, from what the checks registered
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Reads what the C(divalto.cloud.health_check) role's checks registered (each runs with C(failed_when) false, so
    that every check runs) and fails naming every check that failed, in one message.
  - Services - the result of C(ansible.builtin.service_facts) on Linux (units in state C(running), C(.service)
    dropped) or C(ansible.windows.win_service_info) on Windows (state C(started)).
  - Ports - the loop of C(ansible.builtin.wait_for) or C(ansible.windows.win_wait_for). A port answered only when
    its result says so (C(elapsed), no C(msg)); any message, a timeout or another error, is a failure.
  - URLs - the loop of C(ansible.builtin.uri) (C(status)) or C(ansible.windows.win_uri) (C(status_code)), against
    the status each URL expects.
  - A registered value that is not of the shape its module returns fails with what was wrong, never passes.
extends_documentation_fragment:
  - divalto.cloud.controller_action
options:
  machine:
    description: The inventory name of the machine, named in the message.
    type: str
    required: true
  checks:
    description: The checks of the machine, the result of C(divalto.cloud.health_checks).
    type: dict
    required: true
  services:
    description: The registered result of C(service_facts) or C(win_service_info).
    type: raw
    required: true
  ports:
    description: The registered loop of C(wait_for) or C(win_wait_for) over the C(ports) of O(checks).
    type: raw
    required: true
  urls:
    description: The registered loop of C(uri) or C(win_uri) over the C(urls) of O(checks).
    type: raw
    required: true
"""

EXAMPLES = r"""
- name: Fail naming every check that failed
  divalto.cloud.health_verdict:
    machine: "{{ inventory_hostname }}"
    checks: "{{ checks }}"
    services: "{{ service_state }}"
    ports: "{{ port_answers }}"
    urls: "{{ url_answers }}"
"""

RETURN = r"""
failures:
  description: The checks that failed; empty on success (a failure fails the task, its C(msg) lists them).
  returned: always
  type: list
  elements: str
  sample: []
"""
