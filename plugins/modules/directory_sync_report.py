#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: directory_sync_report
short_description: Write the run report of the DLMT membership sync
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Writes the report of one run of C(playbooks/directory_sync.yml) into O(dest), as
    C(directory_sync-<the plan's time, e.g. 20261201T080000Z>.json) and C(.md) - the status, the export read, the
    guard's findings and any override with its reason, and per tenant the memberships added and removed, the
    leavers, the refusals and the licence counts against the subscription (docs/identity.md).
  - A run with nothing to report (nothing to change, refuse or stop, and no leaver) that was planned or applied
    writes nothing, so that a second run changes nothing.
  - Usually run on the controller (C(delegate_to=localhost)).
extends_documentation_fragment:
  - divalto.cloud.report_files
options:
  dest:
    required: true
  plan:
    description: The plan returned by M(divalto.cloud.directory_sync_plan).
    type: dict
    required: true
  status:
    description:
      - V(planned) (a dry run), V(applied), V(partial) (applied in the tenants that were not refused), V(refused)
        (every tenant with something to change was refused), V(stopped) (the guard) or V(failed) (a change failed
        while applying).
    type: str
    required: true
    choices: [planned, applied, partial, refused, stopped, failed]
  error:
    description: What failed, for V(failed).
    type: str
    default: ""
seealso:
  - module: divalto.cloud.directory_sync_plan
"""

EXAMPLES = r"""
- name: Write the run report
  divalto.cloud.directory_sync_report:
    dest: /var/lib/divalto/directory_sync
    plan: "{{ decided.plan }}"
    status: applied
  delegate_to: localhost
"""

RETURN = r"""
written:
  description: Whether the run had anything to report (the files were written, or would be in check mode).
  returned: always
  type: bool
  sample: true
json_path:
  description: The JSON report (also when not written).
  returned: always
  type: str
  sample: /var/lib/divalto/directory_sync/directory_sync-20261201T080000Z.json
markdown_path:
  description: The Markdown report (also when not written).
  returned: always
  type: str
  sample: /var/lib/divalto/directory_sync/directory_sync-20261201T080000Z.md
report:
  description: The report, as written to RV(json_path).
  returned: always
  type: dict
  sample: {kind: directory_sync, status: applied, summary: {add: 2, remove: 1, leavers: 1, refused: 0}}
"""

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.divalto.cloud.plugins.module_utils.core.report_files import (
    ReportFilesError,
    ensure_directory,
    write_if_changed,
)
from ansible_collections.divalto.cloud.plugins.module_utils.identity.sync_report import (
    STATUSES,
    SyncReportError,
    build_report,
    report_files,
    worth_writing,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            dest=dict(type="path", required=True),
            plan=dict(type="dict", required=True),
            status=dict(type="str", required=True, choices=list(STATUSES)),
            error=dict(type="str", default=""),
        ),
        supports_check_mode=True,
    )
    params = module.params
    try:
        report = build_report(params["plan"], params["status"], params["error"])
    except SyncReportError as error:
        module.fail_json(msg="cannot make the sync report: %s" % error)
    files = report_files(report)
    paths = {kind: os.path.join(params["dest"], name) for kind, (name, _text) in files.items()}
    written = worth_writing(params["plan"], params["status"])
    changed = False
    if written:
        try:
            ensure_directory(params["dest"], module.check_mode)
            for kind, (_name, text) in sorted(files.items()):
                # Accounts, DNs and leavers: readable by the owner and its group only.
                changed = write_if_changed(paths[kind], text, module.check_mode, mode=0o640) or changed
        except (ReportFilesError, OSError) as error:
            module.fail_json(msg="cannot write the sync report in %s: %s" % (params["dest"], error))
    module.exit_json(
        changed=changed,
        written=written,
        json_path=paths["json"],
        markdown_path=paths["markdown"],
        report=report,
    )


if __name__ == "__main__":
    main()
