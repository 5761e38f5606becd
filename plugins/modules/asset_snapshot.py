#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: asset_snapshot
author: divalto.cloud engineering (@divalto-cloud)
version_added: 0.1.0
short_description: write an asset inventory snapshot and its diff against the previous one
description:
  - Normalises what C(playbooks/asset_inventory.yml) collected on every machine (OS build, installed packages or
    updates, IIS, SQL Server and HPF runtime versions, service-pack directories present) together with the
    environments each machine serves and their service packs (from the inventory), into one snapshot.
  - Writes C(asset-inventory-<stamp>.json) and C(.csv) into O(dest), where C(<stamp>) is O(taken_at) in UTC
    (C(YYYYmmddTHHMMSSZ)), and the diff against the newest older snapshot found in O(dest)
    (C(asset-inventory-diff-<stamp>.json) and C(.md)), that is the machines added, removed, and per machine
    the fields that changed. Older snapshots are kept. See C(docs/reports.md).
  - Runs on the controller, with C(delegate_to) V(localhost).
options:
  collected:
    description:
      - Per machine name, the raw data collected on it, with keys C(machine) (its C(divalto_machine), required),
        C(group_names), C(facts), C(packages), C(hotfixes), C(iis_version), C(iis_sites), C(sql),
        C(hpf_version), C(service_pack_dirs); see C(docs/reports.md) for what each holds.
    type: dict
    required: true
  environments:
    description: The C(divalto_environments) inventory variable.
    type: dict
    required: true
  dest:
    description: Directory of the snapshots; created when missing.
    type: path
    required: true
  taken_at:
    description: When the snapshot was taken, ISO 8601 with an offset; default now.
    type: str
extends_documentation_fragment:
  - divalto.cloud.report_files
"""

EXAMPLES = r"""
- name: Write the snapshot and its diff
  divalto.cloud.asset_snapshot:
    collected: "{{ dict(ansible_play_hosts | zip(ansible_play_hosts | map('extract', hostvars, 'asset_raw'))) }}"
    environments: "{{ divalto_environments }}"
    dest: /srv/reports/assets
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
snapshot:
  description: The snapshot, as written (C(schema), C(taken_at), C(machines)).
  returned: success
  type: dict
  sample:
    schema: 1
    taken_at: "2026-11-29T06:00:00+00:00"
    machines:
      dmz-par1-01: {"role": "reverse_proxy", "os_name": "Debian bookworm", "os_version": "12.8",
                    "packages": {"haproxy": "2.6.12-1+deb12u2"},
                    "environments": {"acme_production": "v2026_erpx13_p223a"}}
diff:
  description: The changes since the previous snapshot (C(previous) is null for the first one).
  returned: success
  type: dict
  sample:
    previous: "2026-11-01T06:00:00+00:00"
    current: "2026-11-29T06:00:00+00:00"
    added: ["fs-par1-01"]
    removed: []
    changed: {"dmz-par1-01": {"packages.haproxy": {"before": "2.6.12-1+deb12u1", "after": "2.6.12-1+deb12u2"}}}
    empty: false
paths:
  description: The files written (or that would be written in check mode), and the previous snapshot compared with.
  returned: success
  type: dict
  sample:
    snapshot: /srv/reports/assets/asset-inventory-20261129T060000Z.json
    csv: /srv/reports/assets/asset-inventory-20261129T060000Z.csv
    diff_json: /srv/reports/assets/asset-inventory-diff-20261129T060000Z.json
    diff_markdown: /srv/reports/assets/asset-inventory-diff-20261129T060000Z.md
    previous: /srv/reports/assets/asset-inventory-20261101T060000Z.json
msg:
  description: A one-line summary.
  returned: always
  type: str
  sample: "4 machines; since 2026-11-01T06:00:00+00:00: 1 added, 0 removed, 1 changed"
"""

import datetime
import json
import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.divalto.cloud.plugins.module_utils.core.report_files import ensure_directory, write_if_changed
from ansible_collections.divalto.cloud.plugins.module_utils.core.service_calendar import CalendarError, parse_timestamp
from ansible_collections.divalto.cloud.plugins.module_utils.reports.asset_inventory import (
    AssetInventoryError,
    build_snapshot,
    diff_snapshots,
    file_names,
    previous_snapshot,
    render_csv,
    render_json,
    render_markdown,
)


def _read_previous(dest, name):
    path = os.path.join(dest, name)
    try:
        with open(path, encoding="utf-8") as handle:
            return path, json.load(handle)
    except ValueError as exc:
        raise AssetInventoryError("previous snapshot %s is not valid JSON: %s" % (path, exc)) from None


def run(module):
    p = module.params
    dest = p["dest"]
    if os.path.exists(dest) and not os.path.isdir(dest):
        module.fail_json(msg="asset_snapshot: dest %s exists and is not a directory" % dest)
    try:
        when = (
            parse_timestamp(p["taken_at"], "taken_at")
            if p["taken_at"]
            else datetime.datetime.now(datetime.timezone.utc)
        )
    except CalendarError as exc:
        module.fail_json(msg="asset_snapshot: %s" % exc)
    when = when.replace(microsecond=0)
    stamp = when.strftime("%Y%m%dT%H%M%SZ")
    try:
        snapshot = build_snapshot(p["collected"], p["environments"], when.isoformat())
        older = previous_snapshot(os.listdir(dest), stamp) if os.path.isdir(dest) else None
        previous_path, previous = _read_previous(dest, older) if older else (None, None)
        diff = diff_snapshots(previous, snapshot)
    except AssetInventoryError as exc:
        module.fail_json(msg="asset_snapshot: %s" % exc)
    names = file_names(stamp)
    paths = {kind: os.path.join(dest, name) for kind, name in names.items()}
    if not module.check_mode:
        ensure_directory(dest)
        write_if_changed(paths["snapshot"], render_json(snapshot))
        write_if_changed(paths["csv"], render_csv(snapshot))
        write_if_changed(paths["diff_json"], render_json(diff))
        write_if_changed(paths["diff_markdown"], render_markdown(diff))
    paths["previous"] = previous_path
    module.exit_json(
        changed=True,
        snapshot=snapshot,
        diff=diff,
        paths=paths,
        msg="%d machines; since %s: %d added, %d removed, %d changed"
        % (
            len(snapshot["machines"]),
            diff["previous"] or "nothing (first snapshot)",
            len(diff["added"]),
            len(diff["removed"]),
            len(diff["changed"]),
        ),
    )


def main():
    module = AnsibleModule(
        argument_spec=dict(
            collected=dict(type="dict", required=True),
            environments=dict(type="dict", required=True),
            dest=dict(type="path", required=True),
            taken_at=dict(type="str"),
        ),
        supports_check_mode=True,
    )
    run(module)


if __name__ == "__main__":
    main()
