# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Microsoft Defender exclusions computed from a machine's role and served environments."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.app_servers.antivirus import AntivirusError, exclusions
from ansible_collections.divalto.cloud.plugins.module_utils.core.model import PlatformModel

SQL_DIRS = ["D:\\MSSQL\\Data", "D:\\MSSQL\\Log\\", "d:\\mssql\\data", "D:\\MSSQL\\Backup"]


def machine(model, host):
    return model["hosts"][host]["divalto_machine"]


def served(model, host):
    return PlatformModel(model["vars"]["divalto_platform"], model["vars"]["divalto_environments"]).served_records(host)


def test_sql_machine(example_model):
    assert exclusions(machine(example_model, "sql-par1-01"), sql_directories=SQL_DIRS) == [
        "D:\\MSSQL\\Backup",
        "D:\\MSSQL\\Data",
        "D:\\MSSQL\\Log",
    ]


def test_app_machine(example_model):
    result = exclusions(
        machine(example_model, "app-par1-01"),
        served(example_model, "app-par1-01"),
        service_pack_share="divalto_sp",
        extra=["E:\\scratch"],
    )
    assert result == [
        "\\\\fs-par1-a\\acme_production",
        "\\\\fs-par1-a\\cobalt_production",
        "\\\\fs-par1-a\\divalto_sp",
        "\\\\fs-par1-b\\breizhfood_production",
        "\\\\fs-par1-b\\dentelles_production",
        "\\\\fs-par1-b\\divalto_sp",
        "C:\\divalto",
        "C:\\divalto\\DivaltoLog",
        "C:\\divalto\\sys",
        "E:\\scratch",
    ]


def test_app_machine_serving_nothing(example_model):
    result = exclusions(
        machine(example_model, "app-sxb1-01"), [], hpf_root="E:\\hpf\\", hpf_directories=[], service_pack_share="sp"
    )
    assert result == ["E:\\hpf"]


def test_file_machine(example_model):
    roots = ["D:\\divalto\\tenants", "D:\\divalto\\service_packs", "D:\\DIVALTO\\tenants\\"]
    assert exclusions(machine(example_model, "fs-par1-03"), file_roots=roots) == [
        "D:\\divalto\\service_packs",
        "D:\\divalto\\tenants",
    ]


def test_deterministic(example_model):
    records = served(example_model, "app-par1-04")
    first = exclusions(machine(example_model, "app-par1-04"), records, service_pack_share="divalto_sp")
    again = exclusions(machine(example_model, "app-par1-04"), list(reversed(records)), service_pack_share="divalto_sp")
    assert first == again


@pytest.mark.parametrize(
    "host, arguments, message",
    [
        ("none", {}, "expected the divalto_machine host variable, got 'none'"),
        ("fs-par1-01", {}, "machine fs-par1-01 runs 'linux': Microsoft Defender exclusions are for Windows machines"),
        ("sql-par1-01", {}, "machine sql-par1-01 is a SQL Server: sql_directories must name its data, log and backup"),
        ("sql-par1-01", {"sql_directories": "D:\\MSSQL"}, "sql_directories must be a list of absolute Windows paths"),
        ("sql-par1-01", {"sql_directories": ["MSSQL"]}, r"sql_directories\[0\] must be an absolute Windows path"),
        ("fs-par1-03", {}, "machine fs-par1-03 is a file server: file_roots must name its roots"),
        ("fs-par1-03", {"file_roots": ["x"], "extra": []}, r"file_roots\[0\] must be an absolute Windows path"),
        ("app-par1-01", {"extra": ["tmp"]}, r"extra\[0\] must be an absolute Windows path"),
        ("app-par1-01", {"hpf_root": "divalto"}, "hpf_root must be an absolute Windows path"),
        ("app-par1-01", {"hpf_directories": "sys"}, "hpf_directories must be a list of directory names, got 'sys'"),
        (
            "app-par1-01",
            {"hpf_directories": ["C:\\sys"]},
            "hpf_directories must hold directory names relative to hpf_root",
        ),
        ("app-par1-01", {"service_pack_share": ""}, "service_pack_share must be a share name, got ''"),
        (
            "app-par1-01",
            {"environments": {}},
            r"expected a list of environment records \(PlatformModel.served_records\)",
        ),
        (
            "app-par1-01",
            {"environments": [{"key": "x"}]},
            "expected an environment record with placement.files and share",
        ),
    ],
)
def test_errors(example_model, host, arguments, message):
    target = example_model["hosts"][host]["divalto_machine"] if host in example_model["hosts"] else host
    call = {"service_pack_share": "divalto_sp"}
    call.update(arguments)
    with pytest.raises(AntivirusError, match=message):
        exclusions(target, **call)


def test_unknown_role():
    with pytest.raises(
        AntivirusError, match="machine x has role 'backup_vault'; exclusions are known for roles app, sql, file"
    ):
        exclusions({"name": "x", "role": "backup_vault", "os": "windows"})
