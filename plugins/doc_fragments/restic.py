# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations


class ModuleDocFragment:
    """The options of every module that runs restic on a repository (module_utils/backup/restic.py, RESTIC_OPTIONS)."""

    DOCUMENTATION = r"""
options:
  repository:
    description: The repository (a local path on the vault, or any C(--repo) restic accepts).
    type: str
    required: true
  password_file:
    description: The file holding the repository's password.
    type: path
    required: true
  executable:
    description: The restic binary.
    type: path
    default: restic
"""
