# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: what the ``sqlserver`` role sets on a SQL Server instance.

``instance_settings``: the maximum server memory, from the machine's capacity
(``memory_gb``): ``total - max(reserve_min_gb, reserve_percent of total)``, in
MB, the rest left to Windows; and the ``sp_configure`` defaults for backups
(compression, checksum).

``databases_plan``: for each environment placed on the machine's SQL HA pair,
its databases (ERP, and portal / BI when licensed) with owner, recovery model
(FULL for production; a setting for the others) and maximum size (the
environment's ``database_gb`` quota shared among its databases by weight, in
MB, summing exactly to the quota), and the login of the environment's AD
group (``DOMAIN\\gg_<tenant>_<environment>``), mapped to that environment's
own databases and no other.
"""

from __future__ import annotations

import math

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.tsql import DOMAIN_RE

RECOVERY_MODELS = ("Full", "Simple", "BulkLogged")
DEFAULT_SHARES = {"erp": 80, "portal": 10, "bi": 10}
PRIMARY_KIND = "erp"
BACKUP_OPTIONS = (("backup_compression", "backup compression default"), ("backup_checksum", "backup checksum default"))
MIN_SQL_MEMORY_MB = 1024
REQUIRED_KEYS = ("key", "production", "placement", "databases", "security_group", "quota")


class SqlServerPlanError(DivaltoError):
    """Arguments or environment records the SQL Server settings cannot be computed from."""


def _number(what, value, minimum, integer=False):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
        raise SqlServerPlanError("%s must be a number, got %r" % (what, value))
    if value < minimum:
        raise SqlServerPlanError("%s must be at least %s, got %r" % (what, minimum, value))
    return value


def max_server_memory_mb(memory_gb, reserve_min_gb=4, reserve_percent=10):
    """``total - max(reserve_min_gb, reserve_percent % of total)``, in MB (total = memory_gb * 1024)."""
    _number("memory_gb", memory_gb, 1)
    _number("reserve_min_gb", reserve_min_gb, 0)
    _number("reserve_percent", reserve_percent, 0)
    if reserve_percent >= 100:
        raise SqlServerPlanError("reserve_percent must be below 100, got %r" % (reserve_percent,))
    total = int(memory_gb * 1024)
    reserve = max(int(math.ceil(reserve_min_gb * 1024)), int(math.ceil(total * reserve_percent / 100.0)))
    result = total - reserve
    if result < MIN_SQL_MEMORY_MB:
        raise SqlServerPlanError(
            "a machine of %s GB keeps %d MB for Windows and leaves SQL Server %d MB, below %d MB"
            % (memory_gb, reserve, result, MIN_SQL_MEMORY_MB)
        )
    return result


def instance_settings(machine, reserve_min_gb=4, reserve_percent=10, backup_compression=True, backup_checksum=True):
    """``{"max_memory_mb": int, "sp_configure": [{"name", "value"}]}`` for the machine ``divalto_machine``."""
    if not isinstance(machine, dict) or not isinstance(machine.get("capacity"), dict):
        raise SqlServerPlanError("expected the divalto_machine host variable (with capacity), got %r" % (machine,))
    if machine.get("role") != "sql":
        raise SqlServerPlanError("machine %s has role %r, not sql" % (machine.get("name", "?"), machine.get("role")))
    if "memory_gb" not in machine["capacity"]:
        raise SqlServerPlanError("machine %s: capacity lacks memory_gb" % machine.get("name", "?"))
    flags = {"backup_compression": backup_compression, "backup_checksum": backup_checksum}
    for name, value in flags.items():
        if not isinstance(value, bool):
            raise SqlServerPlanError("%s must be true or false, got %r" % (name, value))
    return {
        "max_memory_mb": max_server_memory_mb(machine["capacity"]["memory_gb"], reserve_min_gb, reserve_percent),
        "sp_configure": [{"name": option, "value": int(flags[flag])} for flag, option in BACKUP_OPTIONS],
    }


def _check_shares(shares):
    if not isinstance(shares, dict) or not shares:
        raise SqlServerPlanError("quota_shares must map database kinds to weights, got %r" % (shares,))
    for kind, weight in shares.items():
        if isinstance(weight, bool) or not isinstance(weight, int) or weight <= 0:
            raise SqlServerPlanError("quota_shares[%r] must be a positive integer, got %r" % (kind, weight))
    if PRIMARY_KIND not in shares:
        raise SqlServerPlanError("quota_shares must give the %s database a weight" % PRIMARY_KIND)


def split_quota_mb(database_gb, kinds, shares):
    """``{kind: MB}``: ``database_gb`` shared among ``kinds`` by weight, the rounding rest to the ERP database."""
    _number("database_gb", database_gb, 1, integer=True)
    total_mb = database_gb * 1024
    weights = {kind: shares[kind] for kind in kinds}
    total_weight = sum(weights.values())
    sizes = {kind: total_mb * weight // total_weight for kind, weight in weights.items()}
    sizes[PRIMARY_KIND] += total_mb - sum(sizes.values())
    return sizes


def _check_record(record):
    if not isinstance(record, dict):
        raise SqlServerPlanError("expected an environment record (a dict of divalto_environments), got %r" % (record,))
    missing = [name for name in REQUIRED_KEYS if name not in record]
    if missing:
        raise SqlServerPlanError(
            "environment record %r lacks %s (not a divalto_environments entry?)"
            % (record.get("key", "?"), ", ".join(missing))
        )
    if PRIMARY_KIND not in record["databases"]:
        raise SqlServerPlanError("environment %s has no %s database" % (record["key"], PRIMARY_KIND))


def databases_plan(
    environments,
    ha_pair,
    domain,
    owner="sa",
    nonproduction_recovery_model="Full",
    quota_shares=None,
    roles=("db_owner",),
):
    """Databases and logins of the environments placed on SQL HA pair ``ha_pair``, sorted by key.

    Returns ``{"databases": [...], "logins": [...]}``. Each database:
    ``environment``, ``kind``, ``name``, ``owner``, ``recovery_model``,
    ``max_size_mb``, ``login`` and ``roles`` (the database roles of the
    environment's login in it). Each login: ``environment``, ``login``,
    ``default_database`` (the ERP database) and ``databases`` (its own).
    """
    if not isinstance(environments, dict):
        raise SqlServerPlanError(
            "expected the divalto_environments inventory variable (a dict), got %r" % (environments,)
        )
    if not isinstance(ha_pair, str) or not ha_pair:
        raise SqlServerPlanError("expected the SQL Server's HA pair name, got %r" % (ha_pair,))
    if not isinstance(domain, str) or not DOMAIN_RE.match(domain):
        raise SqlServerPlanError(
            "domain must be the Active Directory domain of the environments' groups (NetBIOS or DNS name), got %r"
            % (domain,)
        )
    if not isinstance(owner, str) or not owner:
        raise SqlServerPlanError("owner must name a login, got %r" % (owner,))
    if nonproduction_recovery_model not in RECOVERY_MODELS:
        raise SqlServerPlanError(
            "nonproduction_recovery_model must be one of %s, got %r"
            % (", ".join(RECOVERY_MODELS), nonproduction_recovery_model)
        )
    shares = dict(DEFAULT_SHARES) if quota_shares is None else quota_shares
    _check_shares(shares)
    if isinstance(roles, (str, dict)) or not isinstance(roles, (list, tuple)) or not roles:
        raise SqlServerPlanError("roles must be a non-empty list of database roles, got %r" % (roles,))
    if not all(isinstance(role, str) and role for role in roles):
        raise SqlServerPlanError("roles must be a non-empty list of database roles, got %r" % (roles,))

    databases = []
    logins = []
    owners = {}
    for key in sorted(environments):
        record = environments[key]
        _check_record(record)
        if record["placement"].get("sql") != ha_pair:
            continue
        names = record["databases"]
        unknown = sorted(kind for kind in names if kind not in shares)
        if unknown:
            raise SqlServerPlanError(
                "environment %s: no quota_shares weight for database kind(s) %s" % (key, ", ".join(unknown))
            )
        login = "%s\\%s" % (domain, record["security_group"])
        sizes = split_quota_mb(record["quota"]["database_gb"], sorted(names), shares)
        recovery = "Full" if record["production"] else nonproduction_recovery_model
        own = []
        for kind in sorted(names, key=lambda name: (name != PRIMARY_KIND, name)):
            name = names[kind]
            other = owners.setdefault(name.lower(), key)
            if other != key:
                raise SqlServerPlanError("database %s is claimed by environments %s and %s" % (name, other, key))
            own.append(name)
            databases.append(
                {
                    "environment": key,
                    "kind": kind,
                    "name": name,
                    "owner": owner,
                    "recovery_model": recovery,
                    "max_size_mb": sizes[kind],
                    "login": login,
                    "roles": list(roles),
                }
            )
        logins.append({"environment": key, "login": login, "default_database": names[PRIMARY_KIND], "databases": own})
    return {"databases": databases, "logins": logins}
