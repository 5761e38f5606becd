#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: run_report
author: divalto.cloud engineering (@divalto-cloud)
version_added: 0.1.0
short_description: write the JSON and Markdown report of a patching or hotfix run
description:
  - Validates the records of a rollout (one per machine or environment) and writes them to O(dest) as
    C(<kind>-<started in UTC, compact>.json) and C(.md), for example C(patch_monthly-20261129T150442Z.json).
  - The Markdown file has the run status, the machines left drained, the forced maintenance windows with their
    reasons, the forced downgrades and last-proxy drains with theirs, and one row per subject (wave, ring,
    state, installed updates, reboots, duration, message).
  - Files are written atomically and only when their content changes, so writing the same report twice
    reports no change.
  - Usually run on the controller (C(delegate_to=localhost), C(run_once=true)).
options:
  dest:
    description: Directory to write to; created when missing.
    type: path
    required: true
  kind:
    description: What ran, lower-case letters, digits and underscores (V(patch_monthly), V(hotfix_rollout)...).
    type: str
    required: true
  started:
    description: When the run started, ISO 8601 with an offset or V(Z). Part of the file names.
    type: str
    required: true
  ended:
    description: When the run ended, ISO 8601 with an offset; not before O(started).
    type: str
  status:
    description: V(succeeded), V(failed) or V(planned) (check mode or plan only). V(succeeded) with a
      failed record is an error.
    type: str
    required: true
    choices: [succeeded, failed, planned]
  records:
    description:
      - One dictionary per subject with C(subject) (required), C(subject_type) (V(machine), the default, or
        V(environment)), C(wave) (integer from 1) and/or C(ring), C(state) (V(done), V(failed), V(untouched),
        V(rolled_back), V(drained), V(unchanged), V(planned)), C(installed) (list of strings), C(reboots)
        (integer), C(started) and C(ended) (ISO 8601 with offset), C(message), C(from_version), C(to_version),
        C(haproxy) (list of HAProxy C(show stat) rows observed) and C(details) (free dictionary).
      - C(details.downgrade) (C({from, to, reason}), a forced hotfix downgrade) and C(details.last_proxy_drain)
        (C({datacenter, reason}), the forced drain of the only DMZ proxy of a datacenter that serves environments)
        are checked and listed in the Markdown file with their reasons.
      - Any other key is an error. A subject appears once.
      - A machine whose state is V(failed) or V(drained) is listed in C(left_drained) of RV(summary).
    type: list
    elements: dict
    default: []
  forced_windows:
    description:
      - Maintenance windows passed with C(force), each C({ring, reason, at, user}) (C(at) may be given as C(time),
        as the C(log_entry) of M(divalto.cloud.maintenance_window) has it; C(next_window) and C(wave) are kept).
    type: list
    elements: dict
    default: []
  plan:
    description: The planned waves (as M(divalto.cloud.rollout_plan) returns them), copied into the JSON report.
    type: raw
seealso:
  - module: divalto.cloud.run_lock
  - module: divalto.cloud.rollout_plan
extends_documentation_fragment:
  - divalto.cloud.report_files
"""

EXAMPLES = r"""
- name: Write the report of the monthly patching
  divalto.cloud.run_report:
    dest: "{{ patch_report_dir }}"
    kind: patch_monthly
    started: "{{ __patch_started }}"
    ended: "{{ now(utc=true).isoformat() }}Z"
    status: "{{ 'failed' if __patch_failed else 'succeeded' }}"
    records:
      - subject: app1
        wave: 1
        ring: prod
        state: done
        installed: [divalto-probe 1.1]
        reboots: 0
        started: "2026-11-29T15:04:42Z"
        ended: "2026-11-29T15:06:01Z"
    forced_windows: "{{ __patch_forced }}"
  delegate_to: localhost
  run_once: true
  register: __report
"""

RETURN = r"""
json_path:
  description: The JSON report.
  returned: always
  type: str
  sample: /srv/reports/patch_monthly-20261129T150442Z.json
markdown_path:
  description: The Markdown report.
  returned: always
  type: str
  sample: /srv/reports/patch_monthly-20261129T150442Z.md
summary:
  description: Status, number of subjects, counts per state, failed subjects, machines left drained,
    number of forced windows and of reboots.
  returned: always
  type: dict
  sample:
    status: failed
    subjects: 3
    counts: {done: 1, failed: 1, untouched: 1}
    failed: [app2]
    left_drained: [app2]
    forced_windows: 0
    reboots: 1
report:
  description: The whole report as written to RV(json_path).
  returned: always
  type: dict
  sample: {kind: patch_monthly, status: succeeded, started: "2026-11-29T15:04:42+00:00", records: []}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.divalto.cloud.plugins.module_utils.patching.run_report import (
    RunReportError,
    build_report,
    write_report,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            dest=dict(type="path", required=True),
            kind=dict(type="str", required=True),
            started=dict(type="str", required=True),
            ended=dict(type="str"),
            status=dict(type="str", required=True, choices=["succeeded", "failed", "planned"]),
            records=dict(type="list", elements="dict", default=[]),
            forced_windows=dict(type="list", elements="dict", default=[]),
            plan=dict(type="raw"),
        ),
        supports_check_mode=True,
    )
    params = module.params
    try:
        report = build_report(
            params["kind"],
            params["started"],
            params["status"],
            params["records"],
            forced_windows=params["forced_windows"],
            plan=params["plan"],
            ended=params["ended"],
        )
        json_path, markdown_path, changed = write_report(params["dest"], report, check_mode=module.check_mode)
    except RunReportError as error:
        module.fail_json(msg=f"cannot write the run report: {error}")
    except OSError as error:
        module.fail_json(msg=f"cannot write the run report in {params['dest']}: {error}")
    module.exit_json(
        changed=changed,
        json_path=json_path,
        markdown_path=markdown_path,
        summary=report["summary"],
        report=report,
    )


if __name__ == "__main__":
    main()
