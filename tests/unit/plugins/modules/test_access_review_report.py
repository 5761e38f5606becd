# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The access_review_report module: writes the three files 0640, again only when they change, none in check mode."""

from __future__ import annotations

import datetime as dt
import json
import stat

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.module_utils.identity.access_review import access_review, review_diff
from ansible_collections.divalto.cloud.plugins.modules import access_review_report as module

NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
OU = "OU=acme,OU=Tenants,DC=x"
IDENTITY = {
    "tenants": {
        "acme": {
            "ou": OU,
            "groups": {
                "gg_acme_production": {
                    "dn": "CN=gg_acme_production," + OU,
                    "environment": "production",
                    "kind": "environment",
                }
            },
            "service_accounts": {},
        }
    }
}


@pytest.fixture
def review():
    groups = [{"dn": "CN=gg_acme_production," + OU, "member": "CN=alice," + OU}]
    made = access_review(IDENTITY, {}, groups, [], {}, {}, NOW)
    made["diff"] = review_diff(None, made["grants"])
    return made


def run(capsys, check_mode=False, **params):
    if check_mode:
        params["_ansible_check_mode"] = True
    with patch_module_args(params), pytest.raises(SystemExit) as info:
        module.main()
    result = json.loads(capsys.readouterr().out)
    assert ("failed" in result) == (info.value.code == 1)
    return result


def test_writes_json_markdown_and_html_once(capsys, tmp_path, review):
    dest = tmp_path / "reports"
    result = run(capsys, dest=str(dest), review=review)
    assert result["changed"] is True
    assert sorted(p.name for p in dest.iterdir()) == [
        "access_review-20261201T080000Z.html",
        "access_review-20261201T080000Z.json",
        "access_review-20261201T080000Z.md",
    ]
    assert json.loads((dest / "access_review-20261201T080000Z.json").read_text()) == review
    assert stat.S_IMODE((dest / "access_review-20261201T080000Z.html").stat().st_mode) == 0o640
    assert result["html_path"] == str(dest / "access_review-20261201T080000Z.html")
    assert run(capsys, dest=str(dest), review=review)["changed"] is False


def test_check_mode_writes_nothing(capsys, tmp_path, review):
    result = run(capsys, check_mode=True, dest=str(tmp_path / "reports"), review=review)
    assert result["changed"] is True and not (tmp_path / "reports").exists()


def test_refuses_what_is_not_a_review(capsys, tmp_path):
    result = run(capsys, dest=str(tmp_path), review={"kind": "directory_sync"})
    assert result["failed"] and result["msg"].startswith("review: not the review of divalto.cloud.access_review")


def test_dest_that_is_a_file(capsys, tmp_path, review):
    (tmp_path / "file").write_text("x")
    result = run(capsys, dest=str(tmp_path / "file"), review=review)
    assert result["failed"] and "cannot write the access review in" in result["msg"]
