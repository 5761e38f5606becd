# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a file server holds for its SFTP accounts: chroots, bind mounts per grant, keys, exchange, removals."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.client_access.plan import (
    ClientAccessError,
    access_plan,
    removals,
    retention_days,
)

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILCCUF1eTCg83Umz4Thcg+W37f/4V9uYhfctoy+p/3x1 dist@acme"
ROOT, CHROOTS, KEYS = "/srv/divalto/tenants", "/srv/divalto/sftp", "/etc/ssh/divalto_keys"


def record(tenant, env, accounts=None, retention=None):
    base = "%s/%s" % (tenant, env)
    result = {
        "key": "%s_%s" % (tenant, env),
        "security_group": "gg_%s_%s" % (tenant, env),
        "directories": {name: "%s/%s" % (base, name) for name in ("config", "overrides", "addons", "erp_files")},
    }
    if accounts is not None:
        result["client_access"] = {"accounts": accounts, "exchange_retention_days": retention}
    return result


def account(name, **grants):
    return {"account": name, "person": name.rsplit("-", 1)[1], "name": "D", "keys": [KEY + "  "], "grants": grants}


STAGING = record("acme", "staging", [account("acme-stg-dist", **{"code/addons": "write", "exchange/out": "read"})], 7)
PRODUCTION = record("acme", "production", [account("acme-prd-dist", **{"exchange/out": "read"})])
COBALT = record("cobalt", "production")


def test_an_account_sees_only_its_grants_with_their_rights():
    plan = access_plan([STAGING, PRODUCTION, COBALT], ROOT, CHROOTS, KEYS)
    assert [entry["account"] for entry in plan["accounts"]] == ["acme-prd-dist", "acme-stg-dist"]
    staging = plan["accounts"][1]
    assert staging["group"] == "gg_acme_staging"
    assert staging["chroot"] == "/srv/divalto/sftp/acme-stg-dist"
    assert staging["mounts"] == [
        {
            "src": "/srv/divalto/tenants/acme/staging/addons",
            "path": "/srv/divalto/sftp/acme-stg-dist/code/addons",
            "opts": "bind",
            "right": "write",
        },
        {
            "src": "/srv/divalto/tenants/acme/staging/exchange/out",
            "path": "/srv/divalto/sftp/acme-stg-dist/exchange/out",
            "opts": "bind,ro",
            "right": "read",
        },
        {
            "src": "/run/systemd/journal/dev-log",
            "path": "/srv/divalto/sftp/acme-stg-dist/dev/log",
            "opts": "bind",
            "right": "log",
        },
    ]
    assert staging["mount_points"] == [mount["path"] for mount in staging["mounts"][:2]]
    assert staging["directories"] == [
        "/srv/divalto/sftp/acme-stg-dist",
        "/srv/divalto/sftp/acme-stg-dist/code",
        "/srv/divalto/sftp/acme-stg-dist/dev",
        "/srv/divalto/sftp/acme-stg-dist/exchange",
    ]
    assert staging["keys_file"] == "/etc/ssh/divalto_keys/acme-stg-dist"
    assert staging["authorized_keys"] == KEY + "\n"


def test_every_environment_gets_its_exchange_directories_and_retention():
    plan = access_plan([STAGING, COBALT], ROOT, CHROOTS, KEYS, {"exchange_retention_days": 45})
    assert plan["exchange_directories"][:3] == [
        {"path": "/srv/divalto/tenants/acme/staging/exchange", "group": "gg_acme_staging"},
        {"path": "/srv/divalto/tenants/acme/staging/exchange/in", "group": "gg_acme_staging"},
        {"path": "/srv/divalto/tenants/acme/staging/exchange/out", "group": "gg_acme_staging"},
    ]
    assert [(entry["key"], entry["days"]) for entry in plan["retention"]] == [
        ("acme_staging", 7),
        ("cobalt_production", 45),
    ]


def test_retention_defaults():
    assert retention_days(COBALT, None) == 30
    assert retention_days(PRODUCTION, {"exchange_retention_days": 9}) == 9


@pytest.mark.parametrize(
    "root, chroots, message",
    [
        ("/", CHROOTS, "root: expected an absolute path other than /, got '/'"),
        ("srv", CHROOTS, "root: expected an absolute path other than /, got 'srv'"),
        (ROOT, ROOT + "/sftp", "chroot_root /srv/divalto/tenants/sftp and the tenant root /srv/divalto/tenants"),
        (ROOT, "/srv", "chroot_root /srv and the tenant root"),
    ],
)
def test_bad_paths(root, chroots, message):
    with pytest.raises(ClientAccessError, match="^" + message.replace("(", "\\(")):
        access_plan([STAGING], root, chroots, KEYS)


def test_what_left_the_tenant_file_is_removed():
    plan = access_plan([STAGING], ROOT, CHROOTS, KEYS)
    mounted = [
        "/",
        "/srv/divalto/sftp/acme-stg-dist/code/addons",
        "/srv/divalto/sftp/acme-stg-dist/code/config",  # a grant withdrawn
        "/srv/divalto/sftp/acme-prd-dist/exchange/out",
        "/srv/divalto/sftp/acme-prd-dist/dev/log",
        "/srv/divalto/sftpx/other",
    ]
    assert removals(plan, ["acme-stg-dist", "acme-prd-dist", ""], mounted, CHROOTS) == {
        "accounts": ["acme-prd-dist"],
        "chroots": ["/srv/divalto/sftp/acme-prd-dist"],
        "mounts": [
            "/srv/divalto/sftp/acme-prd-dist/dev/log",
            "/srv/divalto/sftp/acme-prd-dist/exchange/out",
            "/srv/divalto/sftp/acme-stg-dist/code/config",
        ],
    }
    assert removals(plan, ["acme-stg-dist"], [], CHROOTS) == {"accounts": [], "chroots": [], "mounts": []}


def test_the_quota_check_covers_the_write_grants_of_environments_with_a_quota():
    staging = dict(STAGING, quota={"files_gb": 50})
    production = dict(PRODUCTION, quota={"files_gb": 60})
    plan = access_plan([staging, production, dict(COBALT, quota={"files_gb": 10})], ROOT, CHROOTS, KEYS)
    # production's account only reads and cobalt has none: nothing to withdraw there.
    assert plan["quota"] == [
        {
            "key": "acme_staging",
            "path": "/srv/divalto/tenants/acme/staging",
            "quota_bytes": 50 * 1024**3,
            "write_mounts": ["/srv/divalto/sftp/acme-stg-dist/code/addons"],
        }
    ]


def test_records_without_a_quota_have_no_quota_check():
    assert access_plan([STAGING], ROOT, CHROOTS, KEYS)["quota"] == []
