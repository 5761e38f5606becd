# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The database users of a copy: the source's removed, the target's granted (backup/copy_users.py)."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.copy_users import (
    CopyUsersError,
    copy_users,
    logins,
    users_batch,
)


def copy(environments, **changes):
    arguments = {
        "source_key": "acme_production",
        "target_key": "acme_staging",
        "target_databases": ["acme_staging_erp", "acme_staging_portal"],
        "domain": "CLOUD",
        "roles": ["db_owner"],
    }
    arguments.update(changes)
    return copy_users(environments, **arguments)


def test_a_copy_removes_the_sources_users_and_grants_the_targets_group(environments):
    users = copy(environments)
    assert users["removed"] == [
        "CLOUD\\gg_acme_production",
        "CLOUD\\acme_prd",
        "every other Windows user or group but CLOUD\\gg_acme_staging and CLOUD\\acme_stg",
    ]
    assert users["granted"] == [{"login": "CLOUD\\gg_acme_staging", "roles": ["db_owner"]}]
    assert users["service_account"] == {"source": "CLOUD\\acme_prd", "target": "CLOUD\\acme_stg"}
    assert users["summary"] == [
        "database users: CLOUD\\gg_acme_production, CLOUD\\acme_prd removed; CLOUD\\gg_acme_staging granted db_owner; "
        "CLOUD\\acme_stg given the roles CLOUD\\acme_prd had, if any; every other Windows user or group but "
        "CLOUD\\gg_acme_staging and CLOUD\\acme_stg removed"
    ]
    assert [(s["name"], s["database"]) for s in users["statements"]] == [
        ("copy_users", "acme_staging_erp"),
        ("copy_users", "acme_staging_portal"),
    ]
    assert users["statements"][0]["description"] == (
        "users of acme_production removed, CLOUD\\gg_acme_staging granted db_owner"
    )
    sql = users["statements"][0]["sql"]
    lines = sql.splitlines()
    # All or nothing, and in this order: note the service account's roles, drop the source's users, grant.
    assert lines[:2] == ["SET XACT_ABORT ON;", "BEGIN TRANSACTION;"]
    assert lines[-1] == "COMMIT TRANSACTION;"
    assert (
        "INSERT INTO @source (name, service) VALUES (N'CLOUD\\gg_acme_production', 0), (N'CLOUD\\acme_prd', 1);"
        in lines
    )
    assert sql.index("INSERT INTO @roles") < sql.index("DROP USER") < sql.index("CREATE USER [CLOUD\\gg_acme_staging]")
    assert "    CREATE USER [CLOUD\\gg_acme_staging] FOR LOGIN [CLOUD\\gg_acme_staging];" in lines
    assert "ALTER ROLE [db_owner] ADD MEMBER [CLOUD\\gg_acme_staging];" in lines
    assert "    IF SUSER_ID(N'CLOUD\\acme_stg') IS NULL" in lines
    assert (
        "    SELECT @sql = @sql + N'ALTER ROLE ' + QUOTENAME(name) + N' ADD MEMBER [CLOUD\\acme_stg]; ' FROM @roles;"
        in (lines)
    )
    # The users are found by name and by their logins' SID (a user renamed, or of a login re-created, is found too);
    # the catalog's names are compared in the database's collation (a contained database: no error 468).
    assert (
        "    LEFT JOIN @source AS s ON dp.name COLLATE DATABASE_DEFAULT = s.name OR dp.sid = SUSER_SID(s.name)" in lines
    )
    assert "    JOIN @users AS x ON x.name = u.name COLLATE DATABASE_DEFAULT AND x.service = 1;" in lines
    # Nothing of the target's own environment is dropped: its group and service account are named only to be kept.
    dropped = sql.split("END;")[0]
    kept = "        OR (dp.type IN ('U', 'G') AND dp.name NOT IN (N'CLOUD\\gg_acme_staging', N'CLOUD\\acme_stg')))"
    assert kept in lines
    assert "gg_acme_staging" not in dropped.replace(kept, "") and "acme_stg" not in dropped.replace(kept, "")


def test_every_other_windows_principal_of_the_copy_is_dropped(environments):
    # CLOUD\alice of gg_acme_production created a table: SQL Server made her a user (type U) and a schema; she is
    # neither the source's group nor its service account, and would keep her rights in the copy.
    # dbo, guest, INFORMATION_SCHEMA and sys (principal_id 1 to 4) and SQL users of no source login stay; only the
    # source's service account (service 1) carries its roles over, the others' roles go with them.
    lines = copy(environments)["statements"][0]["sql"].splitlines()
    start = lines.index("INSERT INTO @users (name, service)")
    assert lines[start : start + 7] == [
        "INSERT INTO @users (name, service)",
        "    SELECT dp.name, ISNULL(MAX(CAST(s.service AS int)), 0) FROM sys.database_principals AS dp",
        "    LEFT JOIN @source AS s ON dp.name COLLATE DATABASE_DEFAULT = s.name OR dp.sid = SUSER_SID(s.name)",
        "    WHERE dp.principal_id > 4 AND (",
        "        (s.name IS NOT NULL AND dp.type IN ('U', 'G', 'S', 'E', 'X'))",
        "        OR (dp.type IN ('U', 'G') AND dp.name NOT IN (N'CLOUD\\gg_acme_staging', N'CLOUD\\acme_stg')))",
        "    GROUP BY dp.name;",
    ]


def test_every_role_is_granted(environments):
    sql = copy(environments, roles=["db_datareader", "db_datawriter"])["statements"][0]["sql"]
    assert "ALTER ROLE [db_datareader] ADD MEMBER [CLOUD\\gg_acme_staging];" in sql
    assert "ALTER ROLE [db_datawriter] ADD MEMBER [CLOUD\\gg_acme_staging];" in sql


def test_a_restore_into_the_same_environment_or_without_databases_changes_no_user(environments):
    empty = {"removed": [], "granted": [], "service_account": None, "statements": [], "summary": []}
    assert copy(environments, target_key="acme_production") == empty
    assert copy(environments, target_databases=[]) == empty
    # Not even the domain is needed then.
    assert copy(environments, target_key="acme_production", domain="") == empty


def test_hostile_names_cannot_end_their_quotes():
    source = {"group": "CLOUD\\gg_x'); DROP TABLE t; --", "service_account": "CLOUD\\x]; DROP USER y; --"}
    target = {"group": "CLOUD\\gg_]evil", "service_account": "CLOUD\\o'neil"}
    sql = users_batch(source, target, ["db]owner"])
    assert "VALUES (N'CLOUD\\gg_x''); DROP TABLE t; --', 0), (N'CLOUD\\x]; DROP USER y; --', 1);" in sql
    assert "CREATE USER [CLOUD\\gg_]]evil] FOR LOGIN [CLOUD\\gg_]]evil];" in sql
    assert "ALTER ROLE [db]]owner] ADD MEMBER [CLOUD\\gg_]]evil];" in sql
    assert "IF SUSER_ID(N'CLOUD\\o''neil') IS NULL" in sql
    # The service account's name inside the dynamic SQL is quoted twice: as a name, then inside the literal.
    assert "N' ADD MEMBER [CLOUD\\o''neil]; '" in sql
    assert "dp.name NOT IN (N'CLOUD\\gg_]evil', N'CLOUD\\o''neil')))" in sql


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"domain": ""}, "sqlserver_domain: expected the Active Directory domain of the environments' groups"),
        ({"domain": "CLOUD\\x"}, "sqlserver_domain: expected the Active Directory domain"),
        ({"domain": None}, "sqlserver_domain: expected"),
        ({"roles": "db_owner"}, "sqlserver_tenant_roles: expected a list of 1 to 32 database roles, got"),
        ({"roles": []}, "sqlserver_tenant_roles: expected a list of 1 to 32 database roles"),
        ({"roles": ["db_owner", ""]}, "sqlserver_tenant_roles: identifier: expected 1 to 128 characters"),
        ({"roles": ["x" * 129]}, "sqlserver_tenant_roles: identifier: expected 1 to 128 characters"),
        ({"roles": [None]}, "sqlserver_tenant_roles: identifier: expected a string"),
        ({"target_key": "acme_nowhere"}, "environment 'acme_nowhere' is not in divalto_environments"),
    ],
)
def test_bad_arguments_are_named(environments, changes, message):
    with pytest.raises(CopyUsersError) as error:
        copy(environments, **changes)
    assert str(error.value).startswith(message), str(error.value)


def test_a_login_sql_server_would_refuse_fails_naming_both_environments(environments):
    changed = dict(environments)
    changed["acme_staging"] = dict(environments["acme_staging"], security_group="g" * 130)
    with pytest.raises(CopyUsersError, match=r"^the logins of acme_production or acme_staging: identifier: expected"):
        copy(changed)


def test_logins_are_the_records_names_with_the_domain(environments):
    assert logins(environments["breizhfood_training"], "CLOUD") == {
        "group": "CLOUD\\gg_breizhfood_training",
        "service_account": "CLOUD\\breizhfood_trn",
    }
