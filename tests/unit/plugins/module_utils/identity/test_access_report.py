# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The access review's files: the JSON as returned, the people's Markdown and self-contained HTML."""

from __future__ import annotations

import datetime as dt
import json
import re

from ansible_collections.divalto.cloud.plugins.module_utils.identity.access_report import (
    flag_counts,
    report_files,
    review_result,
    shown_findings,
    summary,
)
from ansible_collections.divalto.cloud.plugins.module_utils.identity.access_review import access_review, review_diff

NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


def make_review(identity, previous=None):
    ou = identity["tenants"]["acme"]["ou"]
    accounts = [
        {"dn": "CN=bob," + ou, "objectClass": ["user"], "sAMAccountName": "bob", "userAccountControl": "514"},
        {
            "dn": "CN=alice," + ou,
            "objectClass": ["user"],
            "sAMAccountName": "alice",
            "userAccountControl": "512",
            "lastLogonTimestamp": "134090000000000000",
        },
    ]
    groups = [
        {"dn": identity["tenants"]["acme"]["groups"]["gg_acme_production"]["dn"], "member": [a["dn"] for a in accounts]}
    ]
    sql = {
        "acme_production": {
            "status": "recorded",
            "source": "sql/acme_production.json",
            "recorded_at": "2026-11-30T22:00:00Z",
            "instance": "SQL-PAR1-A",
            "logins": [{"name": "acme_report", "type": "sql_login", "disabled": True}],
            "database_users": [],
        }
    }
    review = access_review(
        identity, {}, groups, accounts, sql, {"acme": {"account": "bk_acme", "public_keys": None}}, NOW
    )
    review["diff"] = review_diff(previous, review["grants"])
    return review


def test_file_names_and_json(identity):
    review = make_review(identity)
    files = report_files(review)
    assert {kind: name for kind, (name, _text) in files.items()} == {
        "json": "access_review-20261201T080000Z.json",
        "markdown": "access_review-20261201T080000Z.md",
        "html": "access_review-20261201T080000Z.html",
    }
    assert json.loads(files["json"][1]) == review


def test_markdown_for_the_people_who_sign_it(identity):
    text = report_files(make_review(identity))["markdown"][1]
    assert text.startswith("# Access review, 2026-12-01T08:00:00Z\n")
    assert "- since the previous review: no previous review\n" in text
    assert (
        "| **acme** | **production** | **group gg_acme_production** | **bob** | **disabled account still granted** |"
        in text
    )
    assert "### acme production (acme_production): group gg_acme_production\n" in text
    assert "| **alice** | **user** | **yes** | **2025-11-30T18:13:20Z** | **unused** |" in text
    assert "| **acme_report** | **sql_login** | **True** |" in text
    assert "#### acme staging: SQL Server\n\nnot recorded (recorded only: no recording for this environment)" in text
    assert (
        "#### acme production: client SFTP\n\nnone declared: the tenant file declares no client_access\n\nno account"
        in text
    )
    assert "keys not recorded (backup_vault_authorized_keys not given)" in text
    assert "the group is not in the directory" in text  # cobalt's, not read


def test_diff_sections_and_summary(identity):
    first = make_review(identity)
    previous = {
        "source": "reports/access_review-20260901T080000Z.json",
        "time": "2026-09-01T08:00:00Z",
        "grants": [g for g in first["grants"] if g["principal"] != "alice"],
    }
    second = make_review(identity, previous)
    assert summary(second)["added"] == 1 and summary(second)["removed"] == 0
    text = report_files(second)["markdown"][1]
    assert "previous review: reports/access_review-20260901T080000Z.json (2026-09-01T08:00:00Z)" in text
    assert (
        "## Granted since the previous review" in text
        and "| acme | production | group gg_acme_production | alice |" in text
    )
    assert "## Removed since the previous review\n\nnone\n" in text


def test_html_self_contained(identity):
    page = report_files(make_review(identity))["html"][1]
    assert "<h1>Access review, 2026-12-01T08:00:00Z</h1>" in page
    assert '<tr class="warn"><td>acme</td><td>production</td><td>group gg_acme_production</td><td>bob</td>' in page
    assert not re.search(r"https?:|<link|<script|<img|src=|href=", page)


def test_client_sftp_accounts_listed(identity):
    environments = {
        "acme_production": {
            "tenant": "acme",
            "type": "production",
            "client_access": {
                "accounts": [
                    {
                        "account": "acme-prd-dist",
                        "name": "Partner support",
                        "grants": {"exchange/out": "read", "code/overrides": "write"},
                        "keys": ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBm+pXk0 dist@partner"],
                    }
                ]
            },
        }
    }
    review = access_review(identity, environments, [], [], {}, {}, NOW)
    review["diff"] = review_diff(None, review["grants"])
    text = report_files(review)["markdown"][1]
    assert "declared: the tenant file's client_access\n\n| account | name | rights | keys |" in text
    assert "| acme-prd-dist | Partner support | code/overrides write, exchange/out read | SHA256:" in text
    assert text.count("dist@partner") == 1


def test_findings_shown_in_the_job_output_are_capped(identity):
    review = make_review(identity)
    assert "acme production: bob (group gg_acme_production): disabled account still granted" in shown_findings(review)
    many = dict(review, findings=review["findings"] * 30)
    shown = shown_findings(many)
    assert len(shown) == 51 and shown[-1] == "... and %d more (the review lists them all)" % (
        len(many["findings"]) - 50
    )


def test_the_result_is_bounded_whatever_the_review(identity):
    review = make_review(identity)
    grant = review["grants"][0]
    many = dict(
        review,
        findings=review["findings"] * 30,
        diff={"previous": "old.json", "previous_time": "2026-09-01T08:00:00Z", "added": [grant] * 80, "removed": []},
    )
    paths = {"json": "r/a.json", "markdown": "r/a.md", "html": "r/a.html"}
    result = review_result(many, paths, ["r/a.json"])
    assert result["summary"] == summary(many) and result["summary"]["added"] == 80
    assert len(result["findings"]) == 51 and len(result["diff"]["added"]) == 50
    assert result["diff"]["previous"] == "old.json" and result["diff"]["removed"] == []
    assert (result["json_path"], result["markdown_path"], result["html_path"]) == ("r/a.json", "r/a.md", "r/a.html")
    assert result["written"] == ["r/a.json"]
    assert flag_counts(many) == {flag: 30 * n for flag, n in flag_counts(review).items()}
    assert result["flags"] == flag_counts(many) and sum(result["flags"].values()) == len(many["findings"])
