# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the environments a machine serves.

The inventory puts a machine in group ``env_<tenant>_<environment>`` for every
environment it runs or holds (its application pool, its SQL pair, its file
pair); the environment's data is stored once, in ``divalto_environments`` of
the ``all`` group. ``served_environments`` joins the two: the records of the
machine's ``env_*`` groups, sorted by key. Every Windows role acts for these.
"""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError

ENV_GROUP_PREFIX = "env_"


class ServedEnvironmentsError(DivaltoError):
    """Group names or environment records the served environments cannot be read from."""


def served_environments(group_names, environments):
    """The records of ``environments`` whose ``env_<key>`` group is in ``group_names``, sorted by key."""
    if isinstance(group_names, (str, dict)) or not isinstance(group_names, (list, tuple)):
        raise ServedEnvironmentsError("expected the host's group_names (a list), got %r" % (group_names,))
    if not isinstance(environments, dict):
        raise ServedEnvironmentsError(
            "expected the divalto_environments inventory variable (a dict), got %r" % (environments,)
        )
    keys = set()
    for name in group_names:
        if not isinstance(name, str):
            raise ServedEnvironmentsError("group_names must hold strings, got %r" % (name,))
        if name.startswith(ENV_GROUP_PREFIX) and len(name) > len(ENV_GROUP_PREFIX):
            keys.add(name[len(ENV_GROUP_PREFIX) :])
    records = []
    for key in sorted(keys):
        if key not in environments:
            raise ServedEnvironmentsError(
                "group env_%s has no record in divalto_environments (inventory not from divalto.cloud.tenants?)" % key
            )
        record = environments[key]
        if not isinstance(record, dict) or record.get("key") != key:
            raise ServedEnvironmentsError(
                "divalto_environments[%r] is not the record of environment %s, got %r" % (key, key, record)
            )
        records.append(record)
    return records
