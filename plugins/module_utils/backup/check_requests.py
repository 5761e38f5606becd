# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the requests of the backup checks, ``backup_compliance.yml`` and
``backup_restore_test.yml``.

Checked whole in the first play of each playbook, on the controller, before the SQL servers and the vaults are asked
for anything (filter ``divalto.cloud.playbook_request``; ``core/request_spec.py``). docs/backups.md and
docs/backup_compliance.md list the variables.
"""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.core.model import require_records
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestChecker
from ansible_collections.divalto.cloud.plugins.module_utils.core.request_spec import (
    Variable,
    check_variables,
    known_environment,
    names,
    require_request,
)

COMPLIANCE = (
    Variable("backup_compliance_history_dir", "path"),
    Variable("backup_compliance_now", "time"),
    Variable("backup_compliance_fail_on_violation", "boolean"),
    Variable("backup_compliance_report_dir", "path"),
    Variable("backup_compliance_sql_instance", max_length=128),
    Variable("backup_compliance_vault_root", "path", absolute=True),
    Variable("backup_compliance_vault_password_dir", "path", absolute=True),
)
RESTORE_TEST_PARTS = ("sql", "files")
RESTORE_TEST = (
    Variable("restore_test_environment", hint="an environment key, <tenant>_<type>"),
    Variable("restore_test_parts", "choices", default=RESTORE_TEST_PARTS, choices=RESTORE_TEST_PARTS),
    Variable("restore_test_sql_instance", max_length=128),
    Variable("restore_test_sql_backup_root", "path", absolute=True, os="windows"),
    Variable("restore_test_sql_server_dir", "name"),
    Variable("restore_test_scratch_prefix", "name"),
    Variable("restore_test_checkdb_timeout", "integer", minimum=60, maximum=7 * 86400),
    Variable("restore_test_vault_root", "path", absolute=True),
    Variable("restore_test_vault_config_dir", "path", absolute=True),
    Variable("restore_test_report_dir", "path"),
)


def check_compliance_request(request, environments):
    """The checked request of ``backup_compliance.yml`` (``{variable: value}``), or :class:`RequestError`."""
    require_records(environments, ("tenant",), "divalto_environments")
    checker = RequestChecker("backup_compliance.yml request", names(COMPLIANCE))
    return checker.done(check_variables(checker, COMPLIANCE, require_request(request, COMPLIANCE)))


def check_restore_test_request(request, environments):
    """The checked request of ``backup_restore_test.yml`` (``{variable: value}``), or :class:`RequestError`.

    ``restore_test_environment``, when given, is an environment key of the inventory.
    """
    require_records(environments, ("tenant",), "divalto_environments")
    checker = RequestChecker("backup_restore_test.yml request", names(RESTORE_TEST))
    values = check_variables(checker, RESTORE_TEST, require_request(request, RESTORE_TEST))
    values["restore_test_environment"] = known_environment(
        checker, "restore_test_environment", values["restore_test_environment"], environments
    )
    return checker.done(values)
