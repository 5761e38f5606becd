#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: storage_report
author: divalto.cloud engineering (@divalto-cloud)
version_added: 0.1.0
short_description: database and file usage of environments against their storage quotas
description:
  - Compares, per environment, the size of its databases (ERP, portal, BI) and the usage of its file directories
    with its quota (the included 10 GB of database and 50 GB of files plus the environment's purchased
    extensions, from C(divalto_environments)), and gives an alert level per measurement.
  - Levels, exact at the boundary, usage over quota; V(ok) below 80 %, V(warning) from 80 %, V(critical) from
    95 %, V(exceeded) from 100 %; V(no_data) when a database size or the file usage is missing.
  - For every measurement at V(warning) or worse, proposes the smallest number of extension units that brings
    usage under 80 %, and adds them up per tenant. See C(docs/reports.md).
  - Writes C(storage_report.json) and a self-contained C(storage_report.html) into O(dest) when given; both are
    deterministic, so a file is rewritten (and the task changed) only when the report changed.
  - Runs on the controller, with C(delegate_to) V(localhost).
options:
  environments:
    description: The C(divalto_environments) inventory variable.
    type: dict
    required: true
  database_sizes:
    description:
      - Database sizes, as C(Get-DbaDatabase) (dbatools) records with C(Name) and C(SizeMB) (data and log files,
        in MB), from every SQL pair; or a mapping of database name to MB. Databases of no environment are ignored.
    type: raw
    default: []
  file_usage:
    description:
      - Bytes used per environment key, as integers or as the entries of the
        P(divalto.cloud.tenant_storage_usage#filter) filter (C(used_bytes)).
    type: dict
    default: {}
  extension_units:
    description:
      - Size of one purchasable extension in GB (GiB), per kind. Decision, the commercial unit is not public,
        the default is the included block (10 GB of database, 50 GB of files).
    type: dict
    default: {database_gb: 10, files_gb: 50}
  environments_selected:
    description: Environment keys to report; empty reports every environment.
    type: list
    elements: str
    default: []
  dest:
    description: Directory receiving C(storage_report.json) and C(storage_report.html); created when missing.
    type: path
extends_documentation_fragment:
  - divalto.cloud.report_files
"""

EXAMPLES = r"""
- name: Write the storage report
  divalto.cloud.storage_report:
    environments: "{{ divalto_environments }}"
    database_sizes: "{{ sql_sizes }}"
    file_usage: "{{ hostvars[groups['role_file'][0]].tenant_storage_usage }}"
    dest: /srv/reports
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
report:
  description: The computed report, as written to C(storage_report.json).
  returned: success
  type: dict
  contains:
    environments:
      description: Per environment key, C(tenant), C(type), C(production) and one measurement per kind
        (C(databases), C(files)) with C(used_bytes), C(used_gb), C(quota_gb), C(included_gb), C(extensions_gb),
        C(percent), C(level), C(propose_units), C(propose_gb) (and C(by_database), C(missing) for databases).
      type: dict
    tenants:
      description: Per tenant, C(environments), C(alerts), C(level) (the worst) and C(propose) (units and GB per kind).
      type: dict
    summary:
      description: Number of measurements per level.
      type: dict
    extension_unit_gb:
      description: The extension units used.
      type: dict
    thresholds_percent:
      description: The alert thresholds.
      type: dict
  sample:
    environments:
      beta_production:
        tenant: beta
        type: production
        production: true
        databases: {"used_bytes": 10200547328, "used_gb": 9.5, "quota_gb": 10, "included_gb": 10, "extensions_gb": 0,
                    "percent": 95.0, "level": "critical", "propose_units": 1, "propose_gb": 10}
        files: {"used_bytes": 1073741824, "used_gb": 1.0, "quota_gb": 50, "included_gb": 50, "extensions_gb": 0,
                "percent": 2.0, "level": "ok", "propose_units": 0, "propose_gb": 0}
    tenants:
      beta: {"environments": ["beta_production"], "level": "critical",
             "alerts": [{"environment": "beta_production", "kind": "databases", "level": "critical", "percent": 95.0}],
             "propose": {"database_units": 1, "database_gb": 10, "files_units": 0, "files_gb": 0}}
    summary: {"ok": 1, "warning": 0, "critical": 1, "exceeded": 0, "no_data": 0}
    extension_unit_gb: {"database_gb": 10, "files_gb": 50}
    thresholds_percent: {"warning": 80, "critical": 95, "exceeded": 100}
alerts:
  description: Measurements at warning or worse, or without data, as C(<environment> <kind> <level>).
  returned: success
  type: list
  elements: str
  sample: ["beta_production databases critical"]
files:
  description: The report files (written, or that would be written in check mode); empty without O(dest).
  returned: success
  type: list
  elements: str
  sample: ["/srv/reports/storage_report.html", "/srv/reports/storage_report.json"]
changed_files:
  description: The files whose content changed (or would change in check mode).
  returned: success
  type: list
  elements: str
  sample: ["/srv/reports/storage_report.json"]
msg:
  description: A one-line summary.
  returned: always
  type: str
  sample: "2 environments, 1 measurement at warning or worse, 0 without data"
"""

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.divalto.cloud.plugins.module_utils.core.report_files import (
    ReportFilesError,
    ensure_directory,
    write_if_changed,
)
from ansible_collections.divalto.cloud.plugins.module_utils.reports.storage_report import (
    SEVERITY,
    StorageReportError,
    compute_report,
    render_html,
    render_json,
)


def run(module):
    p = module.params
    try:
        report = compute_report(
            p["environments"],
            p["database_sizes"],
            p["file_usage"],
            units=p["extension_units"],
            selected=p["environments_selected"],
        )
    except StorageReportError as exc:
        module.fail_json(msg="storage_report: %s" % exc)
    files, changed_files = [], []
    dest = p["dest"]
    if dest:
        try:
            ensure_directory(dest, module.check_mode)
        except ReportFilesError as exc:
            module.fail_json(msg="storage_report: %s" % exc)
        contents = {"storage_report.html": render_html(report), "storage_report.json": render_json(report)}
        files = [os.path.join(dest, name) for name in sorted(contents)]
        changed_files = [
            path for path in files if write_if_changed(path, contents[os.path.basename(path)], module.check_mode)
        ]
    alerts = [
        "%s %s %s" % (key, kind, env[kind]["level"])
        for key, env in sorted(report["environments"].items())
        for kind in ("databases", "files")
        if SEVERITY[env[kind]["level"]] >= SEVERITY["warning"] or env[kind]["level"] == "no_data"
    ]
    summary = report["summary"]
    module.exit_json(
        changed=bool(changed_files),
        report=report,
        alerts=alerts,
        files=files,
        changed_files=changed_files,
        msg="%d environments, %d measurements at warning or worse, %d without data"
        % (
            len(report["environments"]),
            summary["warning"] + summary["critical"] + summary["exceeded"],
            summary["no_data"],
        ),
    )


def main():
    module = AnsibleModule(
        argument_spec=dict(
            environments=dict(type="dict", required=True),
            database_sizes=dict(type="raw", default=[]),
            file_usage=dict(type="dict", default={}),
            extension_units=dict(type="dict", default={"database_gb": 10, "files_gb": 50}),
            environments_selected=dict(type="list", elements="str", default=[]),
            dest=dict(type="path"),
        ),
        supports_check_mode=True,
    )
    run(module)


if __name__ == "__main__":
    main()
