#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: haproxy_config
short_description: The HAProxy configuration of a DMZ reverse proxy
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Computes the HAProxy configuration of one DMZ reverse proxy from the C(divalto.cloud.tenants) inventory, for the
    environments of the proxy's datacenter only. Returns the text of C(haproxy.cfg), the text of the certificate
    list and the model they are rendered from; changes nothing (write them with M(ansible.builtin.copy)).
  - TLS only (port 80 redirects to HTTPS). Each environment gets the backend C(be_<environment key>) (for example
    C(be_acme_production)) whose servers are the members of its application pool, named after their machines and
    addressed by their registry address, on the environment's HTTPS port, with an HTTP health check; an ACL on its
    host names selects it. Unknown host names get a 404, and a TLS server name (SNI) that differs from the Host
    header a 421.
  - Environments with a Telnet port (tenants with TelnetCE terminals) also get a TCP pass-through, the frontend
    C(fe_<key>_telnet) and the backend C(be_<key>_telnet), on that port.
  - When the platform gives every environment a WPF thin-client port (C(wpf_range) in the registry's
    C(platform.ports), C(wpf_port) per environment), each environment gets the TCP pass-through C(fe_<key>_wpf) /
    C(be_<key>_wpf) on its port, to the same servers on the same port. Routed by port, not by TLS server name (the
    thin client's socket mode is not known to speak TLS). The servers of every pass-through have a TCP connect
    health check.
  - Each file pair of the proxy's datacenter that the registry's C(client_access.sftp_ports) gives a port gets the
    SFTP relay of client access, C(fe_sftp_<pair>) / C(be_sftp_<pair>), to the pair's primary and, as C(backup),
    its secondary, on the file servers' SSH port (C(client_access.server_port), default 22).
  - The same inputs always give the same text, so the configuration can be reviewed and golden-tested.
extends_documentation_fragment:
  - divalto.cloud.model_action
  - divalto.cloud.controller_action
options:
  proxy:
    description: The inventory name of the proxy; the task's host when left out.
    type: str
  settings:
    description:
      - Optional settings, each with a default.
      - C(health_check_path) (default C(/health)), C(backend_tls) (default C(true), re-encrypt to the servers),
        C(backend_ca_file) (default C(@system-ca)), C(certificate_dir) (default C(/etc/haproxy/certs)),
        C(certificate_names) (host names that have their own certificate, default none), C(stats_socket) (default
        C(/run/haproxy/admin.sock)), C(telnet_timeout) (default C(8h)), C(wpf_timeout) (default C(8h), idle timeout
        of the WPF thin client's connections), C(sftp_timeout) (default C(1h), of the SFTP relays).
    type: dict
    default: {}
  model:
    description:
      - Also return RV(model), what the texts are rendered from.
      - Off by default - a proxy routes every environment of its datacenter, and handing thousands of backends back
        to Ansible costs more than computing them.
    type: bool
    default: false
seealso:
  - module: divalto.cloud.patch_targets
"""

EXAMPLES = r"""
- name: Compute the configuration of this proxy
  divalto.cloud.haproxy_config:
    settings:
      certificate_names: [erp.acme-industries.fr]
  register: haproxy

- name: Write haproxy.cfg
  ansible.builtin.copy:
    content: "{{ haproxy.config }}"
    dest: /etc/haproxy/haproxy.cfg
    mode: "0644"
    validate: haproxy -c -f %s

- name: Compute the model as well
  divalto.cloud.haproxy_config:
    model: true
  register: haproxy_model

- name: Backends that hold this application server
  ansible.builtin.debug:
    msg: "{{ haproxy_model.model.backends | selectattr('servers', 'contains', {'name': 'app-par1-01'}) }}"
"""

RETURN = r"""
config:
  description: The text of C(haproxy.cfg).
  returned: success
  type: str
crt_list:
  description: The text of the certificate list (C(crt-list.txt)); empty when no host name has its own certificate.
  returned: success
  type: str
default_certificate:
  description: The path of the PEM of the default certificate.
  returned: success
  type: str
certificates:
  description: The host names with a certificate of their own, each C({hostname, path}) of its PEM.
  returned: success
  type: list
  elements: dict
model:
  description:
    - What the texts are rendered from, with the keys C(proxy), C(datacenter), C(settings), C(http_port),
      C(https_port), C(default_certificate), C(crt_list), C(certificates), C(routes), C(backends), C(telnet),
      C(wpf) and C(sftp).
  returned: with O(model=true)
  type: dict
"""
