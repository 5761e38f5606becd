# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.haproxy_config filter."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.haproxy_config import FilterModule
from ansible_collections.divalto.cloud.plugins.module_utils.haproxy import haproxy_config

haproxy_filter = FilterModule().filters()["haproxy_config"]


def arguments(model):
    variables = model["vars"]
    return variables["divalto_platform"], variables["divalto_environments"], model["hosts"]


def test_config_crt_list_and_model(example_model):
    platform, environments, hostvars = arguments(example_model)
    text = haproxy_filter(platform, environments, hostvars, "dmz-par1-01")
    assert text == haproxy_config("dmz-par1-01", platform, environments, hostvars)
    assert text.startswith("# HAProxy configuration of dmz-par1-01 (datacenter par1).\n")
    settings = {"certificate_names": ["erp.acme-industries.fr"]}
    crt_list = haproxy_filter(platform, environments, hostvars, "dmz-par1-01", settings=settings, output="crt_list")
    assert crt_list == "/etc/haproxy/certs/erp.acme-industries.fr.pem erp.acme-industries.fr\n"
    model = haproxy_filter(platform, environments, hostvars, "dmz-sxb1-01", output="model")
    assert model["datacenter"] == "sxb1"
    assert model["routes"] == []


def test_configuration_errors_are_filter_errors(example_model):
    platform, environments, hostvars = arguments(example_model)
    with pytest.raises(
        AnsibleFilterError,
        match="^haproxy_config: proxy app-par1-01: expected a machine of role reverse_proxy, got role app$",
    ):
        haproxy_filter(platform, environments, hostvars, "app-par1-01")


def test_wrong_input_is_explained(example_model):
    _platform, environments, hostvars = arguments(example_model)
    with pytest.raises(AnsibleFilterError, match="are not the divalto.cloud.tenants inventory variables"):
        haproxy_filter({"pools": {}}, environments, hostvars, "dmz-par1-01")
