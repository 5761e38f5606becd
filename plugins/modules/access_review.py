#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: access_review
short_description: The access review, per tenant and environment, who can reach it and through what
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - From the directory model, the environment records and what the directory holds (read over LDAPS by the
    C(divalto.cloud.directory) role's C(access_review) entry point), lists per tenant and environment every path of
    access - the members of its security group, its service accounts, the group's rights on its share, the recorded
    SQL Server logins and database users (recorded only - nothing is read live from SQL Server), and per tenant the
    members of its licence groups and the SSH keys its backup vault account accepts; the environment's client SFTP
    accounts (the tenant file's C(client_access), in the environment records) with their rights and keys.
  - Flags every member still granted while disabled, unused (no logon for O(unused_days), or never - from
    C(lastLogonTimestamp), which AD replicates up to 14 days late), outside its tenant's OU, or not an account the
    directory read (a nested group, a foreign principal).
  - Compares the grants with the previous review (O(previous), else the newest C(access_review-*.json) in
    O(report_dir)), which is checked whole - a file that is not a review of this action fails the task.
  - Every input file is checked before it is used and a bad one fails the task naming the file, where in it and a
    short excerpt.
  - Writes the review into O(report_dir) on the controller as
    C(access_review-<the review's time, e.g. 20261201T080000Z>.json) (for machines, and the next review's previous
    one), C(.md) and C(.html) (for the people who sign it off - one page with its style inline, referencing nothing
    outside itself), mode 0640 (accounts, DNs and key fingerprints); each file only when its content differs, and
    atomically (a temporary file renamed over the old one).
  - Returns a summary only (counts, counts per flag, at most 50 findings and 50 grants added and removed, the
    files) - the review itself, about 75 MB of JSON for 2,000 tenants, stays out of the task result, which AWX
    stores as a job event.
notes:
  - Runs on the controller only; it never connects to the host and never changes the directory.
attributes:
  action:
    support: full
    description: An action plugin; the module file holds its documentation only.
  async:
    support: none
    description: Computes and writes on the controller; nothing to run in the background.
  bypass_host_loop:
    support: none
    description: Runs once per host, for that host.
  check_mode:
    support: full
    description: Reviews and compares as outside check mode, writes nothing, and lists the files it would write.
  diff_mode:
    support: none
    description: No diff is produced; the review's own diff against the previous review is in the files.
  platform:
    support: full
    platforms: all
    description: Runs on the controller, whatever the host.
options:
  identity:
    description: The C(divalto_identity) inventory variable.
    type: dict
    required: true
  environments:
    description: The C(divalto_environments) inventory variable (shares, file servers, databases).
    type: dict
    default: {}
  groups:
    description: The groups under the tenants' OU as C(community.general.ldap_search) returns them, with C(member).
    type: list
    elements: raw
    required: true
  accounts:
    description:
      - The domain's users and groups as C(community.general.ldap_search) returns them, with C(objectClass),
        C(sAMAccountName), C(userAccountControl) and C(lastLogonTimestamp).
    type: list
    elements: raw
    required: true
  sql_dir:
    description:
      - Directory of the recorded SQL access, one C(<environment key>.json) per environment (format in
        docs/identity.md); a JSON file named after no environment fails the task. Empty - SQL access not recorded.
    type: str
    default: ""
  vault_keys:
    description:
      - Tenant -> the OpenSSH public keys its backup vault account accepts (C(backup_vault_authorized_keys)); shown
        by fingerprint. Not given - the keys are reported as not recorded.
    type: raw
  previous:
    description: The previous review (JSON). Empty - the newest C(access_review-*.json) in O(report_dir), if any.
    type: str
    default: ""
  report_dir:
    description:
      - Where the reviews are kept, on the controller - this review's files are written there (the directory is
        created when missing), and the previous review is searched there when O(previous) is empty.
    type: str
    required: true
  report_dir_given:
    description:
      - Whether O(report_dir) was given by the operator (C(access_review_report_dir)) rather than defaulted next to
        the playbooks. When it was not and the run is an AWX job (C(awx_job_id) or C(tower_job_id) defined), the
        action fails - the job's project checkout is fresh for every job, so no review would find its previous one.
    type: bool
    default: false
  unused_days:
    description: Days without a logon after which a granted account is flagged unused.
    type: int
    default: 90
  now:
    description: The time of the review, ISO 8601 with an offset; the controller's clock when not given.
    type: str
seealso:
  - module: divalto.cloud.directory_sync_plan
"""

EXAMPLES = r"""
- name: Review who can reach each environment
  divalto.cloud.access_review:
    identity: "{{ divalto_identity }}"
    environments: "{{ divalto_environments }}"
    groups: "{{ found_groups.results }}"
    accounts: "{{ found_accounts.results }}"
    sql_dir: /var/lib/divalto/access_review/sql
    report_dir: /var/lib/divalto/access_review
  register: reviewed
"""

RETURN = r"""
summary:
  description: Counts - C(tenants), C(environments), C(grants), C(findings), C(added), C(removed).
  returned: success
  type: dict
  sample: {tenants: 2, environments: 3, grants: 24, findings: 2, added: 1, removed: 0}
flags:
  description:
    - Flag -> how many findings carry it - V(disabled), V(unused), V(never_logged_on), V(outside_ou),
      V(unresolved), V(nested_group), V(account_missing) (a service account the directory does not hold).
  returned: success
  type: dict
  sample: {disabled: 1, outside_ou: 1}
findings:
  description: The findings as lines for the job's output, at most 50 then how many more (the files list them all).
  returned: success
  type: list
  elements: str
  sample: ["acme production: bob (group gg_acme_production): disabled account still granted"]
diff:
  description:
    - The comparison with the previous review - C(previous) (its file, null for the first review),
      C(previous_time), and at most 50 of the grants C(added) and 50 of those C(removed) (RV(summary) counts them
      all; the files list them all). A grant is C(tenant), C(environment) (empty for a tenant-wide grant), C(path),
      C(principal), C(detail).
  returned: success
  type: dict
  sample:
    previous: reports/access_review-20260901T080000Z.json
    previous_time: "2026-09-01T08:00:00Z"
    added: []
    removed: [{tenant: acme, environment: production, path: group gg_acme_production, principal: mallory,
               detail: member}]
json_path:
  description:
    - The JSON review - C(kind) (V(access_review)), C(version), C(time), C(unused_days); C(tenants) (per tenant
      C(ou), C(environments) with C(key), C(group) (C(name), C(dn), C(found), C(members)), C(service_accounts),
      C(shares), C(databases), C(sql), C(sftp), then C(licence_groups) and C(vault) (C(account), C(status),
      C(public_keys))); C(grants); C(findings) (C(tenant), C(environment), C(path), C(principal), C(flag), C(why));
      C(diff) (whole); C(sources).
    - A member is C(account), C(dn), C(kind) (V(user), V(computer), V(group) or V(unknown)), C(enabled),
      C(last_logon) (UTC, null - never) and C(flags).
  returned: success
  type: str
  sample: /var/lib/divalto/access_review/access_review-20261201T080000Z.json
markdown_path:
  description: The Markdown review.
  returned: success
  type: str
  sample: /var/lib/divalto/access_review/access_review-20261201T080000Z.md
html_path:
  description: The self-contained HTML review.
  returned: success
  type: str
  sample: /var/lib/divalto/access_review/access_review-20261201T080000Z.html
written:
  description:
    - The files written, those whose content changed; in check mode, those that would be (nothing is written).
      The task is changed when it is not empty.
  returned: success
  type: list
  elements: str
  sample: [/var/lib/divalto/access_review/access_review-20261201T080000Z.html]
"""
