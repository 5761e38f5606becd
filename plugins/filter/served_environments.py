# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The served_environments filter; documented in served_environments.yml."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.served import (
    ServedEnvironmentsError,
)
from ansible_collections.divalto.cloud.plugins.module_utils.served import (
    served_environments as _served_environments,
)


def served_environments(group_names, environments):
    """The sorted records of divalto_environments whose env_<key> group the host is in."""
    try:
        return _served_environments(group_names, environments)
    except ServedEnvironmentsError as exc:
        raise AnsibleFilterError("served_environments: %s" % exc) from exc


class FilterModule:
    """The served_environments filter of divalto.cloud."""

    def filters(self):
        return {"served_environments": served_environments}
