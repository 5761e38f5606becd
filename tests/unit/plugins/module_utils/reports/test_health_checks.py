# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for module_utils/reports/health_checks.py, and the health_checks schema of platform.yml."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.registry.schema import PLATFORM_SCHEMA
from ansible_collections.divalto.cloud.plugins.module_utils.reports import health_checks as hc

PORTS = {"https": 8443, "http": 80, "xlan": 1235, "telnet_range": [2300, 2399]}
ENVIRONMENTS = {
    "b_production": {"placement": {"pool": "web"}, "hostnames": ["b.erp.test", "b2.erp.test"], "ports": {"https": 443}},
    "a_testing": {"placement": {"pool": "web"}, "hostnames": ["a-t.erp.test"], "ports": {"https": 8443}},
    "c_production": {"placement": {"pool": "other"}, "hostnames": ["c.erp.test"], "ports": {"https": 443}},
}


def platform(section=None):
    result = {"settings": {"ports": PORTS}}
    if section is not None:
        result["health_checks"] = section
    return result


def checks(role, os_name, section=None, **machine):
    data = {"role": role, "os": os_name, "address": "10.0.1.1"}
    data.update(machine)
    return hc.machine_checks("m1", platform(section), ENVIRONMENTS, machine=data)


def test_windows_app_defaults_with_one_url_per_environment_served():
    result = checks("app", "windows", pool="web")
    assert result["services"] == ["DhsDivaAgent", "DhsServices", "DhsXlanServer", "W3SVC"]
    assert result["ports"] == [1235, 8443]
    assert result["urls"] == [
        {"url": "https://10.0.1.1:8443/health", "host": "a-t.erp.test", "status": 200, "environment": "a_testing"},
        {"url": "https://10.0.1.1/health", "host": "b.erp.test", "status": 200, "environment": "b_production"},
    ]


def test_linux_app_without_pool_has_no_environment_url_and_no_default_services():
    result = checks("app", "linux")
    assert result["services"] == [] and result["urls"] == []


def test_os_overrides_and_defaults_per_role():
    assert checks("file", "linux")["services"] == ["smbd"]
    assert checks("file", "windows")["services"] == ["LanmanServer"]
    assert checks("sql", "windows")["ports"] == [1433]
    assert checks("reverse_proxy", "linux")["ports"] == [80, 8443]
    assert checks("backup_vault", "linux")["services"] == ["ssh"]


def test_section_overrides_role_then_os():
    section = {
        "app": {
            "services": ["a", "a", "b"],
            "ports": ["https", 22],
            "urls": [
                {"path": "/ping", "scheme": "http", "port": 8080, "host": "x.test", "status": 204},
                {"path": "/x"},
            ],
            "environments": {"path": "/h", "scheme": "http"},
            "linux": {"services": ["app"]},
        }
    }
    result = checks("app", "linux", section, pool="web")
    assert result["services"] == ["app"]
    assert result["ports"] == [22, 8443]
    assert result["urls"][0] == {
        "url": "http://10.0.1.1:8080/ping",
        "host": "x.test",
        "status": 204,
        "environment": None,
    }
    assert result["urls"][1]["url"] == "https://10.0.1.1:8443/x"
    assert result["urls"][2]["url"] == "http://10.0.1.1:8443/h"
    ipv6 = hc.machine_checks("m1", platform(section), {}, machine={"role": "app", "os": "linux", "address": "fd00::1"})
    assert ipv6["urls"][0]["url"] == "http://[fd00::1]:8080/ping"


def test_environments_can_be_switched_off():
    assert checks("app", "windows", {"app": {"environments": None}}, pool="web")["urls"] == []


@pytest.mark.parametrize(
    "role, os_name, section, machine, message",
    [
        ("app", "linux", None, None, "machine m1: no divalto_machine given"),
        ("app", "bsd", None, {}, "machine m1: os 'bsd' is not one of windows, linux"),
        ("dns", "linux", None, {}, "machine m1: role 'dns' is not one of reverse_proxy, app, sql, file, backup_vault"),
        ("app", "linux", ["x"], {}, "machine m1: health_checks: expected a mapping of roles"),
        ("app", "linux", {"app": "x"}, {}, "machine m1: health_checks.app: expected a mapping"),
        ("app", "linux", {"app": {"linux": "x"}}, {}, "machine m1: health_checks.app.linux: expected a mapping"),
        ("app", "linux", None, {"address": ""}, "machine m1: has no address"),
        (
            "app",
            "linux",
            {"app": {"services": "x"}},
            {},
            "health_checks.app.services: expected a list of service names, got 'x'",
        ),
        (
            "app",
            "linux",
            {"app": {"ports": ["smtp"]}},
            {},
            "health_checks.app.ports[0]: 'smtp' is not a port number nor one of platform.ports (http, https, xlan)",
        ),
        (
            "app",
            "linux",
            {"app": {"ports": [True]}},
            {},
            "health_checks.app.ports[0]: expected a port number or a name of platform.ports, got True",
        ),
        (
            "app",
            "linux",
            {"app": {"ports": [70000]}},
            {},
            "health_checks.app.ports[0]: port 70000 is out of range 1-65535",
        ),
        (
            "app",
            "linux",
            {"app": {"urls": ["x"]}},
            {},
            "health_checks.app.urls[0]: expected a mapping with path, port, scheme, status",
        ),
        (
            "app",
            "linux",
            {"app": {"urls": [{"path": "/", "scheme": "ftp", "port": 21}]}},
            {},
            "health_checks.app.urls[0].scheme: expected http or https, got 'ftp'",
        ),
        (
            "app",
            "linux",
            {"app": {"urls": [{"path": "x"}]}},
            {},
            "health_checks.app.urls[0].path: expected an absolute URL path, got 'x'",
        ),
        (
            "app",
            "linux",
            {"app": {"environments": ["x"]}},
            {"pool": "web"},
            "health_checks.app.environments: expected a mapping with path, scheme, status",
        ),
    ],
)
def test_errors(role, os_name, section, machine, message):
    data = None if machine is None else dict({"role": role, "os": os_name, "address": "10.0.1.1"}, **machine)
    with pytest.raises(hc.HealthCheckError) as error:
        hc.machine_checks("m1", platform(section), ENVIRONMENTS, machine=data)
    assert str(error.value) == message


def test_schema_accepts_the_documented_shape_and_rejects_unknown_keys():
    jsonschema = pytest.importorskip("jsonschema")
    schema = PLATFORM_SCHEMA["properties"]["health_checks"]
    good = {
        "app": {
            "services": ["W3SVC"],
            "ports": ["https", 1235],
            "urls": [{"path": "/h", "port": 8080}],
            "environments": {"path": "/health", "scheme": "https", "status": 200},
            "linux": {"services": []},
        },
        "file": {"environments": None},
    }
    jsonschema.validate(good, schema)
    for bad in ({"dns": {}}, {"app": {"colour": 1}}, {"app": {"ports": [0]}}, {"app": {"urls": [{"port": 1}]}}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


def test_schema_of_patching_entries_accepts_the_optional_lists():
    jsonschema = pytest.importorskip("jsonschema")
    schema = PLATFORM_SCHEMA["properties"]["patching"]
    jsonschema.validate(
        {
            "monthly": [
                {
                    "component": "os",
                    "roles": ["app"],
                    "categories": ["SecurityUpdates"],
                    "accept": ["x"],
                    "reject": ["y"],
                    "packages": ["divalto-probe"],
                }
            ]
        },
        schema,
    )
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"monthly": [{"component": "os", "roles": ["app"], "packages": [""]}]}, schema)
