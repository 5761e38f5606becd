#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: tenant_offboarding
short_description: Keep, on the backup vault, the record of a tenant's offboarding, and erase its backups at the end
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Runs on the backup vault that built the tenant's data-return packages (C(offboard_tenant.yml),
    docs/offboarding.md). The record, C(<state_dir>/offboarding/<tenant>.json), is the only memory of a tenant
    that has left the registry; every read checks it whole.
  - C(step=read) returns the record and the step this run takes (C(return), C(decommission), C(wait), C(erase) or
    C(done)), or fails saying what to do first (for example, acknowledging the return while the tenant file is
    still in the registry).
  - C(step=returned) writes the record of the return from the tenant's environment records and the
    C(divalto.cloud.backup_export) records of their packages.
  - C(step=verify) reads every returned package again against the SHA-256 the record holds, and fails listing
    every difference (a package gone, a file changed, missing or added). Nothing is destroyed before this passes.
  - C(step=decommissioned) records that every environment was removed and the date after which the backups may be
    erased (C(retention_days) from now).
  - C(step=erase_plan) lists what the vault still holds of the tenant (its backup and download accounts and group,
    its repositories, download area, package records and SQL Server backup directories), changing nothing.
  - C(step=erase), after that date, removes those directories and writes the erasure record (what was removed,
    where, when, by which run, with the returned packages' checksums). The accounts and the group are removed
    before it by the playbook, with C(ansible.builtin.user) and C(ansible.builtin.group).
options:
  tenant:
    description: The tenant's name.
    type: str
    required: true
  step:
    description: What to do (see the description).
    type: str
    required: true
    choices: [read, returned, verify, decommissioned, erase_plan, erase]
  state_dir:
    description: The vault's state directory (C(backup_vault_state_dir)); the record is below it, in C(offboarding).
    type: path
    default: /var/lib/divalto/backup
  in_registry:
    description: With C(step=read), whether the tenant still has a tenant file in the registry.
    type: bool
    default: true
  acknowledged:
    description: With C(step=read), whether the run acknowledges that the client has its data.
    type: bool
    default: false
  environments:
    description: With C(step=returned), the tenant's environment records (key -> C(divalto_environments[key])).
    type: dict
  exports:
    description: With C(step=returned), the records C(divalto.cloud.backup_export) returned, one per environment.
    type: list
    elements: dict
  retention_days:
    description: With C(step=decommissioned), how many days the backups are kept after the decommissioning.
    type: int
    default: 30
  run:
    description: Who or what runs this step (the AWX job or the operator and host), kept in the record.
    type: str
    default: ansible-playbook
  now:
    description: The time of the step (ISO 8601 with offset); default the vault's clock. For tests and replays.
    type: str
  vault_root:
    description: The parent of the tenants' restic repositories (C(backup_vault_root)).
    type: path
    default: /srv/backup
  export_root:
    description: The download area (C(backup_vault_export_root)).
    type: path
    default: /srv/export
  export_state_dir:
    description: The packages' records (C(backup_vault_export_state_dir)).
    type: path
    default: /var/lib/divalto/export
  sql_share_path:
    description: The directory of the SQL backup share (C(backup_vault_sql_share_path)).
    type: path
    default: /srv/sqlbackup
  config_dir:
    description: The vault's configuration directory (C(backup_vault_config_dir)), with the repository passwords.
    type: path
    default: /etc/divalto/backup
  fresh_since:
    description:
      - With C(step=returned), when the run's final backups started (ISO 8601 with offset); a package built from
        older backups is refused. Omitted when the run took no final backups.
    type: str
  days:
    description: With C(step=returned), the return period; a package published earlier that expires before its end
      is refused.
    type: int
attributes:
  check_mode:
    support: full
    description: Reads, plans and verifies; writes no record and removes nothing.
  diff_mode:
    support: full
    description: The record before and after, for the steps that write it.
extends_documentation_fragment:
  - divalto.cloud.read_only.linux
"""

EXAMPLES = r"""
- name: Read where the offboarding of acme stands, and which step this run takes
  divalto.cloud.tenant_offboarding:
    tenant: acme
    step: read
    in_registry: "{{ 'acme' in divalto_environments.values() | map(attribute='tenant') }}"
    acknowledged: "{{ offboard_returned | default('') == 'acme' }}"
  register: offboarding
"""

RETURN = r"""
record:
  description: The record (as read with C(step=read), else as written), or null when there is none yet.
  returned: always
  type: dict
next:
  description: With C(step=read), C({step, message}) for this run.
  returned: when step is read
  type: dict
path:
  description: Where the record is kept.
  returned: always
  type: str
verified:
  description: With C(step=verify), the packages read again, each C({environment, package, path}).
  returned: when step is verify
  type: list
  elements: dict
targets:
  description: With C(step=erase_plan) or C(step=erase), the C({tenant, accounts, groups, paths}) of the tenant.
  returned: when step is erase_plan or erase
  type: dict
"""

import datetime as _dt
import glob
import json
import os
import shutil

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.divalto.cloud.plugins.module_utils.backup import offboarding
from ansible_collections.divalto.cloud.plugins.module_utils.backup.export_build import (
    ExportBuildError,
    file_sha256,
    verify,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError


def _read(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _write(path, record):
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(record, handle, indent=2, sort_keys=True)
        handle.write("\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _files(directory):
    """name -> {sha256, size} of every file below ``directory`` but its SHA256SUMS."""
    files = {}
    for base, _dirs, names in os.walk(directory):
        for name in names:
            path = os.path.join(base, name)
            relative = os.path.relpath(path, directory)
            if relative != "SHA256SUMS":
                files[relative] = {"sha256": file_sha256(path), "size": os.path.getsize(path)}
    return files


def _found(record):
    """Each recorded package as it is on the vault now (path -> file -> {sha256, size}; a missing one is absent),
    and, for a package whose files are those of the record, what its own SHA256SUMS says against it (so that a
    client checking the package with it finds it sound too), each file read once."""
    found, reasons = {}, []
    for entry in record["packages"]:
        if not os.path.isdir(entry["path"]):
            continue
        found[entry["path"]] = _files(entry["path"])
        if found[entry["path"]] == entry["files"]:
            try:
                verify(entry["path"], {name: facts["sha256"] for name, facts in found[entry["path"]].items()})
            except ExportBuildError as exc:
                reasons.append("%s: %s" % (entry["environment"], exc))
    return found, reasons


def _sql_directories(record, share):
    """The directories ``<share>/<pair>/<server>/<database>`` of the record's databases: real directories only, no
    link on the way (a link could lead the erasure out of the share)."""
    share = os.path.realpath(share)
    paths = set()
    for environment in record["environments"].values():
        pair = environment["placement"]["sql"]
        for database in (environment.get("databases") or {}).values():
            for path in glob.glob(os.path.join(glob.escape(share), glob.escape(pair), "*", glob.escape(database))):
                if os.path.realpath(path) == path and os.path.isdir(path):
                    paths.add(path)
    return sorted(paths)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            tenant=dict(type="str", required=True),
            step=dict(
                type="str",
                required=True,
                choices=["read", "returned", "verify", "decommissioned", "erase_plan", "erase"],
            ),
            state_dir=dict(type="path", default="/var/lib/divalto/backup"),
            in_registry=dict(type="bool", default=True),
            acknowledged=dict(type="bool", default=False),
            environments=dict(type="dict"),
            exports=dict(type="list", elements="dict"),
            retention_days=dict(type="int", default=30),
            run=dict(type="str", default="ansible-playbook"),
            now=dict(type="str"),
            vault_root=dict(type="path", default="/srv/backup"),
            export_root=dict(type="path", default="/srv/export"),
            export_state_dir=dict(type="path", default="/var/lib/divalto/export"),
            sql_share_path=dict(type="path", default="/srv/sqlbackup"),
            config_dir=dict(type="path", default="/etc/divalto/backup"),
            fresh_since=dict(type="str"),
            days=dict(type="int"),
        ),
        required_if=[("step", "returned", ("environments", "exports"))],
        supports_check_mode=True,
    )
    params = module.params
    step = params["step"]
    try:
        tenant = offboarding.tenant_name(params["tenant"])
        path = offboarding.record_path(params["state_dir"], tenant)
        now = offboarding.instant(params["now"], "now") if params["now"] else _dt.datetime.now(_dt.timezone.utc)
        before = offboarding.parse_record(_read(path), tenant, path)
        result = {"changed": False, "path": path, "record": before}
        if step == "read":
            result["next"] = offboarding.next_step(before, tenant, params["in_registry"], params["acknowledged"], now)
            module.exit_json(**result)
        if step == "returned":
            fresh = offboarding.instant(params["fresh_since"], "fresh_since") if params["fresh_since"] else None
            after = offboarding.returned_record(
                tenant, params["environments"], params["exports"], now, params["run"], fresh, params["days"]
            )
            if before is not None and before.get("stage") != "returned":
                raise offboarding.OffboardingError("%s: the tenant is already %s" % (path, before["stage"]))
            if before is not None and before.get("packages") == after["packages"]:
                module.exit_json(**result)
        elif before is None:
            raise offboarding.OffboardingError("%s: no offboarding record of %s" % (path, tenant))
        elif step == "verify":
            found, reasons = _found(before)
            problems = reasons + offboarding.verify_packages(before, found, now)
            if problems:
                module.fail_json(
                    msg="the returned packages of %s are not as they were returned: %s" % (tenant, "; ".join(problems)),
                    problems=problems,
                    **result,
                )
            result["verified"] = [
                {key: entry[key] for key in ("environment", "package", "path")} for entry in before["packages"]
            ]
            module.exit_json(**result)
        elif step == "decommissioned":
            if before["stage"] != "returned":
                module.exit_json(**result)
            after = offboarding.decommissioned_record(before, now, params["retention_days"], params["run"])
        else:
            sql = _sql_directories(before, params["sql_share_path"]) if before["stage"] == "decommissioned" else []
            targets = offboarding.erase_targets(
                before,
                params["vault_root"],
                params["export_root"],
                params["export_state_dir"],
                params["sql_share_path"],
                sql,
                params["config_dir"],
            )
            result["targets"] = targets
            if step == "erase_plan" or before["stage"] == "erased":
                module.exit_json(**result)
            removed = [target for target in targets["paths"] if os.path.lexists(target)]
            after = offboarding.erased_record(
                before,
                {
                    "vault": os.uname()[1],
                    "accounts": targets["accounts"],
                    "groups": targets["groups"],
                    "paths": removed,
                },
                now,
                params["run"],
            )
            if not module.check_mode:
                for target in removed:
                    if os.path.isdir(target) and not os.path.islink(target):
                        shutil.rmtree(target)
                    else:
                        os.remove(target)
    except DivaltoError as exc:
        module.fail_json(msg="offboarding of %s: %s" % (params["tenant"][:40], exc))
    except OSError as exc:
        module.fail_json(msg="offboarding of %s: %s" % (params["tenant"][:40], exc))
    result.update(changed=True, record=after)
    if module._diff:
        result["diff"] = {
            "before": json.dumps(before, indent=2, sort_keys=True) + "\n" if before else "",
            "after": json.dumps(after, indent=2, sort_keys=True) + "\n",
            "before_header": path,
            "after_header": path,
        }
    if not module.check_mode:
        _write(path, after)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
