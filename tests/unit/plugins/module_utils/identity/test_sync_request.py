# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The request of directory_sync.yml, checked whole before the directory is read."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestError
from ansible_collections.divalto.cloud.plugins.module_utils.core.request_spec import names
from ansible_collections.divalto.cloud.plugins.module_utils.identity.sync_request import SYNC, check_sync_request

ENVIRONMENTS = {"acme_production": {"tenant": "acme"}}


def request(**given):
    return dict(dict.fromkeys(names(SYNC)), **given)


def test_a_good_request():
    checked = check_sync_request(
        request(
            directory_sync_export="/srv/dlmt/users.CSV",
            directory_sync_apply="true",
            directory_allow_mass_removal="yes",
            directory_allow_mass_removal_reason="acme closed its staging",
            directory_sync_leaver_grace_days="0",
            directory_sync_max_removal_share="0.5",
        ),
        ENVIRONMENTS,
    )
    assert checked["directory_sync_apply"] is True and checked["directory_allow_mass_removal"] is True
    assert checked["directory_sync_leaver_grace_days"] == 0 and checked["directory_sync_max_removal_share"] == 0.5


def test_every_problem_at_once():
    with pytest.raises(RequestError) as info:
        check_sync_request(
            request(
                directory_sync_export="/srv/dlmt/users.xlsx",
                directory_allow_mass_removal=True,
                directory_sync_max_removal_share=2,
                directory_sync_mass_removal_min=-1,
                directory_sync_report_dir="../elsewhere",
            ),
            ENVIRONMENTS,
        )
    assert [problem.split(":")[0] for problem in info.value.problems] == [
        "directory_sync_export",
        "directory_allow_mass_removal_reason",
        "directory_sync_max_removal_share",
        "directory_sync_mass_removal_min",
        "directory_sync_report_dir",
    ]
    assert "'/srv/dlmt/users.xlsx' is not a .csv file" in str(info.value)
    assert "directory_allow_mass_removal=true needs a reason" in str(info.value)


def test_the_export_is_required():
    with pytest.raises(RequestError, match="directory_sync_export"):
        check_sync_request(request(), ENVIRONMENTS)
