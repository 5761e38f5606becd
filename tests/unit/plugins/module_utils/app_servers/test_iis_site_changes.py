# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""app_servers.iis.site_changes over replayed outputs of roles/iis/files/iis_state.ps1 (Windows PowerShell 5.1)."""

from __future__ import annotations

import copy
import json
import pathlib

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.app_servers.iis import IisPlanError, site_changes
from ansible_collections.divalto.cloud.plugins.module_utils.core.powershell import PowerShellResultError

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "powershell"
CERT = "A" * 40
SITE = {
    "site": "acme_production",
    "bindings": [
        {
            "protocol": "https",
            "ip": "*",
            "port": 443,
            "hostname": "ERP.acme.example",
            "use_sni": True,
            "certificate_hash": CERT.lower(),
            "certificate_store_name": "my",
        }
    ],
}


def replay(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_a_site_as_it_should_be_gets_no_bindings():
    """A lone object for a one-element list, host names and thumbprints compared without case."""
    assert site_changes([SITE], replay("iis_state_in_place.json")) == {
        "acme_production": {"exists": True, "path_exists": True, "needs_bindings": False, "reasons": []}
    }


def test_a_new_machine_needs_everything_and_has_no_folder_yet():
    change = site_changes([SITE], replay("iis_state_new_machine.json"))["acme_production"]
    assert change == {
        "exists": False,
        "path_exists": False,
        "needs_bindings": True,
        "reasons": ["the site does not exist"],
    }


def test_another_certificate_a_missing_and_an_extra_binding():
    current = replay("iis_state_in_place.json")
    current[0]["Bindings"]["CertificateHash"] = "B" * 40
    site = copy.deepcopy(SITE)
    site["bindings"].append(dict(site["bindings"][0], hostname="portal.acme.example"))
    current[0]["Bindings"] = [current[0]["Bindings"], dict(current[0]["Bindings"], BindingInformation="*:80:old")]
    assert site_changes([site], current)["acme_production"]["reasons"] == [
        "binding https *:443:portal.acme.example is missing",
        "binding https *:80:old is not one of the site's",
        "binding https *:443:erp.acme.example has certificate %s, not %s" % ("B" * 40, CERT),
    ]


def test_sni_off_is_a_change():
    current = replay("iis_state_in_place.json")
    current[0]["Bindings"]["SslFlags"] = 0
    assert site_changes([SITE], current)["acme_production"]["reasons"] == [
        "binding https *:443:erp.acme.example has SSL flags 0, not 1"
    ]


@pytest.mark.parametrize(
    ("mutate", "error", "message"),
    [
        (lambda c: c[0].update(Exists="True"), PowerShellResultError, "result[0].Exists: expected true or false"),
        (lambda c: c[0]["Bindings"].update(SslFlags="Sni"), IisPlanError, "result[0].Bindings[0].SslFlags: expected"),
        (lambda c: c[0].update(Name="other"), IisPlanError, "result: no state read for site acme_production"),
    ],
)
def test_malformed_or_incomplete_states_are_refused(mutate, error, message):
    current = replay("iis_state_in_place.json")
    mutate(current)
    with pytest.raises(error) as raised:
        site_changes([SITE], current)
    assert str(raised.value).startswith(message)


def test_win_powershell_result_of_the_task_and_its_depth():
    """The task sets depth 4; under the default (2) each binding is its type name, refused with the field named."""
    with pytest.raises(PowerShellResultError) as raised:
        site_changes([SITE], replay("iis_state_depth_2.json")["result"])
    assert str(raised.value) == (
        "result[0].Bindings[0]: expected an object, got 'System.Collections.Specialized.OrderedDictionary'"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        # the hash as the byte array a binding object holds, emitted without [string]
        ([170] * 20, "result[0].Bindings[0].CertificateHash: expected a string, got a list of 20 item(s)"),
        ({"IsPowerOfTwo": False, "Sign": 1}, "result[0].Bindings[0].CertificateHash: got a BigInteger"),
        (12, "result[0].Bindings[0].CertificateHash: expected a string, got the integer 12"),
    ],
)
def test_a_certificate_hash_that_is_not_a_string_is_named(value, message):
    current = replay("iis_state_in_place.json")
    current[0]["Bindings"]["CertificateHash"] = value
    with pytest.raises(PowerShellResultError) as raised:
        site_changes([SITE], current)
    assert str(raised.value).startswith(message)


def test_no_site_read_and_a_binding_without_certificate():
    """null (nothing read) names the missing site; an HTTP binding has no certificate hash ("" or null)."""
    with pytest.raises(IisPlanError, match="^result: no state read for site acme_production$"):
        site_changes([SITE], None)
    current = replay("iis_state_in_place.json")
    current[0]["Bindings"]["CertificateHash"] = None
    assert site_changes([SITE], current)["acme_production"]["reasons"] == [
        "binding https *:443:erp.acme.example has certificate none, not %s" % CERT
    ]
