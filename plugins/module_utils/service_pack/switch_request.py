# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the request of ``playbooks/switch_service_pack.yml``, checked whole on the controller.

The first play of the playbook calls :func:`check_switch_request` (filter ``divalto.cloud.service_pack_switch_request``)
before any machine is contacted; every problem is listed at once (``core.request``):

- ``tenant`` (required): a tenant of ``divalto_environments``;
- ``switch_environments`` (default: every environment of the tenant): a LIST of environment types or keys of that
  tenant; a string (``-e switch_environments=staging``) is an error, never iterated character by character; an
  environment of another tenant is refused (a switch moves the environments of one tenant);
- ``switch_version`` (default: each environment's registry version): a version of the service-pack catalogue;
- ``rollback``: true or false; not together with ``switch_version``.

Whether each environment has a previous version to roll back to is only known once its implicit file is read:
``plan.switch_plan`` checks that afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import ModelError
from ansible_collections.divalto.cloud.plugins.module_utils.core.model import require_records
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestChecker, suggestion
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

SOURCE = "switch_service_pack.yml request"
# The request variables of playbooks/switch_service_pack.yml, as the playbook passes them (None: not given).
VARIABLES = ("tenant", "switch_environments", "switch_version", "rollback")
LIST_HINT = """-e '{"switch_environments": ["staging"]}'"""


def check_switch_request(environments, catalogue, request):
    """The checked request of ``playbooks/switch_service_pack.yml``, or :class:`RequestError` listing every problem.

    ``environments``/``catalogue``: ``divalto_environments`` and ``divalto_service_packs``. ``request``:
    ``{variable: value}`` for the names of :data:`VARIABLES` (``None``: not given).

    Returns ``{tenant, environments, version, rollback}``: ``environments`` the sorted keys that move (every
    environment of the tenant when none is named), ``version`` ``None`` for each environment's registry version.
    """
    require_records(environments, ("tenant", "type"), "divalto_environments")
    if not isinstance(catalogue, Mapping):
        raise ModelError(
            "divalto_service_packs: expected the service-pack catalogue (a mapping), got %s" % excerpt(catalogue)
        )
    if not isinstance(request, Mapping) or set(request) - set(VARIABLES):
        raise TypeError("request: expected a mapping of %s, got %r" % (", ".join(VARIABLES), request))
    checker = RequestChecker(SOURCE, VARIABLES)
    tenant = checker.text("tenant", request.get("tenant"), required=True, hint="-e tenant=<tenant>")
    selected = checker.text_list("switch_environments", request.get("switch_environments"), hint=LIST_HINT)
    version = checker.text("switch_version", request.get("switch_version"))
    rollback = checker.boolean("rollback", request.get("rollback"))
    if version is not None:
        version = checker.one_of(
            "switch_version", version, sorted(catalogue), "a version of the service-pack catalogue"
        )
    given = request.get("switch_version")
    if rollback and given is not None and not (isinstance(given, str) and not given.strip()):
        checker.problem("rollback", "give either switch_version or rollback=true, not both")
    keys = _environments(checker, environments, tenant, selected)
    return checker.done({"tenant": tenant, "environments": keys, "version": version, "rollback": bool(rollback)})


def _environments(checker, environments, tenant, selected):
    """The sorted keys of the tenant's environments named by ``selected`` (all when empty), or None."""
    if tenant is None:
        return None
    tenants = sorted({str(record["tenant"]) for record in environments.values()})
    if tenant not in tenants:
        checker.problem(
            "tenant",
            "%s is not a tenant of the inventory (known: %s)%s"
            % (excerpt(tenant), ", ".join(tenants), suggestion(tenant, tenants)),
        )
        return None
    owned = sorted(key for key, record in environments.items() if record["tenant"] == tenant)
    if selected is None:
        return None
    if not selected:
        return owned
    types = sorted(str(environments[key]["type"]) for key in owned)
    keys = []
    for index, name in enumerate(selected):
        key = name if name in environments else "%s_%s" % (tenant, name)
        where = "switch_environments[%d]" % index
        if key not in environments:
            checker.problem(
                where,
                "tenant %s has no environment %s (its environments: %s)%s"
                % (tenant, excerpt(name), ", ".join(types), suggestion(name, types + owned)),
            )
        elif environments[key]["tenant"] != tenant:
            checker.problem(
                where,
                "%s belongs to tenant %s, not %s: a switch moves the environments of one tenant"
                % (key, environments[key]["tenant"], tenant),
            )
        elif key not in keys:
            keys.append(key)
    return sorted(keys)
