# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations


class ModuleDocFragment:
    """What every action that computes values from the domain model shares."""

    DOCUMENTATION = r"""
notes:
  - Runs on the controller only, from the C(divalto_platform) and C(divalto_environments) variables that the
    C(divalto.cloud.tenants) inventory stores once; it never connects to the host and never reads another host's
    variables, so its cost is what the host serves, not the size of the platform.
attributes:
  action:
    support: full
    description: An action plugin; the module file holds its documentation only.
  async:
    support: none
    description: Computes on the controller in a moment; nothing to run in the background.
  bypass_host_loop:
    support: none
    description: Runs once per host, for that host (or the machine it names).
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
