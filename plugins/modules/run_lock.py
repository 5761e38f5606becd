#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: run_lock
author: divalto.cloud engineering (@divalto-cloud)
version_added: 0.1.0
short_description: take or release the lock that keeps two patching or hotfix runs apart
description:
  - With O(state=present), creates the lock file O(path) atomically, holding O(owner) and the time. Fails, naming
    the holder and since when, when another owner holds it, unless the lock is older than O(max_age) seconds
    (a run that died), in which case it is replaced and RV(replaced) says what was there. The same owner taking it again
    changes nothing.
  - With O(state=absent), removes the lock of O(owner) (someone else's lock is never removed) and records the
    machines of O(left_drained) in C(<path>.drained); an empty O(left_drained) removes that record.
  - While C(<path>.drained) lists machines, O(state=present) fails naming them unless O(accept_drained=true).
  - One lock is shared by patching and hotfix runs (C(patch_lock_dir) in the playbooks).
  - Usually run on the controller (C(delegate_to=localhost), C(run_once=true)).
options:
  path:
    description: The lock file. Its directory must exist.
    type: path
    required: true
  owner:
    description: Who holds the lock, unique per run (for example the playbook name and its start time, or the
      AWX job id).
    type: str
    required: true
  state:
    description: V(present) takes the lock, V(absent) releases it.
    type: str
    choices: [present, absent]
    default: present
  max_age:
    description: Seconds after which another owner's lock is stale and replaced.
    type: int
    default: 86400
  accept_drained:
    description: With O(state=present), start even though the last run left machines drained.
    type: bool
    default: false
  left_drained:
    description: With O(state=absent), the machines this run leaves drained (failed health checks).
    type: list
    elements: str
    default: []
  now:
    description: The current time, ISO 8601 with an offset, instead of the clock (tests, replays).
    type: str
attributes:
  check_mode:
    support: full
    description: Checks whether the lock could be taken or released (failing the same way) and creates or
      removes nothing.
  diff_mode:
    support: none
    description: No diff.
seealso:
  - module: divalto.cloud.run_report
"""

EXAMPLES = r"""
- name: Take the rollout lock
  divalto.cloud.run_lock:
    path: "{{ patch_lock_dir }}/rollout.lock"
    owner: "patch_monthly {{ __patch_started }}"
    max_age: 86400
  delegate_to: localhost
  run_once: true

- name: Release it, recording the machine that stays drained
  divalto.cloud.run_lock:
    path: "{{ patch_lock_dir }}/rollout.lock"
    owner: "patch_monthly {{ __patch_started }}"
    state: absent
    left_drained: [app2]
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
lock:
  description: The lock content (owner, acquired, host, pid).
  returned: when O(state=present)
  type: dict
  sample: {owner: "patch_monthly 2026-11-29T15:04:42Z", acquired: "2026-11-29T15:04:43+00:00", host: awx, pid: 42}
replaced:
  description: The stale lock that was replaced, or V(None).
  returned: when O(state=present)
  type: dict
  sample: {owner: "patch_monthly 2026-11-01T20:00:00Z", acquired: "2026-11-01T20:00:01+00:00", host: awx, pid: 7}
drained:
  description: With O(state=present), the machines recorded as left drained by the last run (only non-empty
    with O(accept_drained=true)); with O(state=absent), the machines now recorded.
  returned: always
  type: list
  elements: str
  sample: [app2]
"""

import datetime

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.divalto.cloud.plugins.module_utils.patching.run_lock import RunLockError, acquire, release


def _parse_now(module):
    text = module.params["now"]
    if text is None:
        return None
    try:
        value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        module.fail_json(msg=f"now: {text!r} is not an ISO 8601 timestamp")
    if value.tzinfo is None:
        module.fail_json(msg=f"now: {text!r} has no UTC offset")
    return value


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type="path", required=True),
            owner=dict(type="str", required=True),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            max_age=dict(type="int", default=86400),
            accept_drained=dict(type="bool", default=False),
            left_drained=dict(type="list", elements="str", default=[]),
            now=dict(type="str"),
        ),
        supports_check_mode=True,
    )
    params = module.params
    now = _parse_now(module)
    try:
        if params["state"] == "present":
            result = acquire(
                params["path"],
                params["owner"],
                params["max_age"],
                now=now,
                accept_drained=params["accept_drained"],
                check_mode=module.check_mode,
            )
        else:
            result = release(
                params["path"], params["owner"], params["left_drained"], now=now, check_mode=module.check_mode
            )
    except RunLockError as error:
        module.fail_json(msg=f"run lock {params['path']}: {error}")
    except OSError as error:
        module.fail_json(msg=f"run lock {params['path']}: {error}")
    module.exit_json(**result)


if __name__ == "__main__":
    main()
