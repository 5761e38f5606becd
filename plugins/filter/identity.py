# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The directory_plan filter; documented in its .yml file."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.identity.plan import (
    DirectoryPlanError,
)
from ansible_collections.divalto.cloud.plugins.module_utils.identity.plan import (
    directory_plan as _directory_plan,
)


def directory_plan(entries, identity, prune=False, rotate=False):
    """What the directory role changes, from the entries read under the tenants' OU."""
    try:
        return _directory_plan(identity, entries, prune=bool(prune), rotate=bool(rotate))
    except DirectoryPlanError as exc:
        raise AnsibleFilterError("directory_plan: %s" % exc) from exc


class FilterModule:
    """The identity filters of divalto.cloud."""

    def filters(self):
        return {"directory_plan": directory_plan}
