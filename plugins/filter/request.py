# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request filters: the request of a playbook checked whole on the controller, before any machine is contacted.

Documented in restore_request.yml and service_pack_switch_request.yml; the checks are in the private
``module_utils/backup/restore_request.py`` and ``module_utils/service_pack/switch_request.py`` (``core/request.py``).
"""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_request import check_restore_request
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestError
from ansible_collections.divalto.cloud.plugins.module_utils.service_pack.switch_request import check_switch_request


def _call(name, function, *args):
    try:
        return function(*args)
    except RequestError as exc:
        # Names its request and lists every problem: the message as it is.
        raise AnsibleFilterError(str(exc)) from None
    except DivaltoError as exc:
        raise AnsibleFilterError("%s: %s" % (name, exc)) from None


def restore_request(environments, request):
    return _call("restore_request", check_restore_request, environments, request)


def service_pack_switch_request(environments, catalogue, request):
    return _call("service_pack_switch_request", check_switch_request, environments, catalogue, request)


class FilterModule:
    """divalto.cloud request filters."""

    def filters(self):
        return {
            "restore_request": restore_request,
            "service_pack_switch_request": service_pack_switch_request,
        }
