# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations


class ModuleDocFragment:
    """What every module that only reads the machine (and returns what it read as data) shares."""

    DOCUMENTATION = r"""
attributes:
  check_mode:
    support: full
    description: Only reads; runs the same in check mode.
  diff_mode:
    support: none
    description: Changes nothing, so there is nothing to compare.
"""

    # divalto.cloud.read_only.linux: the platform of a module that reads a Linux machine of the platform.
    LINUX = r"""
attributes:
  platform:
    support: full
    platforms: posix
    description: Runs on a Linux machine of the platform (Debian); the description names which.
"""
