# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iis_sites: the IIS sites, pools, bindings and applications of an application server."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.app_servers.iis import IisPlanError, iis_sites

WILDCARD = "ab" * 20
OWN = "CD" * 20
SITE_ROOT = "D:\\divalto\\web"
LOG_ROOT = "D:\\divalto\\logs\\iis"


@pytest.fixture
def records(example_model):
    environments = example_model["vars"]["divalto_environments"]
    return [copy.deepcopy(environments[key]) for key in ("acme_production", "dentelles_production")]


def test_sites_of_two_environments(records):
    sites = iis_sites(records, SITE_ROOT, LOG_ROOT, {"erp.acme-industries.fr": OWN.lower()}, WILDCARD)
    acme, dentelles = sites
    assert acme == {
        "key": "acme_production",
        "site": "acme_production",
        "app_pool": "acme_production",
        "identity": {"type": "ApplicationPoolIdentity", "username": "IIS AppPool\\acme_production"},
        "pool_attributes": {
            "managedRuntimeVersion": "v4.0",
            "processModel.loadUserProfile": True,
            "processModel.identityType": "ApplicationPoolIdentity",
        },
        "physical_path": "D:\\divalto\\web\\acme_production",
        "log_directory": "D:\\divalto\\logs\\iis\\acme_production",
        "bindings": [
            {
                "protocol": "https",
                "ip": "*",
                "port": 443,
                "hostname": "acme.erp.example.net",
                "use_sni": True,
                "certificate_hash": WILDCARD.upper(),
                "certificate_store_name": "my",
            },
            {
                "protocol": "https",
                "ip": "*",
                "port": 443,
                "hostname": "erp.acme-industries.fr",
                "use_sni": True,
                "certificate_hash": OWN,
                "certificate_store_name": "my",
            },
        ],
        "applications": [
            {"role": "html5", "name": "LCWeb", "physical_path": "D:\\divalto\\web\\acme_production\\LCWeb"},
            {"role": "webservices", "name": "WS", "physical_path": "D:\\divalto\\web\\acme_production\\WS"},
        ],
    }
    assert [binding["hostname"] for binding in dentelles["bindings"]] == [
        "dentelles.erp.example.net",
        "erp.dentelles-mulhouse.fr",
        "portail.dentelles-mulhouse.fr",
    ]


def test_domain_account_identity(records):
    accounts = {"dentelles_production": {"username": "CLOUD\\svc_dentelles", "password": "s3cret"}}
    sites = iis_sites(records, SITE_ROOT, LOG_ROOT, default_certificate=WILDCARD, accounts=accounts, ip="10.10.1.11")
    assert sites[0]["identity"]["type"] == "ApplicationPoolIdentity"
    assert sites[1]["identity"] == {"type": "SpecificUser", "username": "CLOUD\\svc_dentelles"}
    assert sites[1]["pool_attributes"]["processModel.identityType"] == "SpecificUser"
    assert sites[1]["pool_attributes"]["processModel.userName"] == "CLOUD\\svc_dentelles"
    assert sites[1]["pool_attributes"]["processModel.password"] == "s3cret"
    assert {binding["ip"] for binding in sites[1]["bindings"]} == {"10.10.1.11"}


def test_no_environment_no_site():
    assert iis_sites([], SITE_ROOT, LOG_ROOT) == []


def _record(records, change):
    record = records[0]
    change(record)
    return [record]


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"environments": "acme"}, r"expected a list of environment records \(PlatformModel.served_records\)"),
        ({"site_root": "web"}, r"site_root must be an absolute Windows path"),
        ({"log_root": "/var/log"}, r"log_root must be an absolute Windows path"),
        ({"certificate_store": ""}, "certificate_store must name a certificate store, got ''"),
        ({"ip": ""}, "ip must be an address or \\*, got ''"),
        ({"accounts": ["x"]}, r"accounts must map environment keys to \{username, password\}"),
        ({"accounts": {"a": "CLOUD\\x"}}, r"accounts\['a'\] must be a dict with a username and a password"),
        (
            {"accounts": {"a": {"username": "svc", "password": "p"}}},
            r"accounts\['a'\].username must be a domain account",
        ),
        ({"accounts": {"a": {"username": "CLOUD\\svc"}}}, r"accounts\['a'\].password must be a non-empty string"),
        (
            {
                "accounts": {
                    "a": {"username": "CLOUD\\svc", "password": "p"},
                    "b": {"username": "cloud\\SVC", "password": "q"},
                }
            },
            r"accounts of a and b share the domain account 'cloud\\\\SVC': each environment needs its own",
        ),
        ({"certificates": ["x"]}, "certificates must map host names to thumbprints"),
        (
            {"certificates": {"h": "xyz"}},
            r"certificates\['h'\] must be a certificate thumbprint \(40 hexadecimal digits\)",
        ),
        ({"default_certificate": "12"}, r"default_certificate must be a certificate thumbprint"),
        (
            {"default_certificate": ""},
            "no certificate for host name acme.erp.example.net of environment acme_production",
        ),
    ],
)
def test_argument_errors(records, arguments, message):
    call = {"environments": records[:1], "site_root": SITE_ROOT, "log_root": LOG_ROOT, "default_certificate": WILDCARD}
    call.update(arguments)
    with pytest.raises(IisPlanError, match=message):
        iis_sites(**call)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda r: r.clear(), r"environment record '\?' lacks key, iis, hostnames, ports"),
        (lambda r: r["iis"].pop("html5_app"), "environment acme_production: iis lacks html5_app"),
        (lambda r: r.update(hostnames=[]), "environment acme_production has no host name to bind"),
    ],
)
def test_record_errors(records, change, message):
    with pytest.raises(IisPlanError, match=message):
        iis_sites(_record(records, change), SITE_ROOT, LOG_ROOT, default_certificate=WILDCARD)


def test_record_that_is_no_dict():
    with pytest.raises(IisPlanError, match="expected an environment record"):
        iis_sites(["acme_production"], SITE_ROOT, LOG_ROOT, default_certificate=WILDCARD)


def test_host_name_claimed_twice(records):
    records[1]["hostnames"].append("ACME.erp.example.net")
    with pytest.raises(
        IisPlanError,
        match="host name ACME.erp.example.net is claimed by environments acme_production and dentelles_production",
    ):
        iis_sites(records, SITE_ROOT, LOG_ROOT, default_certificate=WILDCARD)


@pytest.mark.parametrize("name, label", [("site", "site"), ("app_pool", "app pool")])
def test_site_or_pool_claimed_twice(records, name, label):
    records[1]["iis"][name] = records[0]["iis"][name]
    with pytest.raises(IisPlanError, match="IIS %s acme_production is claimed by two environments" % label):
        iis_sites(records, SITE_ROOT, LOG_ROOT, default_certificate=WILDCARD)
