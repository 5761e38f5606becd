# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the request of ``access_review.yml``, checked whole before the directory is read.

Filter ``divalto.cloud.playbook_request`` (``core/request_spec.py``); docs/requests.md lists the variables. What is
IN the files (the previous review, the SQL recordings) is checked by the ``access_review`` action.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.model import require_records
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestChecker, awx_job_id
from ansible_collections.divalto.cloud.plugins.module_utils.core.request_spec import (
    Variable,
    check_variables,
    names,
    require_request,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

REVIEW = (
    Variable("access_review_report_dir", "path"),
    Variable("access_review_previous", "path"),
    Variable("access_review_sql_dir", "path"),
    Variable("access_review_unused_days", "integer", minimum=1, maximum=3650),
)


def require_report_dir(report_dir_given: bool, job_vars: Mapping[str, Any]) -> None:
    """Under AWX, ``access_review_report_dir`` must be given: the default (next to the playbooks) is the job's fresh
    project checkout, where the review would be lost and the next one would have no previous review to compare."""
    job = None if report_dir_given else awx_job_id(job_vars)
    if job is not None:
        raise DivaltoError(
            "this run is AWX job %s and access_review_report_dir is not set: the review would be written into the "
            "job's project checkout, fresh for every job, and the next review would find no previous one; set "
            "access_review_report_dir to a persistent path (a volume of the execution environment)" % excerpt(job)
        )


def check_review_request(request: Mapping[str, Any], environments: Mapping[str, Any]) -> dict[str, Any]:
    """The checked request of ``access_review.yml`` (``{variable: value}``), or ``RequestError``.

    ``access_review_previous`` is a ``.json`` file (a review this playbook wrote).
    """
    require_records(environments, ("tenant",), "divalto_environments")
    checker = RequestChecker("access_review.yml request", names(REVIEW))
    values = check_variables(checker, REVIEW, require_request(request, REVIEW))
    previous = values["access_review_previous"]
    if previous and not previous.lower().endswith(".json"):
        checker.problem("access_review_previous", "%s is not a .json review (docs/identity.md)" % excerpt(previous))
    return checker.done(values)
