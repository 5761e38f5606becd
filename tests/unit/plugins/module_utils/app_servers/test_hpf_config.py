# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""dhsServices.txt and dhsTelnet.txt of every application server of inventories/example, against golden files.

The golden files were generated once, reviewed line by line, and frozen. They
are stored with LF line ends (ansible-test's line-endings sanity test refuses
CRLF in the tree); the test checks separately that every rendered line ends in
CRLF. When a change of the example registry or of the format is intended,
regenerate them with ``make golden`` and review the diff.
"""

from __future__ import annotations

import copy
import pathlib

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.app_servers.hpf_config import (
    HpfConfigError,
    implicit_path,
    render,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.model import PlatformModel

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "hpf"
APP_SERVERS = ["app-par1-01", "app-par1-02", "app-par1-03", "app-par1-04", "app-par1-05", "app-sxb1-01", "app-sxb1-02"]
FILES = ["dhsServices.txt", "dhsTelnet.txt"]


def served(model, host):
    return PlatformModel(model["vars"]["divalto_platform"], model["vars"]["divalto_environments"]).served_records(host)


def test_every_example_app_server_has_golden_files(example_model):
    assert example_model["groups"]["role_app"]["hosts"] == APP_SERVERS
    expected = sorted("%s.%s" % (host, name) for host in APP_SERVERS for name in FILES)
    assert sorted(path.name for path in FIXTURES.iterdir()) == expected


@pytest.mark.parametrize("file_name", FILES)
@pytest.mark.parametrize("host", APP_SERVERS)
def test_golden(example_model, host, file_name, golden):
    text = render(served(example_model, host), file_name)
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    text.encode("ascii")
    golden(FIXTURES / ("%s.%s" % (host, file_name)), text.replace("\r\n", "\n"))


def test_render_is_deterministic_and_sorted(example_model):
    records = served(example_model, "app-par1-04")
    assert render(list(reversed(records)), "dhsServices.txt") == render(records, "dhsServices.txt")


def test_implicit_name_and_path(example_model):
    record = example_model["vars"]["divalto_environments"]["acme_production"]
    assert implicit_path(record) == "\\\\fs-par1-a\\acme_production\\config\\ImplicitesDefaut.txt"
    text = render([record], "dhsTelnet.txt", implicit_name="Implicites.txt")
    assert text.splitlines()[-1] == "2301 acme_production \\\\fs-par1-a\\acme_production\\config\\Implicites.txt"


def test_no_environment(example_model):
    assert render([], "dhsServices.txt").endswith("; No environment is served by this machine.\r\n")
    assert render([], "dhsTelnet.txt").endswith("; No environment with terminals is served by this machine.\r\n")


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"file_name": "dhs.txt"}, "file must be one of dhsServices.txt, dhsTelnet.txt, got 'dhs.txt'"),
        ({"implicit_name": "config\\\\x.txt"}, r"implicit_name must be a file name \(no directory\)"),
        ({"implicit_name": ""}, r"implicit_name must be a file name \(no directory\), got ''"),
        (
            {"implicit_name": "Implicites défaut.txt"},
            "environment -: implicit_name must be a non-empty value without spaces",
        ),
        ({"implicit_name": "Implicités.txt"}, "environment -: implicit_name must be ASCII, got 'Implicités.txt'"),
        (
            {"environments": {"key": "x"}},
            r"expected a list of environment records \(PlatformModel.served_records\)",
        ),
        ({"environments": ["acme_production"]}, r"expected an environment record \(a dict of divalto_environments\)"),
        ({"environments": [{"key": "x"}]}, "environment record 'x' lacks tenant, type, production, service_pack"),
    ],
)
def test_argument_errors(example_model, arguments, message):
    call = {"environments": served(example_model, "app-par1-01"), "file_name": "dhsServices.txt"}
    call.update(arguments)
    with pytest.raises(HpfConfigError, match=message):
        render(**call)


def _records(example_model, *keys):
    environments = example_model["vars"]["divalto_environments"]
    return [copy.deepcopy(environments[key]) for key in keys]


def test_environment_listed_twice(example_model):
    records = _records(example_model, "acme_production", "acme_production")
    with pytest.raises(HpfConfigError, match="environment acme_production is listed twice"):
        render(records, "dhsServices.txt")


def test_value_with_spaces(example_model):
    records = _records(example_model, "cobalt_production")
    records[0]["service_pack"] = "v2026 erpx13"
    with pytest.raises(
        HpfConfigError, match="environment cobalt_production: service_pack must be a non-empty value without spaces"
    ):
        render(records, "dhsServices.txt")


@pytest.mark.parametrize("port", [0, 70000, "2301", True])
def test_bad_telnet_port(example_model, port):
    records = _records(example_model, "acme_production")
    records[0]["ports"]["telnet"] = port
    with pytest.raises(HpfConfigError, match="environment acme_production: telnet port must be a TCP port number"):
        render(records, "dhsTelnet.txt")


def test_telnet_port_claimed_twice(example_model):
    records = _records(example_model, "acme_production", "acme_staging")
    records[1]["ports"]["telnet"] = 2301
    with pytest.raises(
        HpfConfigError, match="telnet port 2301 is claimed by environments acme_production and acme_staging"
    ):
        render(records, "dhsTelnet.txt")
