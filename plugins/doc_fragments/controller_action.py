# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations


class ModuleDocFragment:
    """What every action that only computes on the controller shares (plugin_utils.controller_action)."""

    DOCUMENTATION = r"""
notes:
  - Runs on the controller only, from its arguments; it never connects to the host and never changes anything.
attributes:
  action:
    support: full
    description: An action plugin; the module file holds its documentation only.
  async:
    support: none
    description: Computes on the controller in a moment; nothing to run in the background.
  bypass_host_loop:
    support: none
    description: Runs once per host, for that host.
  check_mode:
    support: full
    description: Computes the same values in check mode; it never changes anything.
  diff_mode:
    support: none
    description: Changes nothing, so there is nothing to compare.
  platform:
    support: full
    platforms: all
    description: Runs on the controller, whatever the host.
"""
