# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The delivered file of import_database.yml: its paths, stat results, size against the quota, checksums."""

from __future__ import annotations

import base64

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.import_file import (
    GIB,
    ImportFileError,
    checked_checksum_file,
    checked_file,
    checked_sha256,
    import_paths,
    parse_checksum_file,
)

SHA = "0123456789abcdef" * 4
RECORD = {
    "key": "acme_staging",
    "share": "acme_staging",
    "placement": {"files": "fs-par1-a", "sql": "sql-par1-a"},
    "directories": {"config": "acme/staging/config", "erp_files": "acme/staging/erp_files"},
}
REQUEST = {"file": "ACME 1.bak", "checksum_file": "ACME 1.bak.sha256", "stamp": "20261206T020000Z"}
PATH = "/srv/divalto/tenants/acme/staging/exchange/in/ACME 1.bak"


def stat(**values):
    """A stat (Linux) or win_stat (Windows) result of an existing regular file."""
    result = {"exists": True, "isreg": True, "islnk": False, "size": 1024}
    result.update(values)
    return {"changed": False, "stat": result}


def encoded(text):
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def test_paths_on_a_linux_file_server():
    paths = import_paths(REQUEST, RECORD, "/srv/divalto/tenants", "linux", "D:\\MSSQL\\Backup\\import\\")
    assert paths == {
        "file": PATH,
        "checksum_file": PATH + ".sha256",
        "share_file": "\\\\fs-par1-a\\acme_staging\\exchange\\in\\ACME 1.bak",
        "copy_dir": "D:\\MSSQL\\Backup\\import",
        "copy": "D:\\MSSQL\\Backup\\import\\acme_staging-20261206T020000Z.bak",
    }


def test_paths_on_a_windows_file_server_without_a_checksum_file():
    paths = import_paths(dict(REQUEST, checksum_file=None), RECORD, "D:\\divalto\\tenants", "windows", "E:\\import")
    assert paths["file"] == "D:\\divalto\\tenants\\acme\\staging\\exchange\\in\\ACME 1.bak"
    assert paths["checksum_file"] is None


@pytest.mark.parametrize(
    "root, os_family, import_dir, message",
    [
        ("srv/tenants", "linux", "D:\\import", "expected an absolute POSIX path"),
        ("tenants", "windows", "D:\\import", "must be an absolute Windows path"),
        ("/srv", "solaris", "D:\\import", "unknown operating system"),
        ("/srv", "linux", "import", "must be an absolute Windows path"),
    ],
)
def test_paths_refuse_relative_roots_and_unknown_systems(root, os_family, import_dir, message):
    with pytest.raises(ImportFileError, match=message):
        import_paths(REQUEST, RECORD, root, os_family, import_dir)


def test_a_regular_file_within_the_quota():
    assert checked_file(stat(size=3 * GIB), PATH, "fs-par1-01", 50, "acme_staging") == {
        "path": PATH,
        "size": 3 * GIB,
        "size_gib": 3.0,
    }


def test_a_file_larger_than_the_quota_is_refused_with_both_numbers():
    with pytest.raises(ImportFileError) as info:
        checked_file(stat(size=51 * GIB), PATH, "fs-par1-01", 50, "acme_staging")
    assert "is 54760833024 bytes (51.00 GiB), larger than the database quota of acme_staging (50 GB = 53687091200" in (
        str(info.value)
    )


@pytest.mark.parametrize(
    "result, message",
    [
        (stat(exists=False), "is not on fs-par1-01: the client uploads it"),
        (stat(islnk=True), "is a link: refused"),
        ({"stat": {"exists": True, "isreg": False, "isjunction": True, "size": 1}}, "is a link: refused"),
        (stat(isreg=False, isdir=True), "is not a regular file"),
        (stat(size=0), "is empty"),
        (stat(size="12"), "its size is not a number"),
        ({"failed": True, "msg": "permission denied"}, "no stat result"),
        (None, "no stat result"),
    ],
)
def test_what_is_not_a_delivered_backup_is_refused(result, message):
    with pytest.raises(ImportFileError, match=message):
        checked_file(result, PATH, "fs-par1-01", 50, "acme_staging")


def test_a_bad_quota_is_named():
    with pytest.raises(ImportFileError, match="the database quota of acme_staging is not a number of GB"):
        checked_file(stat(), PATH, "fs-par1-01", None, "acme_staging")


def test_the_checksum_file_is_small_regular_and_not_a_link():
    assert checked_checksum_file(stat(size=90), PATH + ".sha256", "fs-par1-01") == 90
    with pytest.raises(ImportFileError, match="is 5000 bytes"):
        checked_checksum_file(stat(size=5000), PATH + ".sha256", "fs-par1-01")
    with pytest.raises(ImportFileError, match="the checksum file .* is a link"):
        checked_checksum_file(stat(islnk=True), PATH + ".sha256", "fs-par1-01")


@pytest.mark.parametrize(
    "text",
    [
        SHA,
        SHA.upper() + "\n",
        "%s  ACME 1.bak\n" % SHA,
        "%s *ACME 1.bak\r\n" % SHA,
        "\ufeffSHA256 (ACME 1.bak) = %s\n" % SHA,
        "\n\n%s\n\n" % SHA,
    ],
)
def test_the_checksum_file_formats(text):
    assert parse_checksum_file(encoded(text), "ACME 1.bak", "x.sha256") == SHA


@pytest.mark.parametrize(
    "content, message",
    [
        (encoded("%s  other.bak" % SHA), "is for 'other.bak', not for ACME 1.bak"),
        (encoded("%s\n%s" % (SHA, SHA)), "expected one line"),
        (encoded(""), "expected one line"),
        (encoded("abc  ACME 1.bak"), "64 hexadecimal digits"),
        (encoded("MD5 (ACME 1.bak) = %s" % SHA[:32]), "64 hexadecimal digits"),
        (base64.b64encode(b"\xff\xfe" + SHA.encode()).decode(), "is not UTF-8 text"),
        ("not base64!", "is not UTF-8 text"),
        (None, "is not UTF-8 text"),
    ],
)
def test_a_bad_checksum_file_is_refused(content, message):
    with pytest.raises(ImportFileError, match=message):
        parse_checksum_file(content, "ACME 1.bak", "x.sha256")


def test_the_sha256_must_equal_the_clients():
    assert checked_sha256(stat(checksum=SHA.upper()), SHA, PATH, "fs-par1-01") == SHA
    with pytest.raises(ImportFileError) as info:
        checked_sha256(stat(checksum="f" * 64), SHA, PATH, "fs-par1-01")
    assert "its SHA-256 is %s, not %s as the client gave" % ("f" * 64, SHA) in str(info.value)


def test_a_stat_without_a_sha256_is_refused():
    with pytest.raises(ImportFileError, match="no SHA-256 was computed"):
        checked_sha256(stat(checksum="d41d8cd98f00b204e9800998ecf8427e"), SHA, PATH, "fs-par1-01")
    with pytest.raises(ImportFileError, match="no SHA-256 was computed"):
        checked_sha256({"failed": True}, SHA, PATH, "fs-par1-01")
