# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request filters: the request of a playbook checked whole on the controller, before any machine is contacted.

Documented in restore_request.yml, service_pack_switch_request.yml and playbook_request.yml; the checks are in the
private ``module_utils/backup/restore_request.py``, ``module_utils/service_pack/switch_request.py``,
``module_utils/backup/dr_request.py``, ``module_utils/backup/check_requests.py``,
``module_utils/backup/import_request.py``,
``module_utils/identity/sync_request.py``, ``module_utils/identity/access_request.py`` and
``module_utils/reports/requests.py`` (``core/request.py``, ``core/request_spec.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.backup import (
    check_requests,
    dr_request,
    export_request,
    import_request,
    offboarding_request,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.check_requests import (
    check_compliance_request,
    check_restore_test_request,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.dr_request import (
    check_drill_request,
    check_failover_request,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.export_request import check_export_request
from ansible_collections.divalto.cloud.plugins.module_utils.backup.import_request import check_import_request
from ansible_collections.divalto.cloud.plugins.module_utils.backup.offboarding_request import check_offboard_request
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_request import check_restore_request
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestError
from ansible_collections.divalto.cloud.plugins.module_utils.identity import access_request, sync_request
from ansible_collections.divalto.cloud.plugins.module_utils.identity.access_request import check_review_request
from ansible_collections.divalto.cloud.plugins.module_utils.identity.sync_request import check_sync_request
from ansible_collections.divalto.cloud.plugins.module_utils.reports import requests
from ansible_collections.divalto.cloud.plugins.module_utils.reports.requests import (
    check_asset_request,
    check_health_request,
    check_sla_request,
    check_storage_request,
)
from ansible_collections.divalto.cloud.plugins.module_utils.service_pack.switch_request import check_switch_request


class PlaybookRequest(NamedTuple):
    """How ``playbook_request`` checks one playbook's request: its check, its variables, whether it needs the
    platform (passed after the environments)."""

    check: Callable[..., dict]
    variables: tuple
    needs_platform: bool = False


PLAYBOOK_REQUESTS = {
    "access_review": PlaybookRequest(check_review_request, access_request.REVIEW),
    "asset_inventory": PlaybookRequest(check_asset_request, requests.ASSET),
    "backup_compliance": PlaybookRequest(check_compliance_request, check_requests.COMPLIANCE),
    "backup_restore_test": PlaybookRequest(check_restore_test_request, check_requests.RESTORE_TEST),
    "directory_sync": PlaybookRequest(check_sync_request, sync_request.SYNC),
    "backup_export": PlaybookRequest(check_export_request, export_request.EXPORT, needs_platform=True),
    "dr_drill": PlaybookRequest(check_drill_request, dr_request.DRILL),
    "dr_failover": PlaybookRequest(check_failover_request, dr_request.FAILOVER, needs_platform=True),
    "health_check": PlaybookRequest(check_health_request, requests.HEALTH),
    "import_database": PlaybookRequest(check_import_request, import_request.IMPORT, needs_platform=True),
    "offboard_tenant": PlaybookRequest(check_offboard_request, offboarding_request.OFFBOARD, needs_platform=True),
    "sla_report": PlaybookRequest(check_sla_request, requests.SLA),
    "storage_report": PlaybookRequest(check_storage_request, requests.STORAGE),
}


def _call(name, function, *args):
    try:
        return function(*args)
    except RequestError as exc:
        # Names its request and lists every problem: the message as it is.
        raise AnsibleFilterError(str(exc)) from None
    except DivaltoError as exc:
        raise AnsibleFilterError("%s: %s" % (name, exc)) from None


def restore_request(environments, request, service_hours=None, neutralisation=None):
    return _call("restore_request", check_restore_request, environments, request, None, service_hours, neutralisation)


def service_pack_switch_request(environments, catalogue, request):
    return _call("service_pack_switch_request", check_switch_request, environments, catalogue, request)


def playbook_request(request, playbook, environments, platform=None):
    """The checked ``request`` of ``playbooks/<playbook>.yml``; a failure lists every problem."""
    if playbook not in PLAYBOOK_REQUESTS:
        raise AnsibleFilterError(
            "playbook_request: %r is not a playbook with a request (known: %s)"
            % (str(playbook)[:60], ", ".join(sorted(PLAYBOOK_REQUESTS)))
        )
    entry = PLAYBOOK_REQUESTS[playbook]
    arguments = (request, environments, platform) if entry.needs_platform else (request, environments)
    return _call("playbook_request", entry.check, *arguments)


class FilterModule:
    """divalto.cloud request filters."""

    def filters(self):
        return {
            "playbook_request": playbook_request,
            "restore_request": restore_request,
            "service_pack_switch_request": service_pack_switch_request,
        }
