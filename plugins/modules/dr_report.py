#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: dr_report
short_description: Measure a disaster-recovery failover or drill against its RPO and RTO targets and write the report
version_added: 0.1.0
description:
  - From the plan of M(divalto.cloud.restore_plan) (O(plan), failover or drill mode) and the timeline recorded
    during the run (O(timeline)), computes per environment the achieved data loss per data set (decision time
    minus the last usable backup) against the RPO (3 h databases, 24 h code and files by default, from the backup
    policy), the restart time (services started minus decision) against 4 h, and the time to full capacity
    against 24 h.
  - Writes C(dr_<mode>-<decision as YYYYmmddTHHMMSSZ>.json) and C(.md) into O(dest) when given. The rules are in
    the collection's C(docs/restore.md).
author:
  - divalto.cloud engineering (@divalto-cloud)
options:
  plan:
    description: The RV(divalto.cloud.restore_plan#module:plan) of a failover or drill.
    type: dict
    required: true
  timeline:
    description:
      - The events recorded during the run, each C(event), C(at) (ISO 8601 with an offset) and, for the events
        of one environment, C(environment) (its key).
      - Events of an environment are V(restore_started), V(restore_finished), V(services_started); events of the
        platform V(decision), V(dmz_repointed), V(full_capacity).
    type: list
    elements: dict
    default: []
  targets:
    description: Override the targets, C(restart_hours) (4) and C(full_capacity_hours) (24).
    type: dict
    default: {}
  dest:
    description: Directory to write the JSON and Markdown reports into (created when missing).
    type: path
extends_documentation_fragment:
  - divalto.cloud.report_files
"""

EXAMPLES = r"""
- name: Write the report of a failover
  divalto.cloud.dr_report:
    plan: "{{ failover.plan }}"
    timeline: "{{ dr_timeline }}"
    dest: "{{ dr_report_dir }}"
  register: dr
"""

RETURN = r"""
report:
  description:
    - C(mode), C(datacenter), C(decision_time), C(rpo_hours), C(targets), C(platform_events),
      C(full_capacity_hours), C(full_capacity_within_target), C(met) (every target met) and C(environments), each
      C(key), C(rank), C(production), C(status), C(errors), C(last_backup), C(data_loss_hours), C(within_rpo),
      C(events), C(restart_hours), C(restart_within_target), C(met).
  returned: success
  type: dict
  sample:
    mode: failover
    datacenter: sxb1
    decision_time: "2026-11-18T13:20:00+00:00"
    full_capacity_hours: 20.0
    full_capacity_within_target: true
    met: true
    environments:
      - key: acme_production
        data_loss_hours: {databases: 0.25, code: 16.33, files: 16.33}
        within_rpo: {databases: true, code: true, files: true}
        restart_hours: 3.5
        restart_within_target: true
        met: true
json_path:
  description: Path of the JSON report.
  returned: when O(dest) is given
  type: str
  sample: /srv/reports/dr_failover-20261118T132000Z.json
markdown_path:
  description: Path of the Markdown report.
  returned: when O(dest) is given
  type: str
  sample: /srv/reports/dr_failover-20261118T132000Z.md
"""

import os  # noqa: E402

from ansible.module_utils.basic import AnsibleModule  # noqa: E402

from ansible_collections.divalto.cloud.plugins.module_utils.backup.dr import DrError, dr_report, report_files  # noqa: E402


def main():
    module = AnsibleModule(
        argument_spec=dict(
            plan=dict(type="dict", required=True),
            timeline=dict(type="list", elements="dict", default=[]),
            targets=dict(type="dict", default={}),
            dest=dict(type="path"),
        ),
        supports_check_mode=True,
    )
    try:
        report = dr_report(module.params["plan"], module.params["timeline"], module.params["targets"])
    except DrError as error:
        module.fail_json(msg="cannot report on the disaster recovery: %s" % error)
    result = dict(changed=False, report=report)
    dest = module.params["dest"]
    if dest:
        for kind, (name, text) in report_files(report).items():
            path = os.path.join(dest, name)
            result["%s_path" % kind] = path
            current = None
            if os.path.exists(path):
                with open(path, encoding="utf-8") as handle:
                    current = handle.read()
            if current == text:
                continue
            result["changed"] = True
            if not module.check_mode:
                try:
                    os.makedirs(dest, exist_ok=True)
                    with open(path, "w", encoding="utf-8") as handle:
                        handle.write(text)
                except OSError as error:
                    module.fail_json(msg="cannot write %s: %s" % (path, error))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
