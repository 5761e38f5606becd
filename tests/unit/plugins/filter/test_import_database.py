# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filters of playbooks/import_database.yml: each one's result, and every refusal as an AnsibleFilterError."""

from __future__ import annotations

import base64

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.import_database import FilterModule
from ansible_collections.divalto.cloud.plugins.filter.request import playbook_request
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.backup.test_import_backup import COPY, RESULT
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.backup.test_import_request import request

FILTERS = FilterModule().filters()
SHA = "0123456789abcdef" * 4
REQUEST = {
    "tenant": "acme",
    "target": "acme_staging",
    "file": "ACME 1.bak",
    "checksum_file": "ACME 1.bak.sha256",
    "sha256": None,
    "database": "acme_staging_erp",
    "database_role": "erp",
    "quota_gb": 50,
    "stamp": "20261206T020000Z",
}


def test_the_filters():
    assert sorted(FILTERS) == [
        "import_backup",
        "import_checksum_file",
        "import_expected_sha256",
        "import_file",
        "import_paths",
        "import_plan",
        "import_report",
        "import_sha256",
    ]


def test_paths_and_their_refusal(example_model):
    environments = example_model["vars"]["divalto_environments"]
    paths = FILTERS["import_paths"](REQUEST, environments, "/srv/divalto/tenants", "linux", "D:\\import")
    assert paths["file"] == "/srv/divalto/tenants/acme/staging/exchange/in/ACME 1.bak"
    with pytest.raises(AnsibleFilterError, match="^import_paths: tenant root: expected an absolute POSIX path"):
        FILTERS["import_paths"](REQUEST, environments, "tenants", "linux", "D:\\import")
    with pytest.raises(AnsibleFilterError, match="^import_paths: unexpected arguments"):
        FILTERS["import_paths"]({"target": "acme_staging"}, environments, "/srv", "linux", "D:\\import")


def test_the_file_checks_in_order():
    stat = {"stat": {"exists": True, "isreg": True, "islnk": False, "size": 10, "checksum": SHA}}
    assert FILTERS["import_file"](stat, REQUEST, "/x/ACME 1.bak", "fs-par1-01")["size"] == 10
    assert FILTERS["import_checksum_file"](stat, "/x/ACME 1.bak.sha256", "fs-par1-01") is True
    slurp = {"content": base64.b64encode(("%s  ACME 1.bak\n" % SHA).encode()).decode(), "encoding": "base64"}
    assert FILTERS["import_expected_sha256"](REQUEST, slurp, "/x/ACME 1.bak.sha256") == SHA
    assert FILTERS["import_expected_sha256"](dict(REQUEST, sha256="f" * 64), None, None) == "f" * 64
    assert FILTERS["import_sha256"](stat, SHA, "/x/ACME 1.bak", "fs-par1-01") == SHA
    with pytest.raises(AnsibleFilterError, match="^import_file: the backup file /x/ACME 1.bak is not on fs-par1-01"):
        FILTERS["import_file"]({"stat": {"exists": False}}, REQUEST, "/x/ACME 1.bak", "fs-par1-01")
    with pytest.raises(AnsibleFilterError, match="^import_expected_sha256: the checksum file .* is not UTF-8 text"):
        FILTERS["import_expected_sha256"](REQUEST, None, "/x/ACME 1.bak.sha256")
    with pytest.raises(AnsibleFilterError, match="^import_sha256: .* its SHA-256 is"):
        FILTERS["import_sha256"](stat, "f" * 64, "/x/ACME 1.bak", "fs-par1-01")


def test_the_backup_and_its_refusal():
    assert FILTERS["import_backup"](RESULT, REQUEST, COPY)["database_name"] == "DIVALTO_PROD"
    with pytest.raises(AnsibleFilterError, match="^import_backup: the backup .* more than the database quota"):
        FILTERS["import_backup"](RESULT, dict(REQUEST, quota_gb=1), COPY)


def test_the_playbook_request_filter_knows_the_import(example_model):
    """The request filter of every playbook's first play knows import_database (in ansible-test, a test of
    module_utils cannot import a filter: it is here)."""
    checked = playbook_request(
        dict(request(), import_now="2026-12-06T03:00:00+01:00"),
        "import_database",
        example_model["vars"]["divalto_environments"],
        example_model["vars"]["divalto_platform"],
    )
    assert checked["now"] == "2026-12-06T02:00:00+00:00"
