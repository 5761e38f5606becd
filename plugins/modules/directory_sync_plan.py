#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: directory_sync_plan
short_description: The DLMT membership sync's plan, per tenant, with its refusals and its guard
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Reads DLMT's export of users (a CSV file on the controller, its format in docs/identity.md), checks it whole
    (every problem named with its line and column), and compares what it grants with the members of the managed
    groups and the accounts read from the directory. Returns the per-tenant plan the C(divalto.cloud.directory)
    role's C(sync) entry point shows, reports and applies.
  - Refused per tenant, nothing changing in a refused tenant while the other tenants proceed (C(status) V(partial) in
    RV(plan), or V(refused) when no other tenant has anything to change) - a user placed in another tenant's group, an
    environment the tenant does not have, a profile its subscription does not license, an account outside its tenant's
    OU or not in the directory, one of the collection's own accounts, more enabled named users of a profile than the
    subscription licenses.
  - Stopped by the guard (V(stopped)) unless O(allow_mass_removal) with a O(reason) - a group losing more than
    O(max_removal_share) of its members (and at least O(mass_removal_min)) or all its members, a run removing more
    than O(max_run_removal_share) of all the managed memberships, an export without users or without any line of
    a tenant whose groups have members, an export
    older than O(max_export_age_hours) (its required C(exported_at) line). An export dated before the one last
    applied (C(exported_at) in O(state_file)) fails - an older export is never applied.
  - Leavers (disabled in the export or in AD, or not in the export) lose their memberships O(grace_days) after
    the first applied run that saw them; that date is kept in O(state_file) (C(state) in RV(plan), written by the role).
extends_documentation_fragment:
  - divalto.cloud.controller_action
options:
  export:
    description: Path of DLMT's export on the controller (CSV, UTF-8, at most 32 MiB).
    type: str
    required: true
  identity:
    description: The C(divalto_identity) inventory variable.
    type: dict
    required: true
  groups:
    description:
      - The groups under the tenants' OU as C(community.general.ldap_search) returns them, with C(member) and
        C(adminDescription). Every group of the model must be there, marked.
    type: list
    elements: raw
    required: true
  users:
    description:
      - The user accounts of the domain as C(community.general.ldap_search) returns them, with C(sAMAccountName),
        C(userAccountControl) and C(adminDescription).
    type: list
    elements: raw
    required: true
  state_file:
    description: The leavers' state of the previous applied run (JSON); missing or empty means none.
    type: str
    default: ""
  state_dir_given:
    description:
      - Whether the directory of O(state_file) was given by the operator (C(directory_sync_report_dir)) rather than
        defaulted next to the playbooks. When it was not and the run is an AWX job (C(awx_job_id) or
        C(tower_job_id) defined), the action fails - the job's project checkout is fresh for every job, so the
        leavers' state would never persist.
    type: bool
    default: false
  now:
    description: The time of the run, ISO 8601 with an offset; the controller's clock when not given.
    type: str
  grace_days:
    description: Days a leaver keeps its memberships after the first applied run that saw it; 0 removes at once.
    type: float
    default: 7
  max_removal_share:
    description: The share (0 to 1) of a group's members a run may remove without O(allow_mass_removal).
    type: float
    default: 0.25
  mass_removal_min:
    description: A group losing fewer members than this never stops the run, whatever the share.
    type: int
    default: 2
  max_run_removal_share:
    description:
      - The share (0 to 1) of all the managed groups' memberships a run may remove without O(allow_mass_removal).
    type: float
    default: 0.25
  max_export_age_hours:
    description: An export older than this stops the run without O(allow_mass_removal).
    type: float
    default: 26
  allow_mass_removal:
    description: Apply although the guard found a mass removal, an empty or a stale export. Never overrides a refusal.
    type: bool
    default: false
  reason:
    description: Why O(allow_mass_removal) is given; required with it, kept in the run report.
    type: str
    default: ""
seealso:
  - module: divalto.cloud.directory_sync_report
  - module: divalto.cloud.directory_plan
"""

EXAMPLES = r"""
- name: Decide the memberships
  divalto.cloud.directory_sync_plan:
    export: /srv/dlmt/users.csv
    identity: "{{ divalto_identity }}"
    groups: "{{ found_groups.results }}"
    users: "{{ found_users.results }}"
    state_file: /var/lib/divalto/directory_sync/directory_sync_state.json
  register: decided
"""

RETURN = r"""
plan:
  description:
    - C(status) (V(ready), V(partial), V(refused) or V(stopped)); C(refused_tenants); C(now); C(export) (C(source),
      C(exported_at), C(exported_at_from), C(users)); C(tenants), per tenant C(add) and C(remove) (C(group), C(account),
      C(dn)), C(leavers) (C(account), C(dn), C(why), C(groups), C(first_seen), C(due), C(grace_over)), C(refused)
      (C(account), C(line), C(why)) and C(licences) (per profile C(group), C(seats), C(named), C(over)); C(refused) (all
      tenants', each with its C(tenant)); C(guard) (C(findings) with C(what) and C(why), C(overridden), C(reason) and
      the settings); C(changes) (C(add) and C(remove), each C(dn) of a group and its C(members); empty unless V(ready)
      or V(partial), never a refused tenant's group); C(state) (the leavers still in their grace period); C(quiet)
      (nothing to report); C(problems) (the refusals then the guard's findings, for the failure message - at most 50,
      then how many more).
  returned: success
  type: dict
  sample:
    status: ready
    changes: {add: [{dn: "CN=gg_acme_production,OU=acme,OU=Tenants,DC=cloud,DC=example,DC=net",
                     members: ["CN=alice,OU=acme,OU=Tenants,DC=cloud,DC=example,DC=net"]}], remove: []}
    quiet: false
"""
