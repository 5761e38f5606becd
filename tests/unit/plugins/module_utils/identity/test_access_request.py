# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The request of access_review.yml, checked whole before the directory is read; the report directory under AWX."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestError
from ansible_collections.divalto.cloud.plugins.module_utils.core.request_spec import names
from ansible_collections.divalto.cloud.plugins.module_utils.identity.access_request import (
    REVIEW,
    check_review_request,
    require_report_dir,
)

ENVIRONMENTS = {"acme_production": {"tenant": "acme"}}


def request(**given):
    return dict(dict.fromkeys(names(REVIEW)), **given)


def test_a_good_request():
    checked = check_review_request(
        request(
            access_review_report_dir="/var/lib/divalto/access_review",
            access_review_previous="/var/lib/divalto/access_review/access_review-20260901T080000Z.JSON",
            access_review_sql_dir="/var/lib/divalto/sql_access",
            access_review_unused_days="30",
        ),
        ENVIRONMENTS,
    )
    assert checked["access_review_unused_days"] == 30
    assert check_review_request(request(), ENVIRONMENTS)["access_review_previous"] is None


def test_every_problem_at_once():
    with pytest.raises(RequestError) as info:
        check_review_request(
            request(
                access_review_report_dir="../elsewhere",
                access_review_previous="/tmp/review.md",
                access_review_sql_dir=["/a"],
                access_review_unused_days=0,
            ),
            ENVIRONMENTS,
        )
    assert [problem.split(":")[0] for problem in info.value.problems] == [
        "access_review_report_dir",
        "access_review_previous",
        "access_review_sql_dir",
        "access_review_unused_days",
    ]
    assert "'/tmp/review.md' is not a .json review" in str(info.value)


def test_report_dir_required_under_awx():
    require_report_dir(False, {})
    require_report_dir(True, {"awx_job_id": 7})
    with pytest.raises(DivaltoError, match="this run is AWX job 7 and access_review_report_dir is not set"):
        require_report_dir(False, {"awx_job_id": 7})
    with pytest.raises(DivaltoError, match="AWX job 'x'"):
        require_report_dir(False, {"tower_job_id": "x"})
