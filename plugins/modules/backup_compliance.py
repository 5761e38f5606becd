#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: backup_compliance
author: divalto.cloud engineering (@divalto-cloud)
version_added: 0.1.0
short_description: evaluate the backups of tenant environments against the backup policy
description:
  - Evaluates each environment against the backup policy of the platform (C(backup) section of C(platform.yml),
    defaulted by the collection) from SQL Server backup history and restic snapshots, and optionally writes a
    report (C(backup_compliance.json), C(.md) and a self-contained C(.html)) into O(dest).
  - 'Checks (rules in C(docs/backup_compliance.md)): C(log_freshness) (last log backup within the log interval plus
    grace), C(log_chain) (no LSN gap over the log retention), C(differentials) (a differential for every scheduled
    day of the last 7 days), C(full) (a full within 7 calendar days), C(retention) (nothing kept beyond retention,
    nothing needed missing) and C(rpo) (the disaster-recovery RPO is achievable now: 3 h of databases, 24 h of
    code and files by default).'
  - Only reads its inputs; runs on the controller (C(delegate_to) V(localhost)).
options:
  platform:
    description: The C(divalto_platform) inventory variable (its C(backup), C(datacenters) and time zone are used).
    type: dict
    required: true
  environments:
    description: Environment key -> environment, as the C(divalto_environments) inventory variable (or a subset).
    type: dict
    required: true
  sql_history:
    description:
      - SQL Server backup sets as C(Get-DbaDbBackupHistory | ConvertTo-Json) prints them, msdb C(backupset) columns
        or snake_case keys (C(database), C(type), C(start), C(end), C(first_lsn), C(last_lsn),
        C(database_backup_lsn), C(checkpoint_lsn), C(path), C(is_copy_only)).
      - A record belongs to its C(environment) key when it has one, else to the environment whose C(databases)
        name its database.
      - C(present) (or C(Exists)), when given, tells whether the backup files still exist; msdb keeps the history
        of deleted files, so the retention checks need it.
    type: list
    elements: dict
    default: []
  restic_snapshots:
    description: C(restic snapshots --json) objects, tagged C(env:<environment key>) and C(set:code) or C(set:files).
    type: list
    elements: dict
    default: []
  now:
    description: The instant of the evaluation, ISO 8601 with an offset; default the current time.
    type: str
  checks:
    description: The checks to run; default all.
    type: list
    elements: str
    choices: [log_freshness, log_chain, differentials, full, retention, rpo]
  data_sets:
    description:
      - The data sets to evaluate; default all. A SQL Server's pre-check asks for V(databases), a file server's
        for V(code) and V(files).
    type: list
    elements: str
    choices: [databases, code, files]
  fail_on_violation:
    description: Fail (after writing the report) when an environment is not compliant (violation or no data).
    type: bool
    default: false
  dest:
    description: Directory receiving C(backup_compliance.json), C(backup_compliance.md) and C(backup_compliance.html);
      created when missing. Without it, nothing is written.
    type: path
notes:
  - Needs Python 3.9 or later on the controller (C(zoneinfo)).
extends_documentation_fragment:
  - divalto.cloud.report_files
"""

EXAMPLES = r"""
- name: Evaluate recorded histories and write the report
  divalto.cloud.backup_compliance:
    platform: "{{ divalto_platform }}"
    environments: "{{ divalto_environments }}"
    sql_history: "{{ lookup('ansible.builtin.file', 'history/sql.json') | from_json }}"
    restic_snapshots: "{{ lookup('ansible.builtin.file', 'history/restic.json') | from_json }}"
    dest: /srv/reports/backup_compliance
  delegate_to: localhost
  run_once: true

- name: Gate a patch run on the backups of production
  divalto.cloud.backup_compliance:
    platform: "{{ divalto_platform }}"
    environments: "{{ divalto_environments | dict2items | selectattr('value.production') | items2dict }}"
    sql_history: "{{ gathered_sql_history }}"
    restic_snapshots: "{{ gathered_snapshots }}"
    checks: [log_freshness, rpo]
    fail_on_violation: true
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
environments:
  description: Per environment key, its C(status), C(violations) and what was found.
  returned: success
  type: dict
  contains:
    status:
      description: C(compliant), C(violation) or C(no_data) (no history mentions the environment).
      type: str
    violations:
      description: C(check), C(kind) (C(log_freshness), C(log_chain), C(differential_missing), C(full_missing),
        C(retention_exceeded), C(retention_missing), C(rpo)), C(data_set) (C(databases), C(code), C(files)),
        C(database) (or null) and C(message).
      type: list
      elements: dict
    databases:
      description: Per database, C(last_full), C(last_differential), C(last_log), C(restorable_until),
        C(data_loss_minutes) and C(backups).
      type: dict
    data_sets:
      description: Per data set (C(code), C(files)), C(latest), C(latest_id), C(snapshots), C(data_loss_minutes).
      type: dict
  sample:
    acme_production:
      status: violation
      violations:
        - check: log_freshness
          kind: log_freshness
          data_set: databases
          database: acme_production_erp
          message: "acme_production_erp: the last log backup ended 2026-11-23T09:00:52+01:00, 1 h 29 min ago
            (allowed: 1 h 00 min + 15 min grace)"
      databases:
        acme_production_erp:
          last_full: "2026-11-22T21:24:02+01:00"
          last_differential: "2026-11-21T21:08:02+01:00"
          last_log: "2026-11-23T09:00:52+01:00"
          restorable_until: "2026-11-23T09:00:52+01:00"
          data_loss_minutes: 89
          backups: 93
      data_sets:
        code: {latest: "2026-11-22T22:00:41.123456+01:00", latest_id: fdd6ff00, snapshots: 15, data_loss_minutes: 749}
compliant:
  description: Whether every environment is compliant.
  returned: success
  type: bool
  sample: false
summary:
  description: The number of environments per status.
  returned: success
  type: dict
  sample: {"compliant": 2, "violation": 1, "no_data": 0}
now:
  description: The instant of the evaluation, ISO 8601 in the policy's time zone.
  returned: success
  type: str
  sample: "2026-11-23T10:30:00+01:00"
horizons_hours:
  description: How long each kind of backup can be needed (hours); the SQL Server cleanup times.
  returned: success
  type: dict
  sample: {"full": 480.0, "diff": 336.0, "log": 48.0, "code": 336.0, "files": 336.0}
report:
  description: The paths of the report files (written, or that would be written in check mode).
  returned: when O(dest) is set
  type: dict
  sample:
    json: /srv/reports/backup_compliance/backup_compliance.json
    markdown: /srv/reports/backup_compliance/backup_compliance.md
    html: /srv/reports/backup_compliance/backup_compliance.html
changed_files:
  description: The report files whose content changed (or would change in check mode).
  returned: success
  type: list
  elements: str
  sample: ["/srv/reports/backup_compliance/backup_compliance.json"]
msg:
  description: A one-line summary.
  returned: always
  type: str
  sample: "3 environments: 2 compliant, 1 violation, 0 no data"
"""

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.divalto.cloud.plugins.module_utils.backup.compliance import (
    ALL_DATA_SETS,
    CHECKS,
    BackupComplianceError,
    check_compliance,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.compliance_render import FILES, render_all
from ansible_collections.divalto.cloud.plugins.module_utils.core.report_files import (
    ReportFilesError,
    ensure_directory,
    write_if_changed,
)

REPORT_KEYS = dict(zip(FILES, ("json", "markdown", "html")))


def run(module):
    p = module.params
    try:
        result = check_compliance(
            p["platform"],
            p["environments"],
            p["sql_history"],
            p["restic_snapshots"],
            p["now"],
            p["checks"],
            p["data_sets"],
        )
    except BackupComplianceError as exc:
        module.fail_json(msg="backup_compliance: %s" % exc)
    output = {
        "environments": result["environments"],
        "compliant": result["compliant"],
        "summary": result["summary"],
        "now": result["now"],
        "horizons_hours": result["horizons_hours"],
        "changed_files": [],
    }
    dest = p["dest"]
    if dest:
        try:
            ensure_directory(dest, module.check_mode)
        except ReportFilesError as exc:
            module.fail_json(msg="backup_compliance: %s" % exc)
        contents = render_all(result)
        output["report"] = {REPORT_KEYS[name]: os.path.join(dest, name) for name in FILES}
        output["changed_files"] = [
            os.path.join(dest, name)
            for name in FILES
            if write_if_changed(os.path.join(dest, name), contents[name], module.check_mode)
        ]
    summary = result["summary"]
    output["msg"] = "%d environments: %d compliant, %d violation, %d no data" % (
        len(result["environments"]),
        summary["compliant"],
        summary["violation"],
        summary["no_data"],
    )
    if p["fail_on_violation"] and not result["compliant"]:
        failing = sorted(key for key, env in result["environments"].items() if env["status"] != "compliant")
        output["msg"] = "backup compliance: not compliant: %s (%s)" % (", ".join(failing), output["msg"])
        module.fail_json(changed=bool(output["changed_files"]), **output)
    module.exit_json(changed=bool(output["changed_files"]), **output)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            platform=dict(type="dict", required=True),
            environments=dict(type="dict", required=True),
            sql_history=dict(type="list", elements="dict", default=[]),
            restic_snapshots=dict(type="list", elements="dict", default=[]),
            now=dict(type="str"),
            checks=dict(type="list", elements="str", choices=list(CHECKS)),
            data_sets=dict(type="list", elements="str", choices=list(ALL_DATA_SETS)),
            fail_on_violation=dict(type="bool", default=False),
            dest=dict(type="path"),
        ),
        supports_check_mode=True,
    )
    run(module)


if __name__ == "__main__":
    main()
