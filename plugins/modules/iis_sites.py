#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: iis_sites
short_description: The IIS sites of the environments an application server serves
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - For each environment the machine serves (those whose application pool it is in), sorted by key, computes its IIS
    site, application pool, pool identity, HTTPS bindings, applications and log directory. Changes nothing; the
    C(divalto.cloud.iis) role applies them with microsoft.iis modules.
  - 'Site and pool are named after the environment (the record''s C(iis.site) and C(iis.app_pool)); the site''s
    physical path is C(<site_root>\<key>), the HTML5 client and web-services applications are under it
    (C(iis.html5_app), C(iis.webservices_app)); the log directory is C(<log_root>\<key>).'
  - Identity - C(ApplicationPoolIdentity) (the pool's own virtual account C(IIS AppPool\<pool>)), or the domain
    account given for the environment in O(accounts); two environments may not share an account.
  - Bindings - one per host name of the environment and no other, HTTPS on the record's C(ports.https), SNI, with
    the certificate given for that host name in O(certificates), else O(default_certificate); a host name with
    neither fails.
extends_documentation_fragment:
  - divalto.cloud.model_action
  - divalto.cloud.controller_action
options:
  site_root:
    description: Absolute Windows directory under which each site has its directory.
    type: str
    required: true
  log_root:
    description: Absolute Windows directory under which each site has its log directory.
    type: str
    required: true
  machine:
    description: The inventory name of the application server; the task's host when left out.
    type: str
  certificates:
    description: Host name -> certificate thumbprint (40 hexadecimal digits), for host names with a certificate of
      their own.
    type: dict
    default: {}
  default_certificate:
    description: Thumbprint of the certificate of every other host name (the platform's wildcard certificate); empty
      for none.
    type: str
    default: ""
  accounts:
    description:
      - Environment key -> C({username, password}) of a domain account to run its pool as (C(DOMAIN\name)).
      - Without C(username), the pool runs as the environment's service account (C(service_account) of its record,
        named by the directory rules of C(platform.yml)), qualified by C(divalto_identity.netbios); such an entry
        for an environment this machine does not serve is ignored.
      - Environments not listed run as C(ApplicationPoolIdentity).
    type: dict
    default: {}
  certificate_store:
    description: Certificate store of the thumbprints.
    type: str
    default: my
  ip:
    description: Address of the bindings (V(*) for all).
    type: str
    default: "*"
notes:
  - Use C(no_log) on the task when O(accounts) holds passwords; they are in the C(pool_attributes) of RV(sites).
"""

EXAMPLES = r"""
- name: Compute the IIS sites of this application server
  divalto.cloud.iis_sites:
    site_root: D:\divalto\web
    log_root: D:\divalto\logs\iis
    default_certificate: "{{ wildcard_thumbprint }}"
  register: iis

- name: Configure the sites
  microsoft.iis.website:
    name: "{{ item.site }}"
    physical_path: "{{ item.physical_path }}"
    application_pool: "{{ item.app_pool }}"
    bindings:
      set: "{{ item.bindings }}"
  loop: "{{ iis.sites }}"
"""

RETURN = r"""
sites:
  description:
    - One dict per environment - C(key), C(site), C(app_pool), C(identity) (C(type), C(username)),
      C(pool_attributes) (for microsoft.iis.web_app_pool; holds the password of a domain account), C(physical_path),
      C(log_directory), C(bindings) (for microsoft.iis.website C(bindings.set)) and C(applications) (C(role),
      C(name), C(physical_path)).
  returned: success
  type: list
  elements: dict
"""
