# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import json
import pathlib
import re

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.reports.storage_report import (
    GIB,
    StorageReportError,
    alert_level,
    compute_report,
    extension_units,
    render_html,
    render_json,
)

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "reports"
MIB = 1024**2


def environment(tenant, kind, db_ext=0, files_ext=0, portal=False):
    key = "%s_%s" % (tenant, kind)
    databases = {"erp": key + "_erp"}
    if portal:
        databases["portal"] = key + "_portal"
    return {
        "key": key,
        "tenant": tenant,
        "type": kind,
        "production": kind == "production",
        "databases": databases,
        "quota": {
            "database_gb": 10 + db_ext,
            "files_gb": 50 + files_ext,
            "extensions": {"database_gb": db_ext, "files_gb": files_ext},
        },
    }


ENVIRONMENTS = {
    e["key"]: e
    for e in (
        environment("acme", "production", db_ext=40, files_ext=150, portal=True),
        environment("acme", "staging", db_ext=40, files_ext=50),
        environment("acme", "testing"),
        environment("beta", "production"),
        environment("cobalt", "production", db_ext=20),
    )
}
# Get-DbaDatabase records (SizeMB = data + log, in MB as SQL Server reports it)
DATABASE_SIZES = [
    {"SqlInstance": "sql-par1-a", "Name": "acme_production_erp", "SizeMB": 30720.0},  # 30 GiB
    {"SqlInstance": "sql-par1-a", "Name": "acme_production_portal", "SizeMB": 10240},  # +10 = 40 of 50: warning
    {"SqlInstance": "sql-par1-a", "Name": "acme_staging_erp", "SizeMB": 51200},  # 50 of 50: exceeded
    {"SqlInstance": "sql-par1-a", "Name": "acme_testing_erp", "SizeMB": 1024.5},  # ok
    {"SqlInstance": "sql-par1-a", "Name": "beta_production_erp", "SizeMB": 9728},  # 9.5 of 10: critical
    {"SqlInstance": "sql-par1-a", "Name": "master", "SizeMB": 8},  # not an environment's: ignored
]
FILE_USAGE = {
    "acme_production": {"used_bytes": 120 * GIB, "quota_gb": 200, "percent": 60.0},  # tenant_storage_usage entry
    "acme_staging": 80 * GIB,  # 80 of 100: warning
    "acme_testing": 0,
    "beta_production": 50 * GIB + 1,  # over 50: exceeded
}


@pytest.fixture(scope="module")
def report():
    return compute_report(ENVIRONMENTS, DATABASE_SIZES, FILE_USAGE)


@pytest.mark.parametrize(
    "used, level",
    [
        (0, "ok"),
        (8 * GIB - 1, "ok"),
        (8 * GIB, "warning"),  # exactly 80 %
        (int(9.5 * GIB) - 1, "warning"),
        (int(9.5 * GIB), "critical"),  # exactly 95 %
        (10 * GIB - 1, "critical"),
        (10 * GIB, "exceeded"),  # exactly 100 %
        (11 * GIB, "exceeded"),
        (None, "no_data"),
    ],
)
def test_alert_level_boundaries(used, level):
    assert alert_level(used, 10 * GIB) == level


def test_alert_level_of_a_zero_quota():
    assert alert_level(0, 0) == "ok"
    assert alert_level(1, 0) == "exceeded"


@pytest.mark.parametrize(
    "used_gb, quota_gb, unit_gb, units",
    [
        (7.99, 10, 10, 0),  # already under 80 %
        (8, 10, 10, 1),  # 8 of 10 = 80 %: one unit -> 8 of 20 = 40 %
        (16, 10, 10, 2),  # 16 of 20 is exactly 80 %, not under: two units -> 16 of 30
        (16.5, 10, 10, 2),  # needs a quota above 20.625 -> 30
        (23.99, 10, 10, 2),  # needs a quota above 29.99 -> 30
        (24, 10, 10, 3),  # 24 / 0.8 = 30 exactly: 30 is not enough -> 40
        (45, 50, 50, 1),  # files: 45 of 100 = 45 %
        (200, 50, 50, 5),  # needs above 250 -> 300
    ],
)
def test_extension_proposal_arithmetic(used_gb, quota_gb, unit_gb, units):
    used = int(used_gb * GIB)
    assert extension_units(used, quota_gb * GIB, unit_gb * GIB) == units
    quota = (quota_gb + units * unit_gb) * GIB
    assert used * 100 < quota * 80  # the proposal brings usage under 80 %
    if units:
        assert used * 100 >= (quota - unit_gb * GIB) * 80  # and one unit less would not


def test_extension_units_refuses_a_non_positive_unit():
    with pytest.raises(StorageReportError, match="the extension unit must be positive, got 0 bytes"):
        extension_units(GIB, GIB, 0)


def test_environment_levels(report):
    envs = report["environments"]
    assert envs["acme_production"]["databases"]["level"] == "warning"
    assert envs["acme_production"]["databases"]["by_database"] == {
        "acme_production_erp": 30 * GIB,
        "acme_production_portal": 10 * GIB,
    }
    assert envs["acme_production"]["databases"]["propose_units"] == 1  # 40 of 60 = 66.7 %
    assert envs["acme_production"]["files"]["level"] == "ok"
    assert envs["acme_staging"]["databases"]["level"] == "exceeded"
    assert envs["acme_staging"]["databases"]["propose_units"] == 2  # 50 GB needs a quota above 62.5 -> 70
    assert envs["acme_staging"]["files"]["level"] == "warning"
    assert envs["acme_testing"]["databases"]["level"] == "ok"
    assert envs["beta_production"]["databases"]["level"] == "critical"
    assert envs["beta_production"]["files"]["level"] == "exceeded"
    assert envs["beta_production"]["files"]["propose_units"] == 1
    assert envs["cobalt_production"]["databases"]["level"] == "no_data"
    assert envs["cobalt_production"]["databases"]["missing"] == ["cobalt_production_erp"]
    assert envs["cobalt_production"]["files"]["level"] == "no_data"


def test_quota_is_included_storage_plus_extensions(report):
    measure = report["environments"]["acme_production"]["files"]
    assert (measure["included_gb"], measure["extensions_gb"], measure["quota_gb"]) == (50, 150, 200)


def test_tenant_summary_adds_up_the_proposals(report):
    acme = report["tenants"]["acme"]
    assert acme["level"] == "exceeded"
    assert acme["propose"] == {"database_units": 3, "database_gb": 30, "files_units": 1, "files_gb": 50}
    assert [(a["environment"], a["kind"]) for a in acme["alerts"]] == [
        ("acme_production", "databases"),
        ("acme_staging", "databases"),
        ("acme_staging", "files"),
    ]
    assert report["tenants"]["cobalt"]["level"] == "no_data"
    assert report["summary"] == {"ok": 3, "warning": 2, "critical": 1, "exceeded": 2, "no_data": 2}


def test_units_are_a_parameter():
    custom = compute_report(ENVIRONMENTS, DATABASE_SIZES, FILE_USAGE, units={"database_gb": 5})
    assert custom["environments"]["acme_staging"]["databases"]["propose_units"] == 3  # 60, 65 -> 65 > 62.5
    assert custom["extension_unit_gb"] == {"database_gb": 5, "files_gb": 50}


def test_selected_environments_only():
    part = compute_report(ENVIRONMENTS, DATABASE_SIZES, FILE_USAGE, selected=["beta_production"])
    assert list(part["environments"]) == ["beta_production"] and list(part["tenants"]) == ["beta"]


def test_sizes_as_a_mapping_of_megabytes():
    part = compute_report(ENVIRONMENTS, {"beta_production_erp": "8192"}, {}, selected=["beta_production"])
    assert part["environments"]["beta_production"]["databases"]["level"] == "warning"


def test_json_matches_the_golden_file_and_round_trips(report, golden):
    golden(FIXTURES / "storage_report.json", render_json(report))
    assert json.loads(render_json(report)) == report


def test_html_matches_the_golden_file(report, golden):
    golden(FIXTURES / "storage_report.html", render_html(report))


def test_html_is_self_contained_and_escapes(report):
    page = render_html(report)
    assert "<script" not in page and not re.findall(r"https?://", page)
    odd = dict(report, environments={"<b>": report["environments"]["acme_staging"]})
    assert "&lt;b&gt;" in render_html(odd) and "<b>" not in render_html(odd)


BAD = [
    (([], [], {}), "expected the divalto_environments inventory variable (a dict), got []"),
    ((ENVIRONMENTS, [], []), "file_usage: expected a dict of environment key -> used bytes, got []"),
    ((ENVIRONMENTS, [], {}, {"cpu": 1}), "extension_units: unknown key 'cpu' (expected database_gb, files_gb)"),
    ((ENVIRONMENTS, [], {}, {"files_gb": 0}), "extension_units.files_gb: expected a positive number of GB, got 0"),
    (
        (ENVIRONMENTS, [], {}, None, ["ghost_production"]),
        "environment 'ghost_production' is not in divalto_environments",
    ),
    (
        (ENVIRONMENTS, [], {"ghost_production": 1}),
        "file_usage: environments not in divalto_environments: ghost_production",
    ),
    ((ENVIRONMENTS, "x", {}), "database_sizes: expected a list of Get-DbaDatabase records or a dict, got 'x'"),
    ((ENVIRONMENTS, ["x"], {}), "database_sizes[0]: expected an object with Name and SizeMB, got 'x'"),
    ((ENVIRONMENTS, [{"SizeMB": 1}], {}), "database_sizes[0]: no database Name in {'SizeMB': 1}"),
    ((ENVIRONMENTS, {"a": None}, {}), "database a: expected a size in MB, got None"),
    ((ENVIRONMENTS, {"a": "lots"}, {}), "database a: expected a size in MB, got 'lots'"),
    ((ENVIRONMENTS, {"a": -1}, {}), "database a: negative size -1 MB"),
    (
        (ENVIRONMENTS, [], {"acme_testing": -5}),
        "file_usage[acme_testing]: expected used bytes (a non-negative integer)",
    ),
    (({"x_production": {"key": "x"}}, [], {}), "environment x_production: not a divalto_environments record"),
    (
        ({"x_production": {"quota": {"database_gb": "10", "files_gb": 50}, "databases": {}}}, [], {}),
        "environment x_production: quota.database_gb: expected an integer, got '10'",
    ),
]


@pytest.mark.parametrize("args, message", BAD)
def test_bad_input_is_refused(args, message):
    with pytest.raises(StorageReportError) as info:
        compute_report(*args)
    assert str(info.value).startswith(message)


# --- replayed: what playbooks/storage_report.yml registers on the SQL hosts (fixtures/powershell) --------------


def test_database_sizes_as_the_playbook_gathers_them():
    """Each host's win_powershell output (always a list; [] without databases), failed hosts left out by the play."""
    registered = json.loads(
        (FIXTURES.parent / "powershell" / "storage_report_database_sizes.json").read_text(encoding="utf-8")
    )
    # selectattr('output', 'defined') | rejectattr('error') | map(attribute='output') | flatten
    sizes = [row for result in registered.values() if not result["error"] for row in result["output"]]
    environments = {key: ENVIRONMENTS[key] for key in ("acme_production", "beta_production")}
    report = compute_report(environments, sizes, {})
    assert report["environments"]["acme_production"]["databases"]["by_database"] == {
        "acme_production_erp": 30 * GIB,
        "acme_production_portal": 10240 * MIB + MIB // 2,
    }
    assert report["environments"]["beta_production"]["databases"]["level"] == "critical"


def test_one_database_record_alone_is_a_list_of_one():
    """A lone Get-DbaDatabase record (Windows PowerShell's one-element list) is not read as a {name: MB} mapping."""
    report = compute_report(
        ENVIRONMENTS, {"Name": "beta_production_erp", "SizeMB": 9728}, {}, selected=["beta_production"]
    )
    assert report["environments"]["beta_production"]["databases"]["used_gb"] == 9.5


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (None, "database acme_testing_erp: expected a size in MB, got None"),
        ({"Byte": 1073741824, "Kilobyte": 1048576.0, "Megabyte": 1024.0}, "database acme_testing_erp: expected a size"),
        ("System.Collections.Hashtable", "database acme_testing_erp: expected a size in MB, got 'System.Collections"),
    ],
)
def test_a_size_that_is_not_a_number_is_named(size, message):
    """SizeMB not cast to [double]: null, an object (within win_powershell's depth) or its type name (below it)."""
    with pytest.raises(StorageReportError, match="^" + re.escape(message)):
        compute_report(ENVIRONMENTS, [{"Name": "acme_testing_erp", "SizeMB": size}], {})
