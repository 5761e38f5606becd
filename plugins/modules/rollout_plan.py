#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: rollout_plan
short_description: Plan the waves of a patching rollout under ring, pool, HA and DMZ constraints
version_added: 0.1.0
description:
  - Computes, without touching any machine, the ordered waves in which the given machines are patched
    (monthly or quarterly preventive maintenance).
  - Rings come in order, C(nonprod) waves before C(prod) waves.
  - Within a wave a pool keeps at least C(min_capacity) machines (see O(pools)) in service and drains at most
    C(max_drained); an HA pair patches its secondary first, then, in a later wave, fails over
    to it and patches its primary; DMZ reverse proxies go one at a time; the two datacenters are never
    patched in the same wave for the same service (the pool for pooled app servers, the role otherwise).
  - A wave never drains every DMZ proxy of a datacenter of O(serving_datacenters). Proxies going one at a time,
    the proxies of a datacenter that has two or more are always in different waves; a plan that patches the only
    proxy of such a datacenter is refused, naming the wave, the proxy and the datacenter, unless
    O(allow_last_proxy_drain) with O(last_proxy_drain_reason), and the drain is then listed in
    RV(last_proxy_drains).
  - The plan always has the smallest possible number of waves; RV(lower_bound) is returned so callers can
    check it. The bound and the algorithm are described in the collection's C(docs/rollout.md).
  - Each wave lists its actions in order, C(failover) (only when the wave patches HA primaries), C(drain),
    C(patch), C(health_check), C(enable).
author:
  - divalto.cloud engineering (@divalto-cloud)
attributes:
  check_mode:
    support: full
    description: The module only computes a plan; it behaves the same in check mode.
  diff_mode:
    support: none
    description: Nothing is changed, so there is no diff.
options:
  machines:
    description:
      - The machines, as the inventory provides them, one dictionary each.
      - Keys C(name), C(role) (V(reverse_proxy), V(app), V(sql), V(file), V(backup_vault)), C(zone)
        (V(dmz), V(processing), V(data), matching the role), C(datacenter), C(ring) (V(nonprod), V(prod)).
      - Optional keys C(pool) (app servers only, a key of O(pools)), C(ha_pair) and C(ha_member)
        (V(primary) or V(secondary); sql and file servers only; each pair has exactly one of each).
      - Other keys are ignored.
    type: list
    elements: dict
    required: true
  pools:
    description:
      - Pool settings by pool name, each a dictionary with C(max_drained) (integer, at least 1, most machines
        drained at once) and C(min_capacity) (integer, at least 0, fewest machines left in service).
      - The members of a pool are all the machines naming it in O(machines), whatever O(limit) and O(ring).
    type: dict
    default: {}
  limit:
    description:
      - Plan only the machines with these names. Every name must be in O(machines).
      - Pools keep counting their unplanned members as in service.
    type: list
    elements: str
  ring:
    description:
      - Plan only the machines of this ring.
    type: str
    choices: [nonprod, prod]
  serving_datacenters:
    description:
      - The datacenters that serve environments (the datacenters of the inventory's C(divalto_environments); the
        C(divalto.cloud.patching) role passes them).
      - A wave never drains every DMZ proxy (role V(reverse_proxy)) of one of them; the proxies of a datacenter
        are all those of O(machines) in it, whatever O(limit) and O(ring).
      - Omitted or empty, no datacenter is constrained.
    type: list
    elements: str
  allow_last_proxy_drain:
    description:
      - Plan a wave that drains the only DMZ proxy of a datacenter of O(serving_datacenters) instead of refusing
        it (its environments are then unreachable while the proxy is patched). Needs O(last_proxy_drain_reason).
    type: bool
    default: false
  last_proxy_drain_reason:
    description:
      - Why the last proxy may be drained (a change reference, a maintenance announced to the tenants); required,
        not blank, with O(allow_last_proxy_drain), and returned with each drain in RV(last_proxy_drains).
    type: str
    default: ""
notes:
  - No failback is planned; after the rollout the former secondary of each HA pair is the active node.
"""

EXAMPLES = r"""
- name: Plan the monthly patching (rollout_machines and rollout_pools built from the inventory beforehand)
  divalto.cloud.rollout_plan:
    machines: "{{ rollout_machines }}"
    pools: "{{ rollout_pools }}"
  register: rollout

- name: Show which machines each wave patches
  ansible.builtin.debug:
    msg: "wave {{ item.index }} ({{ item.ring }}): {{ item.machines | join(', ') }}"
  loop: "{{ rollout.waves }}"
  loop_control:
    label: "{{ item.index }}"

- name: Plan only the production ring of two app servers
  divalto.cloud.rollout_plan:
    machines:
      - {name: app1, role: app, zone: processing, datacenter: dc1, ring: prod, pool: web}
      - {name: app2, role: app, zone: processing, datacenter: dc1, ring: prod, pool: web}
      - {name: app3, role: app, zone: processing, datacenter: dc2, ring: prod, pool: web}
    pools:
      web: {max_drained: 1, min_capacity: 2}
    limit: [app1, app2]
    ring: prod

- name: Patch the single DMZ proxy of datacenter lyo1, its tenants told beforehand
  divalto.cloud.rollout_plan:
    machines:
      - {name: dmz-lyo1-01, role: reverse_proxy, zone: dmz, datacenter: lyo1, ring: prod}
    serving_datacenters: [lyo1]
    allow_last_proxy_drain: true
    last_proxy_drain_reason: "CHG-2042: lyo1 proxy patched, tenants told of 20 minutes without service"
"""

RETURN = r"""
waves:
  description:
    - The waves in patching order. Each has C(index) (from 1), C(ring), C(machines) (sorted names)
      and C(actions), a list of C(action) (V(failover), V(drain), V(patch), V(health_check), V(enable))
      with its sorted C(targets) (machine names; for V(failover), the secondaries that become active).
  returned: success
  type: list
  elements: dict
  sample:
    - index: 1
      ring: prod
      machines: [app1, sql-b]
      actions:
        - {action: drain, targets: [app1, sql-b]}
        - {action: patch, targets: [app1, sql-b]}
        - {action: health_check, targets: [app1, sql-b]}
        - {action: enable, targets: [app1, sql-b]}
    - index: 2
      ring: prod
      machines: [app2, sql-a]
      actions:
        - {action: failover, targets: [sql-b]}
        - {action: drain, targets: [app2, sql-a]}
        - {action: patch, targets: [app2, sql-a]}
        - {action: health_check, targets: [app2, sql-a]}
        - {action: enable, targets: [app2, sql-a]}
wave_count:
  description: Number of waves planned.
  returned: success
  type: int
  sample: 2
lower_bound:
  description: Fewest waves any valid plan needs for these machines; always equal to RV(wave_count).
  returned: success
  type: int
  sample: 2
last_proxy_drains:
  description:
    - The waves that drain every DMZ proxy of a datacenter of O(serving_datacenters), allowed by
      O(allow_last_proxy_drain), each with C(datacenter), C(proxies) (sorted names), C(wave) (its index), C(ring)
      and C(reason) (O(last_proxy_drain_reason)). Empty when there is none.
  returned: success
  type: list
  elements: dict
  sample:
    - datacenter: lyo1
      proxies: [dmz-lyo1-01]
      wave: 1
      ring: prod
      reason: "CHG-2042: lyo1 proxy patched, tenants told of 20 minutes without service"
last_proxy_drain_reason:
  description: O(last_proxy_drain_reason), stripped, when O(allow_last_proxy_drain) is true; empty otherwise.
  returned: success
  type: str
  sample: "CHG-2042: lyo1 proxy patched, tenants told of 20 minutes without service"
"""

from ansible.module_utils.basic import AnsibleModule  # noqa: E402

from ansible_collections.divalto.cloud.plugins.module_utils.patching.rollout import RolloutError, plan_rollout  # noqa: E402


def main():
    module = AnsibleModule(
        argument_spec=dict(
            machines=dict(type="list", elements="dict", required=True),
            pools=dict(type="dict", default={}),
            limit=dict(type="list", elements="str"),
            ring=dict(type="str", choices=["nonprod", "prod"]),
            serving_datacenters=dict(type="list", elements="str"),
            allow_last_proxy_drain=dict(type="bool", default=False),
            last_proxy_drain_reason=dict(type="str", default=""),
        ),
        supports_check_mode=True,
    )
    try:
        plan = plan_rollout(
            module.params["machines"],
            module.params["pools"],
            limit=module.params["limit"],
            ring=module.params["ring"],
            serving_datacenters=module.params["serving_datacenters"],
            allow_last_proxy_drain=module.params["allow_last_proxy_drain"],
            last_proxy_drain_reason=module.params["last_proxy_drain_reason"],
        )
    except RolloutError as error:
        module.fail_json(msg=f"cannot plan the rollout: {error}")
    module.exit_json(changed=False, **plan)


if __name__ == "__main__":
    main()
