# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iis_sites: a pool account given by its password only runs as the environment's service account (directory)."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.app_servers.iis import IisPlanError, iis_sites

SITE_ROOT = "D:\\divalto\\web"
LOG_ROOT = "D:\\divalto\\logs\\iis"


@pytest.fixture
def records(example_model):
    environments = example_model["vars"]["divalto_environments"]
    return [copy.deepcopy(environments[key]) for key in ("acme_production", "dentelles_production")]


def plan(records, accounts, domain="CLOUD"):
    return iis_sites(
        records, SITE_ROOT, LOG_ROOT, default_certificate="ab" * 20, accounts=accounts, account_domain=domain
    )


def test_the_service_account_of_the_record_qualified_by_the_directory_domain(records):
    accounts = {"acme_production": {"password": "s3cret"}, "cobalt_production": {"password": "other"}}
    acme, dentelles = plan(records, accounts)
    assert records[0]["service_account"] == "acme_prd"
    assert acme["identity"] == {"type": "SpecificUser", "username": "CLOUD\\acme_prd"}
    assert acme["pool_attributes"]["processModel.password"] == "s3cret"
    # cobalt is not served here: its entry is left out; dentelles has none: its pool identity.
    assert dentelles["identity"]["type"] == "ApplicationPoolIdentity"


def test_a_given_username_still_wins(records):
    accounts = {"acme_production": {"username": "CLOUD\\svc_acme", "password": "s3cret"}}
    assert plan(records, accounts)[0]["identity"]["username"] == "CLOUD\\svc_acme"


def test_without_a_directory_domain_the_account_cannot_be_named(records):
    with pytest.raises(IisPlanError, match=r"accounts\['acme_production'\] has no username, and no directory domain"):
        plan(records, {"acme_production": {"password": "s3cret"}}, domain="")


def test_a_record_without_a_service_account_is_refused(records):
    del records[0]["service_account"]
    with pytest.raises(IisPlanError, match="acme_production has no service_account"):
        plan(records, {"acme_production": {"password": "s3cret"}})
