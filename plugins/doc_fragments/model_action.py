# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations


class ModuleDocFragment:
    """What every action that computes values from the domain model adds to divalto.cloud.controller_action.

    List it before ``divalto.cloud.controller_action``: the first fragment's ``bypass_host_loop`` is kept.
    """

    DOCUMENTATION = r"""
notes:
  - Reads the C(divalto_platform) and C(divalto_environments) variables that the C(divalto.cloud.tenants) inventory
    stores once, never another host's variables, so its cost is what the host serves, not the size of the platform.
attributes:
  bypass_host_loop:
    support: none
    description: Runs once per host, for that host or for the machine it names.
"""
