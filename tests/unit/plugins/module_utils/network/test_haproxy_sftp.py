# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SFTP relay of client access on the DMZ proxies: one TCP frontend per file pair given a port.

The client connects to the proxy only; the proxy relays to the pair's primary, to its secondary when the primary
is down (docs/client_access.md).
"""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.network.haproxy import (
    CHECK_OPTIONS,
    HAProxyConfigError,
    build_model,
    render_config,
)
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.network.test_haproxy_wpf import variant


def with_relays(example_model, settings):
    return variant(example_model, lambda platform, _environments: platform.update(client_access=settings))


def test_the_relay_of_a_file_pair_of_the_datacenter(example_model):
    model = with_relays(example_model, {"sftp_ports": {"fs-par1-a": 2201, "fs-sxb1-a": 2202}, "server_port": 2022})
    text = render_config(build_model("dmz-par1-01", model, {"sftp_timeout": "30m"}))
    frontend = (
        "\nfrontend fe_sftp_fs-par1-a\n    mode tcp\n    option tcplog\n    bind :2201\n"
        "    timeout client 30m\n    default_backend be_sftp_fs-par1-a\n"
    )
    backend = (
        "\nbackend be_sftp_fs-par1-a\n    # environment file pair fs-par1-a: SFTP of clients and distributors\n"
        "    mode tcp\n    balance leastconn\n    timeout server 30m\n    default-server %s\n"
        "    server fs-par1-01 10.10.2.21:2022\n    server fs-par1-02 10.10.2.22:2022 backup\n"
        % " ".join(CHECK_OPTIONS)
    )
    assert frontend in text
    assert backend in text
    # The other datacenter's pair is relayed by its own proxies only.
    assert "2202" not in text
    assert [relay["port"] for relay in build_model("dmz-sxb1-01", model)["sftp"]] == [2202]


def test_no_relay_without_client_access(example_platform):
    assert build_model("dmz-par1-01", example_platform)["sftp"] == []
    assert "sftp" not in render_config(build_model("dmz-par1-01", example_platform))


def test_the_default_ssh_port(example_model):
    model = with_relays(example_model, {"sftp_ports": {"fs-par1-a": 2201}})
    (relay,) = build_model("dmz-par1-01", model)["sftp"]
    assert {server["port"] for server in relay["servers"]} == {22}


def test_a_port_taken_by_another_frontend(example_model):
    model = with_relays(example_model, {"sftp_ports": {"fs-par1-a": 8401}})
    with pytest.raises(HAProxyConfigError, match="file pair fs-par1-a: SFTP port 8401 is already used by environment"):
        build_model("dmz-par1-01", model)
