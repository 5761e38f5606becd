# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The platform summary, checked against figures computed by hand from the example registry."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.reports.platform_summary import render_text, summarize


def summary_of(model):
    groups = {name: group["hosts"] for name, group in model["groups"].items()}
    variables = model["vars"]
    return summarize(
        variables["divalto_platform"], variables["divalto_tenants"], variables["divalto_environments"], groups
    )


def test_tenants_and_environment_counts(example_model):
    summary = summary_of(example_model)
    assert [row["tenant"] for row in summary["tenants"]] == ["acme", "breizhfood", "cobalt", "dentelles"]
    acme = summary["tenants"][0]
    assert acme["users"] == 125
    assert acme["terminals"] is True
    assert acme["environments"] == ["production", "staging", "testing"]
    assert summary["environments_by_type"] == {"production": 4, "staging": 2, "testing": 2, "training": 2, "setup": 2}


def test_machines_and_what_they_serve(example_model):
    rows = {row["name"]: row for row in summary_of(example_model)["machines"]}
    assert len(rows) == 21
    assert rows["app-par1-01"]["environments"] == [
        "acme_production",
        "breizhfood_production",
        "cobalt_production",
        "dentelles_production",
    ]
    assert rows["app-par1-01"]["unit"] == "app_par1_a"
    assert rows["fs-par1-01"]["environments"] == [
        "acme_production",
        "acme_staging",
        "acme_testing",
        "cobalt_production",
    ]
    # A DMZ proxy routes every environment of its datacenter; the recovery one serves none until a failover.
    assert len(rows["dmz-par1-02"]["environments"]) == 12
    assert rows["dmz-sxb1-01"]["environments"] == []
    assert rows["vault-sxb1-01"]["role"] == "backup_vault"
    assert rows["vault-sxb1-01"]["unit"] == "-"


def test_storage_against_capacity(example_model):
    storage = {row["ha_pair"]: row for row in summary_of(example_model)["storage"]}
    # sql-par1-a: 12 environments x 10 GB included; extensions 40+40 (acme) + 20 (breizhfood) + 20+20 (dentelles).
    assert storage["sql-par1-a"] == {
        "ha_pair": "sql-par1-a",
        "role": "sql",
        "datacenter": "par1",
        "environments": 12,
        "included_gb": 120,
        "extensions_gb": 140,
        "allocated_gb": 260,
        "capacity_gb": 1000,
        "percent": 26.0,
    }
    # fs-par1-b: 8 environments x 50 GB included; dentelles production bought 100 GB more.
    assert storage["fs-par1-b"]["allocated_gb"] == 500
    assert storage["fs-par1-b"]["extensions_gb"] == 100
    assert storage["fs-par1-b"]["percent"] == 33.3
    assert storage["sql-sxb1-a"]["allocated_gb"] == 0


def test_render_text(example_model):
    lines = render_text(summary_of(example_model))
    assert lines[0] == "Registry valid: 4 tenants, 12 environments, 21 machines"
    assert lines[1] == "Tenants (4)"
    assert lines[2].startswith("  acme         ACME Industries")
    assert lines[2].endswith("options: extranet_portal, payroll, wms  (Telnet terminals)")
    assert "Environments by type (12)" in lines
    assert "  production  4" in lines
    assert (
        "  sql-par1-a  sql  par1  12 envs     260 GB =    120 included +    140 extensions  of   1000 GB  (26.0%)"
        in lines
    )
