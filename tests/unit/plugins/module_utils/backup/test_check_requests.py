# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The requests of backup_compliance.yml and backup_restore_test.yml, checked whole first (backup/check_requests.py)."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.check_requests import (
    COMPLIANCE,
    RESTORE_TEST,
    check_compliance_request,
    check_restore_test_request,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestError
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.core.request_values import request_of


def test_nothing_given_takes_the_defaults(environments):
    assert (
        check_compliance_request(request_of(COMPLIANCE), environments)["backup_compliance_fail_on_violation"] is False
    )
    checked = check_restore_test_request(request_of(RESTORE_TEST), environments)
    assert checked["restore_test_parts"] == ["sql", "files"]
    assert checked["restore_test_environment"] is None


def test_a_good_restore_test_request(environments):
    checked = check_restore_test_request(
        request_of(
            RESTORE_TEST,
            restore_test_environment="acme_staging",
            restore_test_parts=["files"],
            restore_test_sql_backup_root="B:\\Backup",
            restore_test_checkdb_timeout="3600",
        ),
        environments,
    )
    assert checked["restore_test_environment"] == "acme_staging"
    assert checked["restore_test_parts"] == ["files"]
    assert checked["restore_test_checkdb_timeout"] == 3600


def test_every_problem_of_a_compliance_request_at_once(environments):
    with pytest.raises(RequestError) as error:
        check_compliance_request(
            request_of(
                COMPLIANCE,
                backup_compliance_now="now",
                backup_compliance_fail_on_violation="sometimes",
                backup_compliance_vault_root="srv/backup",
                backup_compliance_sql_instance="x" * 200,
            ),
            environments,
        )
    assert [problem.split(":")[0] for problem in error.value.problems] == [
        "backup_compliance_now",
        "backup_compliance_fail_on_violation",
        "backup_compliance_sql_instance",
        "backup_compliance_vault_root",
    ]


def test_every_problem_of_a_restore_test_request_at_once(environments):
    with pytest.raises(RequestError) as error:
        check_restore_test_request(
            request_of(
                RESTORE_TEST,
                restore_test_environment="acme_prod",
                restore_test_parts="sql",
                restore_test_scratch_prefix="restoretest_; DROP",
                restore_test_checkdb_timeout=5,
                restore_test_vault_root="/srv/backup/../../etc",
            ),
            environments,
        )
    assert error.value.problems == [
        "restore_test_environment: 'acme_prod' is not an environment of the inventory (give its key, "
        "<tenant>_<type>; known: acme_production, acme_staging, acme_testing, breizhfood_production, "
        "breizhfood_setup, breizhfood_training, cobalt_production, dentelles_production, dentelles_setup, "
        "dentelles_staging, dentelles_testing, dentelles_training) (did you mean 'acme_production'?)",
        "restore_test_parts: expected a list, got the string 'sql' (a string is not a list of its characters): give "
        """a list, -e '{"restore_test_parts": ["a", "b"]}'""",
        "restore_test_scratch_prefix: 'restoretest_; DROP' is not a name (letters, digits, _ and -, at most 64)",
        "restore_test_checkdb_timeout: expected an integer from 60 to 604800, got 5",
        "restore_test_vault_root: '/srv/backup/../../etc' has a '..' component: give the path itself",
    ]


def test_parts_are_sql_or_files_and_not_empty(environments):
    for parts, problem in (
        ([], "restore_test_parts: is empty"),
        (["logs"], "restore_test_parts[0]: 'logs' is not an accepted value (known: sql, files)"),
    ):
        with pytest.raises(RequestError) as error:
            check_restore_test_request(request_of(RESTORE_TEST, restore_test_parts=parts), environments)
        assert error.value.problems[0].startswith(problem)
