# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SFTP relay of the D+1 download accounts on the DMZ proxies: one TCP frontend to the datacenter's vaults.

``client_access.download_port`` gives the port; the first backup vault of the proxy's datacenter by name serves,
the others are ``backup`` (docs/backup_export.md).
"""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.network.haproxy import (
    CHECK_OPTIONS,
    HAProxyConfigError,
    build_model,
    haproxy_config,
    render_config,
)
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.network.test_haproxy_wpf import variant


def vault(datacenter, address):
    return {
        "zone": "data",
        "role": "backup_vault",
        "os": "linux",
        "datacenter": datacenter,
        "address": address,
        "capacity": {"cpu": 4, "memory_gb": 16, "storage_gb": 20000},
    }


def with_downloads(example_model, client_access, machines=None):
    def change(platform, _environments):
        platform["client_access"] = client_access
        platform["machines"].update(machines or {})

    return variant(example_model, change)


def downloads(model, proxy):
    return [relay for relay in build_model(proxy, model)["sftp"] if relay["frontend"] == "fe_sftp_download"]


def test_the_relay_to_the_vault_of_the_datacenter(example_model):
    model = with_downloads(example_model, {"download_port": 2299})
    assert downloads(model, "dmz-sxb1-01") == [
        {
            "frontend": "fe_sftp_download",
            "backend": "be_sftp_download",
            "environment": "the D+1 downloads of the backup vaults",
            "port": 2299,
            # The vault's download SSH server, never its own sshd on 22.
            "servers": [{"name": "vault-sxb1-01", "address": "10.20.2.31", "port": 2222, "backup": False}],
        }
    ]


def test_the_first_vault_by_name_serves_the_others_are_backups(example_model):
    machines = {"vault-sxb1-02": vault("sxb1", "10.20.2.32"), "vault-sxb1-00": vault("sxb1", "10.20.2.30")}
    model = with_downloads(example_model, {"download_port": 2222, "server_port": 2022}, machines)
    (relay,) = downloads(model, "dmz-sxb1-01")
    assert [(server["name"], server["address"], server["backup"]) for server in relay["servers"]] == [
        ("vault-sxb1-00", "10.20.2.30", False),
        ("vault-sxb1-01", "10.20.2.31", True),
        ("vault-sxb1-02", "10.20.2.32", True),
    ]
    # The vaults' download SSH server (2222 by default), whatever the file servers' SSH port.
    assert {server["port"] for server in relay["servers"]} == {2222}
    model = with_downloads(example_model, {"download_port": 2299, "download_server_port": 2022}, machines)
    (relay,) = downloads(model, "dmz-sxb1-01")
    assert {server["port"] for server in relay["servers"]} == {2022}


def test_a_datacenter_without_vault_has_no_relay(example_model):
    model = with_downloads(example_model, {"download_port": 2222})
    assert downloads(model, "dmz-par1-01") == []
    assert "fe_sftp_download" not in render_config(build_model("dmz-par1-01", model))
    assert "2222" not in haproxy_config("dmz-par1-02", model)["config"]


def test_no_port_no_relay(example_model):
    model = with_downloads(example_model, {"sftp_ports": {"fs-sxb1-a": 2202}})
    assert [relay["frontend"] for relay in build_model("dmz-sxb1-01", model)["sftp"]] == ["fe_sftp_fs-sxb1-a"]
    assert downloads(with_downloads(example_model, {}), "dmz-sxb1-01") == []


def test_beside_the_relays_of_the_file_pairs(example_model):
    model = with_downloads(example_model, {"sftp_ports": {"fs-sxb1-a": 2202}, "download_port": 2222})
    assert [(relay["frontend"], relay["port"]) for relay in build_model("dmz-sxb1-01", model)["sftp"]] == [
        ("fe_sftp_fs-sxb1-a", 2202),
        ("fe_sftp_download", 2222),
    ]


@pytest.mark.parametrize(
    "client_access, proxy, owner",
    [
        ({"download_port": 8401}, "dmz-par1-01", "environment acme_production"),
        ({"download_port": 443}, "dmz-par1-01", "the HTTPS frontend"),
        (
            {"download_port": 2201, "sftp_ports": {"fs-par1-a": 2201}},
            "dmz-par1-01",
            "the SFTP relay of file pair fs-par1-a",
        ),
        ({"download_port": 80}, "dmz-sxb1-01", "the HTTP frontend"),
    ],
)
def test_a_port_taken_by_another_frontend(example_model, client_access, proxy, owner):
    model = with_downloads(example_model, client_access, {"vault-par1-01": vault("par1", "10.10.2.31")})
    with pytest.raises(HAProxyConfigError) as caught:
        build_model(proxy, model)
    assert str(caught.value) == "client_access.download_port %s is already used by %s" % (
        client_access["download_port"],
        owner,
    )


def test_the_rendered_frontend_and_backend(example_model):
    machines = {"vault-sxb1-02": vault("sxb1", "10.20.2.32")}
    model = with_downloads(example_model, {"download_port": 2222}, machines)
    text = render_config(build_model("dmz-sxb1-01", model, {"sftp_timeout": "2h"}))
    frontend = (
        "\nfrontend fe_sftp_download\n    mode tcp\n    option tcplog\n    bind :2222\n"
        "    timeout client 2h\n    default_backend be_sftp_download\n"
    )
    backend = (
        "\nbackend be_sftp_download\n    # environment the D+1 downloads of the backup vaults: "
        "SFTP of clients and distributors\n"
        "    mode tcp\n    balance leastconn\n    timeout server 2h\n    default-server %s\n"
        "    server vault-sxb1-01 10.20.2.31:2222\n    server vault-sxb1-02 10.20.2.32:2222 backup\n"
        % " ".join(CHECK_OPTIONS)
    )
    assert frontend in text
    assert backend in text
    assert text.count("fe_sftp_download") == 1 and text.count("be_sftp_download") == 2
    assert text == haproxy_config("dmz-sxb1-01", model, {"sftp_timeout": "2h"})["config"]
