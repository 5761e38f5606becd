#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: service_pack_windows
short_description: The manifest, tamper check and pruning of service-pack versions on a Windows file server
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - What the C(divalto.cloud.service_pack) role decides on a Windows file server from what C(ansible.windows.win_find)
    returned (on Linux the C(divalto.cloud.service_pack) module does all of it on the machine); docs/service_packs.md.
  - O(stage=manifest) - the manifest to write into a freshly extracted version directory O(top) (the same format as
    the Linux module's), from its files with their SHA-256 checksums.
  - O(stage=tamper) - whether the installed version directory O(top) still matches its O(manifest); RV(problem) is
    null when it does, else names the version and what differs (modified, missing or added files, another artifact).
  - O(stage=prune) - which version directories to remove; with O(prune=false), none (the extra ones are reported as
    kept). A version still in use is never removed - the task fails naming it.
  - Files of another shape than win_find's fail the task naming the value.
extends_documentation_fragment:
  - divalto.cloud.controller_action
options:
  stage:
    description: Which decision.
    type: str
    required: true
    choices: [manifest, tamper, prune]
  files:
    description: With O(stage=manifest) or O(stage=tamper), the C(files) of C(ansible.windows.win_find) over O(top)
      (recursive, hidden files, C(sha256) checksums).
    type: list
    elements: dict
  top:
    description: With O(stage=manifest) or O(stage=tamper), the version directory.
    type: str
  entry:
    description: With O(stage=manifest) or O(stage=tamper), the catalogue entry of the version (C(version),
      C(artifact), C(sha256)).
    type: dict
  manifest:
    description: With O(stage=tamper), the manifest read from the directory; null when there is none.
    type: raw
  present:
    description: With O(stage=prune), the names of the directories under the service-pack root.
    type: list
    elements: str
  wanted:
    description: With O(stage=prune), the versions the file server must hold.
    type: list
    elements: str
  in_use:
    description: With O(stage=prune), the versions an environment of the file server runs.
    type: list
    elements: str
  prune:
    description: With O(stage=prune), remove the versions no longer wanted.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Write the manifest
  divalto.cloud.service_pack_windows:
    stage: manifest
    files: "{{ tree.files }}"
    top: D:\divalto\service_packs\.tmp-v2026_erpx13_p224
    entry: {version: v2026_erpx13_p224, artifact: v2026_erpx13_p224.zip, sha256: "{{ '0' * 64 }}"}
  register: manifest
"""

RETURN = r"""
manifest:
  description: With O(stage=manifest), the manifest (C(format), C(version), C(artifact), C(sha256), C(installed_at),
    C(tree_digest), C(file_count), C(files), C(symlinks), C(directories)).
  returned: O(stage=manifest)
  type: dict
problem:
  description: With O(stage=tamper), null when the directory is intact, else what differs.
  returned: O(stage=tamper)
  type: str
remove:
  description: With O(stage=prune), the version directories to remove.
  returned: O(stage=prune)
  type: list
  elements: str
kept:
  description: With O(stage=prune) and O(prune=false), the version directories no longer wanted, left in place.
  returned: O(stage=prune)
  type: list
  elements: str
"""
