#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: restore_plan
short_description: Plan a point-in-time restore, a disaster-recovery failover or a drill from the backup history
version_added: 0.1.0
description:
  - Computes, without touching any machine, what C(playbooks/restore.yml), C(playbooks/dr_failover.yml) and
    C(playbooks/dr_drill.yml) restore. The rules are in the collection's C(docs/restore.md).
  - With O(mode=restore), for one tenant environment and a point in time, per database the restore chain (the latest
    full backup that is not copy-only at or before the time, the latest differential based on it, then the
    continuous log backups up to the first one covering the time) and per data set (code, files) the restic
    snapshot at or before the time; the target is the same environment or another environment of the same tenant
    (a target of another tenant is refused naming both tenants); the safety backup of the target; the
    neutralisation steps when the target is not production.
  - Fails, with a message naming the database, the backup files and times, for a time before the first full backup,
    a gap in the log chain, a time in the future or after the last log backup, a differential whose base full
    backup is not in the history, a database without backups or without a counterpart in the target.
  - With O(mode=failover) or O(mode=drill), every environment outside the recovery datacenter (or those of
    O(tenant)) in priority order, each restored to its latest restorable state at O(decision_time), with the
    achieved data loss per data set against the backup policy's RPO; a failover needs O(confirm) equal to the
    recovery datacenter's name; a drill restores into databases suffixed O(drill_suffix) and directories under
    O(drill_root), and plans no DMZ step.
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
  mode:
    description: What to plan.
    type: str
    choices: [restore, failover, drill]
    default: restore
  environments:
    description: The C(divalto_environments) inventory variable.
    type: dict
    required: true
  platform:
    description:
      - The C(divalto_platform) inventory variable (datacenters, pools, HA pairs, optional C(backup) policy).
      - Required for O(mode=failover) and O(mode=drill); in O(mode=restore) it gives the time zone of the SQL
        Server wall-clock restore time (Europe/Paris when omitted).
    type: dict
  tenant:
    description:
      - The tenant. Required for O(mode=restore); for a failover or drill, only its environments are planned.
    type: str
  source:
    description: The environment to restore from, its type (V(production)) or its key (V(acme_production)).
    type: str
  target:
    description: The environment to restore into, of the same tenant; defaults to O(source).
    type: str
  point_in_time:
    description: The time to restore to, ISO 8601 with a UTC offset. Required for O(mode=restore).
    type: str
  decision_time:
    description:
      - The time the failover was decided, ISO 8601 with a UTC offset; defaults to O(now).
      - The data loss is measured from it.
    type: str
  now:
    description: The current time, ISO 8601 with a UTC offset; defaults to the controller's clock.
    type: str
  sql_history:
    description:
      - SQL Server backup sets, as C(Get-DbaDbBackupHistory) returns them (or msdb C(backupset) rows).
    type: list
    elements: dict
    default: []
  restic_snapshots:
    description: C(restic snapshots --json) objects, tagged C(env:<environment key>) and C(set:<code|files>).
    type: list
    elements: dict
    default: []
  neutralise_steps:
    description:
      - Neutralisation steps run in a non-production target, each C(name), C(sql), optional C(database) (the
        database role, V(erp) by default) and C(description); a step's C(option) and C(reason) (why it runs) are
        kept in the plan.
      - Defaults to every placeholder step of the collection (outgoing mail, scheduled jobs, EBICS, external
        connectors); C(playbooks/restore.yml) gives those the platform's C(neutralisation) settings select for the
        target's licensed options.
    type: list
    elements: dict
  scope:
    description:
      - For O(mode=restore), what is restored - V(both) the databases and the files, V(databases) only, V(files) only.
    type: str
    choices: [both, databases, files]
    default: both
  paths:
    description:
      - For O(mode=restore) with O(scope=files) or O(scope=both), only these files or folders, each relative to the
        environment directory and starting with one of its directories (C(erp_files/2026/11/invoice-4711.pdf)), as the
        request check of C(playbooks/restore.yml) normalised them.
      - Restored into the side directory C(<environment directory>/restored/<stamp>/) unless O(in_place).
    type: list
    elements: str
    default: []
  in_place:
    description:
      - Restore O(paths) in place, replacing them (after a safety backup), instead of into the side directory.
    type: bool
    default: false
  stamp:
    description:
      - The name of the side directory, the run's UTC time as C(YYYYMMDDTHHMMSSZ). Required with O(paths) unless
        O(in_place).
    type: str
  priorities:
    description: Failover priority of production tenants, tenant name to integer, lower first.
    type: dict
    default: {}
  confirm:
    description: For O(mode=failover), the recovery datacenter's name typed by the operator.
    type: str
  drill_suffix:
    description: Suffix of the drill databases.
    type: str
    default: _drill
  drill_root:
    description: Directory, relative to the tenant root, under which a drill restores the directories.
    type: str
    default: drill
"""

EXAMPLES = r"""
- name: Plan the restore of acme's production at 14:30 into staging
  divalto.cloud.restore_plan:
    environments: "{{ divalto_environments }}"
    platform: "{{ divalto_platform }}"
    tenant: acme
    source: production
    target: staging
    point_in_time: "2026-11-26T14:30:00+01:00"
    sql_history: "{{ sql_history }}"
    restic_snapshots: "{{ restic_snapshots }}"
  register: restore

- name: Plan a failover into the recovery datacenter
  divalto.cloud.restore_plan:
    mode: failover
    confirm: "{{ dr_confirm }}"
    environments: "{{ divalto_environments }}"
    platform: "{{ divalto_platform }}"
    sql_history: "{{ sql_history }}"
    restic_snapshots: "{{ restic_snapshots }}"
    priorities: {cobalt: 1}
  register: failover
"""

RETURN = r"""
plan:
  description:
    - For O(mode=restore) C(tenant), C(source), C(target), C(point_in_time) (UTC), C(target_production),
      C(databases) (per database C(role), C(source_database), C(target_database), C(full), C(differential),
      C(logs) (each C(kind), C(start), C(end), C(first_lsn), C(last_lsn), C(paths)), C(files) (every backup
      file in restore order), C(restore_point), C(restore_time) (C(HH:MM:SS MM/DD/YYYY) in the SQL Server's time
      zone, or null when the restore ends exactly at a backup's end)), C(data_sets) (per data set C(snapshot),
      C(short_id), C(time), C(paths), C(directories) with C(name), C(source_path), C(tree_path), C(target)),
      C(safety_backup) (C(databases), C(data_sets)), C(neutralise) (C(name), C(description), C(database),
      C(sql), and C(option) and C(reason) when the step has them) and C(steps); C(scope), C(paths), C(in_place),
      C(side_directory) (relative to the tenant root, or null) and C(quiesce) (true when something of the target is
      replaced, so that it is quiesced first). With O(paths) each entry of C(directories) is one path, with C(path)
      and C(replace).
    - For O(mode=failover) or O(mode=drill) C(mode), C(datacenter), C(decision_time), C(placement),
      C(rpo_hours), C(targets), C(environments) (in order, each C(rank), C(key), C(tenant), C(type),
      C(production), C(from), C(to), C(databases), C(data_sets), C(last_backup), C(data_loss_hours),
      C(within_rpo), C(errors), C(status) V(ready) or V(incomplete)), C(steps), C(dmz_proxies) (null in a
      drill) and C(dr_environments) (the environments as they run in the recovery datacenter).
  returned: success
  type: dict
  sample:
    tenant: acme
    source: acme_production
    target: acme_staging
    point_in_time: "2026-11-26T13:30:00+00:00"
    target_production: false
    databases:
      - role: erp
        source_database: acme_production_erp
        target_database: acme_staging_erp
        files: ['\\vault\sql\FULL\acme_production_erp_FULL_20261122_200030.bak']
        restore_time: "14:30:00 11/26/2026"
    data_sets:
      - {data_set: code, snapshot: 2852d0c0aa, short_id: 2852d0c0, time: "2026-11-25T21:00:00+00:00"}
    steps: [safety_backup, restore_databases, restore_files, neutralise]
"""

from ansible.module_utils.basic import AnsibleModule  # noqa: E402

from ansible_collections.divalto.cloud.plugins.module_utils.backup.dr import (  # noqa: E402
    DrError,
    check_confirmation,
    plan_failover,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_plan import (  # noqa: E402
    RestorePlanError,
    plan_restore,
    policy_timezone,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            mode=dict(type="str", choices=["restore", "failover", "drill"], default="restore"),
            environments=dict(type="dict", required=True),
            platform=dict(type="dict"),
            tenant=dict(type="str"),
            source=dict(type="str"),
            target=dict(type="str"),
            point_in_time=dict(type="str"),
            decision_time=dict(type="str"),
            now=dict(type="str"),
            sql_history=dict(type="list", elements="dict", default=[]),
            restic_snapshots=dict(type="list", elements="dict", default=[]),
            neutralise_steps=dict(type="list", elements="dict"),
            priorities=dict(type="dict", default={}),
            scope=dict(type="str", choices=["both", "databases", "files"], default="both"),
            paths=dict(type="list", elements="str", default=[]),
            in_place=dict(type="bool", default=False),
            stamp=dict(type="str"),
            confirm=dict(type="str"),
            drill_suffix=dict(type="str", default="_drill"),
            drill_root=dict(type="str", default="drill"),
        ),
        required_if=[
            ("mode", "restore", ("tenant", "source", "point_in_time")),
            ("mode", "failover", ("platform", "confirm")),
            ("mode", "drill", ("platform",)),
        ],
        supports_check_mode=True,
    )
    params = module.params
    try:
        if params["mode"] == "restore":
            plan = plan_restore(
                params["environments"],
                params["tenant"],
                params["source"],
                params["point_in_time"],
                params["sql_history"],
                params["restic_snapshots"],
                target=params["target"],
                now=params["now"],
                timezone=policy_timezone(params["platform"]),
                steps=params["neutralise_steps"],
                scope=params["scope"],
                paths=params["paths"],
                in_place=params["in_place"],
                stamp=params["stamp"],
            )
        else:
            if params["mode"] == "failover":
                check_confirmation(params["platform"], params["confirm"])
            plan = plan_failover(
                params["platform"],
                params["environments"],
                params["sql_history"],
                params["restic_snapshots"],
                params["decision_time"],
                priorities=params["priorities"],
                tenant=params["tenant"],
                drill=params["mode"] == "drill",
                drill_suffix=params["drill_suffix"],
                drill_root=params["drill_root"],
                now=params["now"],
            )
    except (RestorePlanError, DrError) as error:
        module.fail_json(msg="cannot plan the %s: %s" % (params["mode"], error))
    module.exit_json(changed=False, plan=plan)


if __name__ == "__main__":
    main()
