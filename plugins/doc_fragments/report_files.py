# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations


class ModuleDocFragment:
    """What every module that writes report files shares (plugins/module_utils/core/report_files.py)."""

    DOCUMENTATION = r"""
options:
  dest:
    description: Directory receiving the report files; created when missing.
    type: path
notes:
  - A report file is rewritten only when its content differs, so a run that changes nothing reports no change; it
    is written atomically (a temporary file in the same directory, renamed over the old one; nothing half-written
    is ever left), mode 0644.
attributes:
  check_mode:
    support: full
    description: Computes everything and tells which report files would change, but writes nothing.
  diff_mode:
    support: none
    description: No diff is produced; the report files are the result.
"""
