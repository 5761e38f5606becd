# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sqlserver_databases action; documented in plugins/modules/sqlserver_databases.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.data_servers.sqlserver import (
    DEFAULT_SHARES,
    RECOVERY_MODELS,
    databases_plan,
)
from ansible_collections.divalto.cloud.plugins.plugin_utils.model_action import ModelAction


class ActionModule(ModelAction):
    """Databases and logins of a SQL Server pair."""

    ARGUMENT_SPEC = {
        "domain": {"type": "str", "required": True},
        "machine": {"type": "str"},
        "selected": {"type": "list", "elements": "str"},
        "owner": {"type": "str", "default": "sa"},
        "nonproduction_recovery_model": {"type": "str", "choices": list(RECOVERY_MODELS), "default": "Full"},
        "quota_shares": {"type": "dict", "default": dict(DEFAULT_SHARES)},
        "roles": {"type": "list", "elements": "str", "default": ["db_owner"]},
    }

    def compute(self, model, args, task_vars):
        pair = self.machine_of(model, args["machine"], task_vars)[1].get("ha_pair")
        return databases_plan(
            model.placed("sql", pair, args["selected"]),
            pair,
            args["domain"],
            args["owner"],
            args["nonproduction_recovery_model"],
            args["quota_shares"],
            args["roles"],
        )
