#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: service_pack
author: divalto.cloud engineering (@divalto-cloud)
version_added: 0.1.0
short_description: immutable service-pack directories on a POSIX file server
description:
  - Makes O(root) hold the service packs and hotfix levels listed in O(versions), each in its own directory
    C(<root>/<version>/), installed once and never modified afterwards.
  - A missing version is installed all-or-nothing. The artifact's SHA-256 is checked B(before) anything is written;
    the archive (zip, tar.gz or tgz) is extracted into a temporary directory inside O(root)
    (C(.tmp-<version>-<random>)), refusing members with an absolute path or C(..), members under a symbolic
    link, symbolic links leaving the tree, devices and FIFOs; the manifest C(.divalto-manifest.json) is written
    into it, then it is renamed into place in one step. On any failure the temporary directory is removed.
  - A version already present is verified, never repaired. The module fails, naming the version, when its
    manifest is missing or unreadable, when the manifest's artifact checksum differs from O(versions), or when
    files were added, removed or modified since the installation (they are named).
  - Verification and the prune plan come first, so such failures change nothing. With several versions to install,
    each is all-or-nothing and a failure reports the versions installed before it.
  - With O(prune=true), version directories not listed in O(versions) are removed, unless listed in O(in_use),
    in which case the module fails naming them and changes nothing. Entries of O(root) whose names are not versions
    (including C(.tmp-*) leftovers of an interrupted run) are never touched and are returned in RV(unknown).
  - Runs on the Linux file server (standard library only). The Windows path is described in docs/service_packs.md.
options:
  root:
    description:
      - The directory holding one sub-directory per version. It must exist (create it with M(ansible.builtin.file)).
    type: path
    required: true
  versions:
    description:
      - The versions that must be present, usually taken from the C(divalto_service_packs) catalogue.
    type: list
    elements: dict
    required: true
    suboptions:
      version:
        description: The version, such as V(v2026_erpx13_p223a); also the directory name.
        type: str
        required: true
      artifact:
        description: The artifact's file name in O(source), ending in C(.zip), C(.tar.gz) or C(.tgz).
        type: str
        required: true
      sha256:
        description: The artifact's SHA-256, 64 hexadecimal characters.
        type: str
        required: true
      released:
        description: Accepted and ignored, so that catalogue entries can be passed as they are.
        type: str
      kind:
        description: Accepted and ignored, so that catalogue entries can be passed as they are.
        type: str
  source:
    description:
      - The directory on the managed host where the artifacts are, for example a mounted package share or a staging
        directory filled beforehand with M(ansible.builtin.copy) or M(ansible.builtin.get_url).
      - Needed only when a version has to be installed.
    type: path
  state:
    description:
      - V(present) installs missing versions. V(verified) only verifies and fails when a version is missing.
    type: str
    choices: [present, verified]
    default: present
  prune:
    description:
      - Remove version directories not listed in O(versions) (never one listed in O(in_use)). Needs
        O(state=present).
    type: bool
    default: false
  in_use:
    description:
      - Versions still referenced by environments. O(prune=true) fails rather than remove one of them.
    type: list
    elements: str
    default: []
  owner:
    description: Owner (name or numeric id) of every installed entry; default the user running the module.
    type: str
  group:
    description: Group (name or numeric id) of every installed entry; default that user's group.
    type: str
  mode:
    description:
      - Mode of the installed files, a quoted octal string such as V('0644'). Directories get it plus the
        execute bit wherever read is granted (V('0644') gives V('0755')). Symbolic links are left alone.
      - Default V('0644') for files (V('0755') when the archive marks them executable) and V('0755') for
        directories, before the umask.
    type: str
notes:
  - The tree digest covers paths, file contents, symbolic-link targets and directories, not owners, modes or
    timestamps; see docs/service_packs.md for the manifest format.
  - Hard links in a tar archive become copies. Backslashes in member names are taken as separators.
attributes:
  check_mode:
    support: full
    description:
      - Verifies the installed versions, checks the artifacts' checksums and members and plans the prune exactly as a
        normal run, without writing anything. RV(versions) gives V(null) digests for versions it would install.
  diff_mode:
    support: full
    description: The sorted lists of installed versions before and after.
seealso:
  - module: ansible.builtin.unarchive
    description: Extracts in place, without checksum-first, atomic rename or tamper detection.
"""

EXAMPLES = r"""
- name: Service packs wanted on this file server (catalogue entries plus their version)
  ansible.builtin.set_fact:
    __service_pack_wanted: >-
      {{ __versions | map('community.general.dict_kv', 'version')
         | zip(__versions | map('extract', divalto_service_packs))
         | map('combine') | list }}
  vars:
    __versions: [v2026_erpx13_p223a, v2026_erpx13_p224]

- name: Install the missing versions, verify the others
  divalto.cloud.service_pack:
    root: /srv/divalto/packs
    source: /srv/divalto/staging
    versions: "{{ __service_pack_wanted }}"
    owner: root
    group: divalto-packs
    mode: "0644"

- name: Remove versions no environment uses any more
  divalto.cloud.service_pack:
    root: /srv/divalto/packs
    versions: "{{ __service_pack_wanted }}"
    prune: true
    in_use: "{{ divalto_environments.values() | map(attribute='service_pack') | unique | list }}"

- name: Only verify (for example from a nightly audit job)
  divalto.cloud.service_pack:
    root: /srv/divalto/packs
    versions: "{{ __service_pack_wanted }}"
    state: verified
"""

RETURN = r"""
installed:
  description: Versions installed by this run (in check mode, that would be installed).
  returned: always
  type: list
  elements: str
  sample: [v2026_erpx13_p224]
removed:
  description: Versions removed by O(prune) (in check mode, that would be removed).
  returned: always
  type: list
  elements: str
  sample: [v2025_erpx12_p310]
present:
  description: Every version directory under O(root) after the run (in check mode, as it would be).
  returned: always
  type: list
  elements: str
  sample: [v2026_erpx13_p223a, v2026_erpx13_p224]
verified:
  description: Versions of O(versions) that were already installed and were verified intact against their manifest.
  returned: always
  type: list
  elements: str
  sample: [v2026_erpx13_p223a]
extra:
  description: Version directories kept although not in O(versions) (O(prune=false)).
  returned: always
  type: list
  elements: str
  sample: []
unknown:
  description: Entries of O(root) that are not version directories, left alone (C(.tmp-*) leftovers included).
  returned: always
  type: list
  elements: str
  sample: [README.txt]
in_use:
  description: O(in_use), sorted and without duplicates.
  returned: always
  type: list
  elements: str
  sample: [v2026_erpx13_p223a]
versions:
  description: Each version of O(versions) with its directory, tree digest and installation time (UTC).
  returned: always
  type: dict
  sample:
    v2026_erpx13_p223a:
      path: /srv/divalto/packs/v2026_erpx13_p223a
      tree_digest: 4eaced0961920d99e6038e98255982e1d4b94d2b8113ef569aae66d5d109a636
      installed_at: "2026-09-30T21:04:11Z"
tampered:
  description: On a verification failure, per version, the files added, removed and modified since installation.
  returned: failure
  type: dict
  sample: {"v2026_erpx13_p223a": {"added": ["new.txt"], "removed": [], "modified": ["sys/DivaltoServer.cfg"]}}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.divalto.cloud.plugins.module_utils.service_pack.directories import ServicePackError, ensure


def run(module):
    p = module.params
    try:
        result = ensure(
            p["root"],
            p["versions"],
            source=p["source"],
            state=p["state"],
            prune=p["prune"],
            in_use=p["in_use"],
            owner=p["owner"],
            group=p["group"],
            mode=p["mode"],
            check_mode=module.check_mode,
        )
    except ServicePackError as exc:
        module.fail_json(msg=str(exc), **exc.details)
    diff = result.pop("diff")
    if module._diff:
        result["diff"] = diff
    module.exit_json(**result)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            root=dict(type="path", required=True),
            versions=dict(
                type="list",
                elements="dict",
                required=True,
                options=dict(
                    version=dict(type="str", required=True),
                    artifact=dict(type="str", required=True),
                    sha256=dict(type="str", required=True),
                    released=dict(type="str"),
                    kind=dict(type="str"),
                ),
            ),
            source=dict(type="path"),
            state=dict(type="str", choices=["present", "verified"], default="present"),
            prune=dict(type="bool", default=False),
            in_use=dict(type="list", elements="str", default=[]),
            owner=dict(type="str"),
            group=dict(type="str"),
            mode=dict(type="str"),
        ),
        supports_check_mode=True,
    )
    run(module)


if __name__ == "__main__":
    main()
