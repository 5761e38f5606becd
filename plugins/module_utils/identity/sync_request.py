# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the request of ``directory_sync.yml``, checked whole before the directory is read.

Filter ``divalto.cloud.playbook_request`` (``core/request_spec.py``); docs/requests.md lists the variables. What
is IN the export is checked by the ``directory_sync_plan`` action, which lists every problem of the file.
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

SYNC = (
    Variable("directory_sync_export", "path", required=True, hint="-e directory_sync_export=<path to DLMT's .csv>"),
    Variable("directory_sync_apply", "boolean"),
    Variable("directory_allow_mass_removal", "boolean"),
    Variable("directory_allow_mass_removal_reason"),
    Variable("directory_sync_leaver_grace_days", "number", minimum=0, maximum=3650),
    Variable("directory_sync_max_removal_share", "number", minimum=0, maximum=1),
    Variable("directory_sync_mass_removal_min", "integer", minimum=0, maximum=10**6),
    Variable("directory_sync_max_run_removal_share", "number", minimum=0, maximum=1),
    Variable("directory_sync_max_export_age_hours", "number", minimum=1, maximum=24 * 366),
    Variable("directory_sync_report_dir", "path"),
)


def require_persistent_state(report_dir_given: bool, job_vars: Mapping[str, Any]) -> None:
    """Under AWX, ``directory_sync_report_dir`` must be given: the default (next to the playbooks) is the job's fresh
    project checkout, where the leavers' state would be lost after every job and no leaver ever lose access."""
    job = None if report_dir_given else awx_job_id(job_vars)
    if job is not None:
        raise DivaltoError(
            "this run is AWX job %s and directory_sync_report_dir is not set: the leavers' state and the reports "
            "would be kept in the job's project checkout, fresh for every job, and leavers would never lose "
            "access; set directory_sync_report_dir to a persistent path (a volume of the execution "
            "environment, in the inventory or the job template's extra variables)" % excerpt(job)
        )


def check_sync_request(request: Mapping[str, Any], environments: Mapping[str, Any]) -> dict[str, Any]:
    """The checked request of ``directory_sync.yml`` (``{variable: value}``), or ``RequestError``.

    The export is a ``.csv`` file; ``directory_allow_mass_removal`` needs a reason.
    """
    require_records(environments, ("tenant",), "divalto_environments")
    checker = RequestChecker("directory_sync.yml request", names(SYNC))
    values = check_variables(checker, SYNC, require_request(request, SYNC))
    export = values["directory_sync_export"]
    if export and not export.lower().endswith(".csv"):
        checker.problem("directory_sync_export", "%s is not a .csv file (docs/identity.md)" % excerpt(export))
    reason = values["directory_allow_mass_removal_reason"]
    if values["directory_allow_mass_removal"] and not (reason or "").strip():
        checker.problem(
            "directory_allow_mass_removal_reason",
            "directory_allow_mass_removal=true needs a reason, kept in the run report",
        )
    return checker.done(values)
