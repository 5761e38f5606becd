#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: hotfix_ring
short_description: The window decision and the outcome of one ring of a hotfix rollout
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - The states of a ring of C(playbooks/hotfix_rollout.yml) (role C(divalto.cloud.hotfix), docs/hotfix.md), decided
    from what the ring's tasks returned.
  - O(stage=window) - from the registered result of C(divalto.cloud.maintenance_window) (run with C(failed_when)
    false; skipped for a ring without production), whether the ring is held back. It moves inside its window or
    when the gate was forced with a reason, whose run-report entry is returned in RV(forced); any other result,
    a failure of the module itself included, holds it back with the module's message.
  - O(stage=outcome) - the ring's state and message, from the window decision and the gate and rollback failures
    of every file server of the play, and whether the rollout stops. V(planned) in check mode, V(untouched) when
    its window held it back, V(failed) when a rollback failed, V(rolled_back) when its gate failed and every file
    server restored its implicit files, V(done) otherwise. Any state but V(done) stops the rollout (not in check
    mode).
  - A value of the wrong shape fails naming it; it never counts as a pass.
extends_documentation_fragment:
  - divalto.cloud.controller_action
options:
  stage:
    description: Which decision.
    type: str
    required: true
    choices: [window, outcome]
  window:
    description: With O(stage=window), the registered result of C(divalto.cloud.maintenance_window).
    type: raw
  ring:
    description: With O(stage=outcome), the ring, an element of the plan's C(rings).
    type: dict
  decision:
    description: With O(stage=outcome), the result of the O(stage=window) task of the same ring.
    type: dict
  started:
    description: With O(stage=outcome), when the ring started (ISO 8601, UTC), copied into RV(outcome).
    type: str
  gate_failures:
    description: With O(stage=outcome), the gate failures of every file server of the play (one message each).
    type: raw
    default: []
  restore_failures:
    description: With O(stage=outcome), the rollback failures of every file server of the play.
    type: raw
    default: []
"""

EXAMPLES = r"""
- name: Record the window decision
  divalto.cloud.hotfix_ring:
    stage: window
    window: "{{ window_result }}"
  register: decision
  run_once: true

- name: Decide the ring's outcome
  divalto.cloud.hotfix_ring:
    stage: outcome
    ring: "{{ ring }}"
    started: "{{ ring_started }}"
    decision: "{{ decision }}"
    gate_failures: >-
      {{ ansible_play_hosts | map('extract', hostvars) | map(attribute='gate_failures', default=[]) | flatten }}
  register: outcome
  run_once: true
"""

RETURN = r"""
blocked:
  description: With O(stage=window), whether the ring is held back.
  returned: O(stage=window)
  type: bool
message:
  description: With O(stage=window), the window module's message.
  returned: O(stage=window)
  type: str
forced:
  description: With O(stage=window), the run-report entry of a forced gate (zero or one).
  returned: O(stage=window)
  type: list
  elements: dict
outcome:
  description: With O(stage=outcome), the ring's record for the run report.
  returned: O(stage=outcome)
  type: dict
  contains:
    ring:
      description: The ring's number.
      type: int
    started:
      description: O(started).
      type: str
    ended:
      description: When the outcome was decided (ISO 8601, UTC).
      type: str
    state:
      description: One of V(planned), V(untouched), V(failed), V(rolled_back), V(done).
      type: str
    message:
      description: Why.
      type: str
stopped:
  description: With O(stage=outcome), whether the rollout stops after this ring.
  returned: O(stage=outcome)
  type: bool
"""
