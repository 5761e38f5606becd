#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: sqlserver_databases
short_description: Databases and logins of the environments placed on a SQL Server HA pair
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - For each environment placed on the SQL HA pair of the machine, sorted by key - its databases (C(erp), C(portal)
    and C(bi) when licensed) and the login of its AD group. Changes nothing; the C(divalto.cloud.sqlserver) role
    applies the plan with lowlydba.sqlserver modules.
  - Recovery model C(Full) for production (point-in-time restore); O(nonproduction_recovery_model) for the others.
  - 'Maximum size: the environment''s C(quota.database_gb) in MB, shared among its databases by the weights of
    O(quota_shares) (the rounding rest goes to the ERP database), so the sizes add up to the quota exactly.'
  - 'Login: C(<domain>\<security_group>), i.e. C(DOMAIN\gg_<tenant>_<environment>), a user with O(roles) in
    that environment''s databases and no other.'
extends_documentation_fragment:
  - divalto.cloud.model_action
  - divalto.cloud.controller_action
options:
  domain:
    description: The Active Directory domain (NetBIOS name) of the environments' security groups.
    type: str
    required: true
  machine:
    description: The inventory name of the SQL Server machine (its HA pair); the task's host when left out.
    type: str
  selected:
    description:
      - Keys of the environments to plan; each must be placed on the machine's pair, else the task fails.
      - Empty or V(null) plans every environment placed on that pair.
    type: list
    elements: str
  owner:
    description: Owner login of the databases (a Windows group cannot own a database).
    type: str
    default: sa
  nonproduction_recovery_model:
    description: Recovery model of the databases of non-production environments.
    type: str
    choices: [Full, Simple, BulkLogged]
    default: Full
  quota_shares:
    description: Database kind -> positive integer weight in the environment's quota; C(erp) required.
    type: dict
    default: {erp: 80, portal: 10, bi: 10}
  roles:
    description: Database roles of the environment's login in each of its databases.
    type: list
    elements: str
    default: [db_owner]
"""

EXAMPLES = r"""
- name: Compute the databases of this machine's pair
  divalto.cloud.sqlserver_databases:
    domain: CLOUD
  register: sql

- name: Databases of the pair
  lowlydba.sqlserver.database:
    sql_instance: localhost
    database: "{{ item.name }}"
    owner: "{{ item.owner }}"
    recovery_model: "{{ item.recovery_model }}"
  loop: "{{ sql.databases }}"
"""

RETURN = r"""
databases:
  description: Each with C(environment), C(kind), C(name), C(owner), C(recovery_model), C(max_size_mb), C(login),
    C(roles).
  returned: success
  type: list
  elements: dict
logins:
  description: Each with C(environment), C(login), C(default_database), C(databases).
  returned: success
  type: list
  elements: dict
"""
