# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the database users of a copy, moved from the source environment to the target's.

A database restored from another environment (``playbooks/restore.yml``, production into staging) carries the
source's users: the login of the source's group (``DOMAIN\\gg_<tenant>_<source>``, which the ``sqlserver`` role
maps into its databases) and possibly one of the source's service account. Left there, the people of production
would reach the copy, and the target's people would not. :func:`copy_users` gives, per restored database, one
T-SQL batch (run with ``lowlydba.sqlserver.nonquery``, in one transaction, ``XACT_ABORT``: all or nothing):

1. the users of the source's group and service account (by name, or mapped to their logins' SID), and every
   other Windows user or group but the target's group and service account (above all the users SQL Server made
   for members of the source's group, ``CLOUD\\alice``, who created a schema or an object: the platform maps
   only groups), are dropped, after the schemas and roles they own are given to ``dbo``; the roles the service
   account's user was a member of are noted first;
2. the target's group gets a user for its login (when it has none) and the roles the ``sqlserver`` role gives a
   group in its own databases (``sqlserver_tenant_roles``, ``db_owner`` by default);
3. when the source's service account had roles, the target's service account gets a user and the same roles; it
   needs a login on the instance, else the batch fails (and nothing of it stays) naming both accounts.

Names are the environment records' ``security_group`` and ``service_account`` with the SQL domain
(``sqlserver_domain``); every name is quoted by ``core.tsql`` (QUOTENAME), every text as an ``N'...'``
literal. A restore into the same environment changes no user (returns nothing).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt
from ansible_collections.divalto.cloud.plugins.module_utils.core.tsql import DOMAIN_RE, TsqlError, identifier, literal

MAX_ROLES = 32
# sys.database_principals.name (the catalog's collation in a contained database) compared with a table variable's
# column (the database's): without it, error 468 (collation conflict).
COLLATE = "COLLATE DATABASE_DEFAULT"


class CopyUsersError(DivaltoError):
    """The domain, roles or environments the users of a copy cannot be computed from."""


def _domain(domain: Any) -> str:
    if not isinstance(domain, str) or not DOMAIN_RE.match(domain):
        raise CopyUsersError(
            "sqlserver_domain: expected the Active Directory domain of the environments' groups (NetBIOS or DNS "
            "name), got %s" % excerpt(domain)
        )
    return domain


def _roles(roles: Any) -> list[str]:
    if isinstance(roles, (str, Mapping)) or not isinstance(roles, Sequence) or not 0 < len(roles) <= MAX_ROLES:
        raise CopyUsersError(
            "sqlserver_tenant_roles: expected a list of 1 to %d database roles, got %s" % (MAX_ROLES, excerpt(roles))
        )
    for role in roles:
        try:
            identifier(role)
        except TsqlError as exc:
            raise CopyUsersError("sqlserver_tenant_roles: %s" % exc) from exc
    return list(roles)


def logins(environment: Mapping[str, Any], domain: str) -> dict[str, str]:
    """``{group, service_account}``: the Windows logins of an environment (``DOMAIN\\name``)."""
    return {
        "group": "%s\\%s" % (domain, environment["security_group"]),
        "service_account": "%s\\%s" % (domain, environment["service_account"]),
    }


def users_batch(source: Mapping[str, str], target: Mapping[str, str], roles: Sequence[str]) -> str:
    """The T-SQL batch of one database (see the module's docstring); ``source``/``target`` from :func:`logins`."""
    missing = (
        "the source's service account %s had roles in this database, but the target's service account %s has no "
        "login on this instance: create its login (or give the roles to %s) and run the restore again"
        % (source["service_account"], target["service_account"], target["group"])
    )
    selection = [
        "DECLARE @source TABLE (name sysname NOT NULL, service bit NOT NULL);",
        "INSERT INTO @source (name, service) VALUES (%s, 0), (%s, 1);"
        % (literal(source["group"]), literal(source["service_account"])),
        "DECLARE @users TABLE (name sysname NOT NULL PRIMARY KEY, service bit NOT NULL);",
        "INSERT INTO @users (name, service)",
        "    SELECT dp.name, ISNULL(MAX(CAST(s.service AS int)), 0) FROM sys.database_principals AS dp",
        "    LEFT JOIN @source AS s ON dp.name %s = s.name OR dp.sid = SUSER_SID(s.name)" % COLLATE,
        "    WHERE dp.principal_id > 4 AND (",
        "        (s.name IS NOT NULL AND dp.type IN ('U', 'G', 'S', 'E', 'X'))",
        "        OR (dp.type IN ('U', 'G') AND dp.name NOT IN (%s, %s)))"
        % (literal(target["group"]), literal(target["service_account"])),
        "    GROUP BY dp.name;",
    ]
    return _batch(selection, target, roles, missing)


def import_users_batch(target: Mapping[str, str], roles: Sequence[str]) -> str:
    """The batch of a database imported from a client's own server: every user of a login (Windows user or group,
    SQL login, certificate or key, contained user with a password) other than the target's group and service
    account is dropped (none of those logins exists here; left, a login of the same name made later would
    inherit the user); users without login (``authentication_type`` 0, kept by applications for ``EXECUTE AS``)
    stay; the target's group is granted ``roles``."""
    selection = [
        "DECLARE @users TABLE (name sysname NOT NULL PRIMARY KEY, service bit NOT NULL);",
        "INSERT INTO @users (name, service)",
        "    SELECT dp.name, 0 FROM sys.database_principals AS dp",
        "    WHERE dp.type IN ('U', 'G', 'S', 'E', 'X') AND dp.principal_id > 4",
        "      AND NOT (dp.type = 'S' AND dp.authentication_type = 0)",
        "      AND dp.name NOT IN (%s, %s);" % (literal(target["group"]), literal(target["service_account"])),
    ]
    return _batch(selection, target, roles, "no service account's roles are carried into an import")


def _batch(selection: Sequence[str], target: Mapping[str, str], roles: Sequence[str], missing: str) -> str:
    """The batch around ``selection`` (the lines filling ``@users``): drop them, grant the target's group."""
    target_account = identifier(target["service_account"])
    lines = [
        "SET XACT_ABORT ON;",
        "BEGIN TRANSACTION;",
        *selection,
        "DECLARE @roles TABLE (name sysname NOT NULL PRIMARY KEY);",
        "INSERT INTO @roles (name)",
        "    SELECT DISTINCT r.name FROM sys.database_role_members AS m",
        "    JOIN sys.database_principals AS r ON r.principal_id = m.role_principal_id",
        "    JOIN sys.database_principals AS u ON u.principal_id = m.member_principal_id",
        "    JOIN @users AS x ON x.name = u.name %s AND x.service = 1;" % COLLATE,
        "DECLARE @name sysname, @sql nvarchar(max);",
        "WHILE EXISTS (SELECT 1 FROM @users)",
        "BEGIN",
        "    SELECT TOP (1) @name = name FROM @users ORDER BY name;",
        "    SET @sql = N'';",
        "    SELECT @sql = @sql + N'ALTER AUTHORIZATION ON SCHEMA::' + QUOTENAME(s.name) + N' TO dbo; '",
        "        FROM sys.schemas AS s WHERE s.principal_id = DATABASE_PRINCIPAL_ID(@name);",
        "    SELECT @sql = @sql + N'ALTER AUTHORIZATION ON ROLE::' + QUOTENAME(r.name) + N' TO dbo; '",
        "        FROM sys.database_principals AS r",
        "        WHERE r.type = 'R' AND r.owning_principal_id = DATABASE_PRINCIPAL_ID(@name);",
        "    SET @sql = @sql + N'DROP USER ' + QUOTENAME(@name) + N';';",
        "    EXEC sys.sp_executesql @sql;",
        "    DELETE FROM @users WHERE name = @name;",
        "END;",
        "IF DATABASE_PRINCIPAL_ID(%s) IS NULL" % literal(target["group"]),
        "    CREATE USER %s FOR LOGIN %s;" % (identifier(target["group"]), identifier(target["group"])),
    ]
    lines += ["ALTER ROLE %s ADD MEMBER %s;" % (identifier(role), identifier(target["group"])) for role in roles]
    lines += [
        "IF EXISTS (SELECT 1 FROM @roles)",
        "BEGIN",
        "    IF SUSER_ID(%s) IS NULL" % literal(target["service_account"]),
        "        THROW 50000, %s, 1;" % literal(missing),
        "    IF DATABASE_PRINCIPAL_ID(%s) IS NULL" % literal(target["service_account"]),
        "        CREATE USER %s FOR LOGIN %s;" % (target_account, target_account),
        "    SET @sql = N'';",
        "    SELECT @sql = @sql + N'ALTER ROLE ' + QUOTENAME(name) + %s FROM @roles;"
        % literal(" ADD MEMBER %s; " % target_account),
        "    EXEC sys.sp_executesql @sql;",
        "END;",
        "COMMIT TRANSACTION;",
    ]
    return "\n".join(lines)


def copy_users(
    environments: Mapping[str, Any],
    source_key: str,
    target_key: str,
    target_databases: Sequence[str],
    domain: Any,
    roles: Any,
) -> dict[str, Any]:
    """The users of a copy of ``source_key`` into ``target_key``, for each of ``target_databases``.

    ``domain``: the SQL domain of the groups (``sqlserver_domain``); ``roles``: the roles of a group in its own
    databases (``sqlserver_tenant_roles``). Returns ``{removed, granted, service_account, statements, summary}``:
    ``removed`` the source's logins whose users are dropped, then the rule dropping every other Windows user or
    group, ``granted`` ``{login, roles}`` of the target's group,
    ``service_account`` ``{source, target}`` (the target's gets the roles the source's had, if it had any),
    ``statements`` per database ``{name, database, sql, description}``, ``summary`` a line for the printed
    plan. Empty when the source is the target or no
    database is restored.
    """
    for key in (source_key, target_key):
        if key not in environments:
            raise CopyUsersError("environment %s is not in divalto_environments" % excerpt(key))
    if source_key == target_key or not target_databases:
        return {"removed": [], "granted": [], "service_account": None, "statements": [], "summary": []}
    domain = _domain(domain)
    roles = _roles(roles)
    source = logins(environments[source_key], domain)
    target = logins(environments[target_key], domain)
    try:
        batch = users_batch(source, target, roles)
    except TsqlError as exc:
        raise CopyUsersError("the logins of %s or %s: %s" % (source_key, target_key, exc)) from exc
    others = "every other Windows user or group but %s and %s" % (target["group"], target["service_account"])
    return {
        "removed": [source["group"], source["service_account"], others],
        "granted": [{"login": target["group"], "roles": roles}],
        "service_account": {"source": source["service_account"], "target": target["service_account"]},
        "summary": [
            "database users: %s removed; %s granted %s; %s given the roles %s had, if any; %s removed"
            % (
                ", ".join((source["group"], source["service_account"])),
                target["group"],
                ", ".join(roles),
                target["service_account"],
                source["service_account"],
                others,
            )
        ],
        "statements": [
            {
                "name": "copy_users",
                "database": database,
                "sql": batch,
                "description": "users of %s removed, %s granted %s" % (source_key, target["group"], ", ".join(roles)),
            }
            for database in target_databases
        ],
    }


def import_users(
    environment: Mapping[str, Any], target_databases: Sequence[str], domain: Any, roles: Any
) -> dict[str, Any]:
    """The users of databases imported from a client's server into ``environment`` (its record): the shape of
    :func:`copy_users`, ``removed`` naming the rule (the client's logins are not known before the restore)."""
    target = logins(environment, _domain(domain))
    roles = _roles(roles)
    try:
        batch = import_users_batch(target, roles)
    except TsqlError as exc:
        raise CopyUsersError("the logins of %s: %s" % (environment.get("key"), exc)) from exc
    removed = "every user of a login other than %s and %s (users without login stay)" % (
        target["group"],
        target["service_account"],
    )
    return {
        "removed": [removed],
        "granted": [{"login": target["group"], "roles": roles}],
        "service_account": None,
        "summary": ["database users: %s removed; %s granted %s" % (removed, target["group"], ", ".join(roles))],
        "statements": [
            {
                "name": "import_users",
                "database": database,
                "sql": batch,
                "description": "the client's users removed, %s granted %s" % (target["group"], ", ".join(roles)),
            }
            for database in target_databases
        ],
    }
