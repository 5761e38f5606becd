#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: backup_export
short_description: Build, verify and publish an environment's D+1 backup package on the backup vault
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Runs on the backup vault that holds the environment's backups (the recovery datacenter's), never on a
    production machine.
  - Picks the environment's last weekly full (the newest C(FULL) backup of each database on the vault's SQL backup
    share) and the restic snapshot of each data set taken the same night, copies the backups and dumps the
    snapshots as zip files into the download area's staging directory, writes C(README.txt) and C(SHA256SUMS),
    reads every file again against C(SHA256SUMS), then publishes the package into the tenant's C(packages)
    directory in one rename and records when it expires (the C(divalto-export-expire) timer removes it then).
  - A package already published (directory and record) is left as it is, its expiry too.
  - A database without a full, or a data set without a snapshot that night, fails the task naming it; nothing is
    published then.
options:
  environment:
    description: The environment's record (C(divalto_environments[key])).
    type: dict
    required: true
  days:
    description: How many days the package stays published.
    type: int
    default: 7
  timezone:
    description: The SQL Server machines' wall-clock zone (in which Ola Hallengren's file names are written).
    type: str
    default: Europe/Paris
  now:
    description: The build time (ISO 8601 with offset); default the vault's clock. For tests and replays.
    type: str
  data_sets:
    description: The restic data sets of the package.
    type: list
    elements: str
    default: [code, files]
  share_root:
    description: The directory of the SQL backup share (C(backup_vault_sql_share_path)).
    type: path
    default: /srv/sqlbackup
  vault_root:
    description: The parent of the tenants' restic repositories (C(backup_vault_root)).
    type: path
    default: /srv/backup
  password_file:
    description: The environment's repository password file.
    type: path
    required: true
  area_root:
    description: The download area (C(backup_vault_export_root)).
    type: path
    default: /srv/export
  state_dir:
    description: Where the packages' expiry records are kept, outside the chroots.
    type: path
    default: /var/lib/divalto/export
  executable:
    description: The restic binary.
    type: path
    default: restic
  settle_minutes:
    description:
      - Backup files modified less than this many minutes ago are left out (SQL Server may still be writing them).
      - Only regular files count; links on the share are not followed.
    type: int
    default: 30
attributes:
  check_mode:
    support: full
    description: Plans the package (the backups and snapshots it would hold) and builds nothing.
  diff_mode:
    support: none
    description: A package is new files, not a change of existing ones; the result lists them.
extends_documentation_fragment:
  - divalto.cloud.read_only.linux
"""

EXAMPLES = r"""
- name: Publish acme production's D+1 package for 7 days
  divalto.cloud.backup_export:
    environment: "{{ divalto_environments['acme-production'] }}"
    password_file: /etc/divalto/backup/passwords/acme-production
    days: 7
  register: export
"""

RETURN = r"""
plan:
  description: The package (name, full backup time, databases and files, snapshots, creation and expiry).
  returned: always
  type: dict
record:
  description: The published package's record (path, expiry, every file with its SHA-256 and size).
  returned: when published, also by an earlier run
  type: dict
"""

import datetime as _dt
import json
import os
import stat
import subprocess
import time

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.divalto.cloud.plugins.module_utils.backup.export_area import (
    packages_dir,
    staging_dir,
    tenant_group,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.export_build import build, published
from ansible_collections.divalto.cloud.plugins.module_utils.backup.export_plan import ExportPlanError, plan_package
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restic import restic_argv


def _snapshots(module, argv, key, data_set):
    rc, stdout, stderr = module.run_command(
        argv + ["snapshots", "--json", "--tag", "env:%s,set:%s" % (key, data_set)], environ_update={"LC_ALL": "C"}
    )
    if rc != 0:
        module.fail_json(msg="restic snapshots of %s %s failed (rc %s): %s" % (key, data_set, rc, stderr[-500:]))
    try:
        return json.loads(stdout or "[]") or []
    except ValueError:
        module.fail_json(msg="restic snapshots of %s %s: not JSON: %s" % (key, data_set, stdout[:200]))


def settled_files(root, before):
    """The regular files below ``root`` (no link followed) last modified before ``before`` (epoch seconds): a backup
    SQL Server is still writing is left out."""
    found = []
    for base, dirs, names in os.walk(root):
        dirs.sort()
        for name in names:
            path = os.path.join(base, name)
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < before:
                found.append(path)
    return found


def _dump(argv, path):
    with open(path, "wb") as handle:
        done = subprocess.run(
            argv, stdout=handle, stderr=subprocess.PIPE, env=dict(os.environ, LC_ALL="C"), check=False
        )
    if done.returncode != 0:
        raise ExportPlanError(
            "restic dump to %s failed (rc %s): %s"
            % (path, done.returncode, done.stderr.decode("utf-8", "replace")[-500:])
        )


def main():
    module = AnsibleModule(
        argument_spec=dict(
            environment=dict(type="dict", required=True),
            days=dict(type="int", default=7),
            timezone=dict(type="str", default="Europe/Paris"),
            now=dict(type="str"),
            data_sets=dict(type="list", elements="str", default=["code", "files"]),
            share_root=dict(type="path", default="/srv/sqlbackup"),
            vault_root=dict(type="path", default="/srv/backup"),
            password_file=dict(type="path", required=True, no_log=False),
            area_root=dict(type="path", default="/srv/export"),
            state_dir=dict(type="path", default="/var/lib/divalto/export"),
            executable=dict(type="path", default="restic"),
            settle_minutes=dict(type="int", default=30),
        ),
        supports_check_mode=True,
    )
    params = module.params
    record = params["environment"]
    key, tenant = record.get("key"), record.get("tenant")
    if not key or not tenant:
        module.fail_json(msg="environment: expected an environment record with key and tenant")
    executable = module.get_bin_path(params["executable"], required=True)
    repositories = {
        data_set: os.path.join(params["vault_root"], tenant, "repos", key, data_set) for data_set in params["data_sets"]
    }
    argvs = {
        data_set: restic_argv(executable, repository, params["password_file"])
        for data_set, repository in repositories.items()
    }
    pair_root = os.path.join(params["share_root"], str((record.get("placement") or {}).get("sql")))
    files = settled_files(pair_root, time.time() - 60 * params["settle_minutes"])
    try:
        now = _dt.datetime.fromisoformat(params["now"]) if params["now"] else _dt.datetime.now(_dt.timezone.utc)
    except ValueError:
        module.fail_json(msg="now: expected an ISO 8601 date and time with offset, got %r" % params["now"][:40])
    snapshots = {data_set: _snapshots(module, argv, key, data_set) for data_set, argv in argvs.items()}
    try:
        plan = plan_package(
            record, files, params["share_root"], snapshots, now, params["days"], params["timezone"], params["data_sets"]
        )
        target_dir = packages_dir(params["area_root"], tenant)
        existing = published(params["state_dir"], target_dir, plan)
        if existing is not None:
            module.exit_json(changed=False, plan=plan, record=existing)
        if module.check_mode:
            module.exit_json(changed=True, plan=plan)
        dumps = {
            snapshot["data_set"]: argvs[snapshot["data_set"]] + ["dump", "--archive", "zip", snapshot["id"], "/"]
            for snapshot in plan["snapshots"]
        }
        result = build(
            plan,
            staging_dir(params["area_root"]),
            target_dir,
            params["state_dir"],
            tenant_group(tenant),
            dumps,
            _dump,
        )
    except (ExportPlanError, OSError) as exc:
        module.fail_json(msg="backup export of %s: %s" % (key, exc))
    module.exit_json(changed=True, plan=plan, record=result)


if __name__ == "__main__":
    main()
