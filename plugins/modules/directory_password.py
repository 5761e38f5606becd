#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: directory_password
short_description: Set the password of an Active Directory account over LDAPS
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Replaces the password of the account O(dn) (its C(unicodePwd)) over LDAPS.
  - Why not C(community.general.ldap_attrs) or C(community.general.ldap_passwd) - AD takes a password only as
    C(unicodePwd), the password in double quotes encoded as UTF-16LE; C(ldap_attrs) encodes every value as UTF-8,
    and C(ldap_passwd) uses the Password Modify extended operation (RFC 3062), which AD does not implement. The
    rest of the C(divalto.cloud.directory) role uses the C(community.general.ldap_*) modules.
  - Always reports a change (AD cannot say whether the password is already this one); the
    C(divalto.cloud.directory) role calls it only for a new account, an account that never had a password, or
    when rotation is asked for. The password is never logged or returned.
options:
  server_uri:
    description: The domain controller, C(ldaps://host[:port]).
    type: str
    required: true
  bind_dn:
    description: The account that binds (a DN or C(user@domain)), allowed to reset passwords under O(dn).
    type: str
    required: true
  bind_pw:
    description: Its password.
    type: str
    required: true
  ca_path:
    description: CA certificate file of the domain controllers' certificates; omitted, the system's.
    type: path
  validate_certs:
    description: Verify the domain controller's certificate (and its name or address).
    type: bool
    default: true
  dn:
    description: The account.
    type: str
    required: true
  password:
    description: The new password (printable characters, at most 256).
    type: str
    required: true
requirements:
  - python-ldap
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: Nothing is sent to the domain controller; the password is checked (length, characters).
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
    details: The diff names the account; the password is never shown.
  platform:
    description: Target OS/families that can be operated against.
    support: full
    platforms: posix
    details: Runs on the controller; the domain controller is reached over LDAPS.
"""

EXAMPLES = r"""
- name: Set the service account's password
  divalto.cloud.directory_password:
    server_uri: ldaps://dc-par1-01.cloud.example.net
    bind_dn: svc-ansible@cloud.example.net
    bind_pw: "{{ vault_directory_bind_password }}"
    ca_path: /etc/divalto/ad-ca.pem
    dn: CN=acme_prd,OU=acme,OU=Tenants,DC=cloud,DC=example,DC=net
    password: "{{ vault_service_account_passwords.acme_prd }}"
  no_log: true
"""

RETURN = r"""
dn:
  description: The account whose password was set (or would be, in check mode).
  returned: always
  type: str
  sample: CN=acme_prd,OU=acme,OU=Tenants,DC=cloud,DC=example,DC=net
"""

import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.divalto.cloud.plugins.module_utils.identity.password import (
    DirectoryPasswordError,
    connect,
    encode_password,
    set_password,
)

try:
    import ldap

    LDAP_IMPORT_ERROR = None
except ImportError:
    ldap = None
    LDAP_IMPORT_ERROR = traceback.format_exc()


def main():
    module = AnsibleModule(
        argument_spec={
            "server_uri": {"type": "str", "required": True},
            "bind_dn": {"type": "str", "required": True},
            "bind_pw": {"type": "str", "required": True, "no_log": True},
            "ca_path": {"type": "path"},
            "validate_certs": {"type": "bool", "default": True},
            "dn": {"type": "str", "required": True},
            "password": {"type": "str", "required": True, "no_log": True},
        },
        supports_check_mode=True,
    )
    if ldap is None:
        module.fail_json(msg=missing_required_lib("python-ldap"), exception=LDAP_IMPORT_ERROR)
    params = module.params
    result = {"changed": True, "dn": params["dn"]}
    if module._diff:
        result["diff"] = {"before": "%s: password\n" % params["dn"], "after": "%s: new password\n" % params["dn"]}
    try:
        encode_password(params["password"])
        if not module.check_mode:
            connection = connect(
                ldap,
                params["server_uri"],
                params["bind_dn"],
                params["bind_pw"],
                params["ca_path"],
                params["validate_certs"],
            )
            try:
                set_password(ldap, connection, params["dn"], params["password"])
            finally:
                connection.unbind_s()
    except DirectoryPasswordError as exc:
        module.fail_json(msg="directory_password: %s" % exc, dn=params["dn"])
    module.exit_json(**result)


if __name__ == "__main__":
    main()
