# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: haproxy_config
short_description: The HAProxy configuration of a DMZ reverse proxy
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Builds the HAProxy configuration of one DMZ reverse proxy from the C(divalto.cloud.tenants) inventory, for the
    environments of the proxy's datacenter only.
  - TLS only (port 80 redirects to HTTPS). Each environment gets the backend C(be_<environment key>) (for example
    C(be_acme_production)) whose servers are the members of its application pool, named after their machines and
    addressed by their C(ansible_host), on the environment's HTTPS port, with an HTTP health check; an ACL on its
    host names selects it. Unknown host names get a 404, and a TLS server name (SNI) that differs from the Host
    header a 421.
  - Environments with a Telnet port (tenants with TelnetCE terminals) also get a TCP pass-through, the frontend
    C(fe_<key>_telnet) and the backend C(be_<key>_telnet), on that port.
  - The same inputs always give the same text, so the configuration can be reviewed and golden-tested.
options:
  _input:
    description: The C(divalto_platform) inventory variable.
    type: dict
    required: true
  environments:
    description: The C(divalto_environments) inventory variable.
    type: dict
    required: true
  hostvars:
    description: The C(hostvars) magic variable (the proxy's C(divalto_machine), the servers' C(ansible_host)).
    type: dict
    required: true
  proxy:
    description: The inventory name of the proxy (C(inventory_hostname)).
    type: str
    required: true
  settings:
    description:
      - Optional settings, each with a default.
      - C(health_check_path) (default C(/health)), C(backend_tls) (default C(true), re-encrypt to the servers),
        C(backend_ca_file) (default C(@system-ca)), C(certificate_dir) (default C(/etc/haproxy/certs)),
        C(certificate_names) (host names that have their own certificate, default none), C(stats_socket) (default
        C(/run/haproxy/admin.sock)), C(telnet_timeout) (default C(8h)).
    type: dict
    default: {}
  output:
    description: C(config) for C(haproxy.cfg), C(crt_list) for the certificate list, C(model) for the data.
    type: str
    choices: [config, crt_list, model]
    default: config
"""

EXAMPLES = r"""
- name: Render haproxy.cfg
  ansible.builtin.copy:
    content: "{{ divalto_platform | divalto.cloud.haproxy_config(divalto_environments, hostvars, inventory_hostname) }}"
    dest: /etc/haproxy/haproxy.cfg
    mode: "0644"
    validate: haproxy -c -f %s

- name: Backends that hold this application server
  ansible.builtin.debug:
    msg: >-
      {{ (divalto_platform | divalto.cloud.haproxy_config(divalto_environments, hostvars, 'dmz-par1-01',
          output='model')).backends | selectattr('servers', 'contains', {'name': 'app-par1-01'}) }}
"""

RETURN = r"""
_value:
  description:
    - With O(output=config), the text of C(haproxy.cfg); with O(output=crt_list), the text of the certificate list.
    - With O(output=model), a dictionary with the keys C(proxy), C(datacenter), C(settings), C(http_port),
      C(https_port), C(default_certificate), C(crt_list), C(certificates), C(routes), C(backends) and C(telnet).
  type: raw
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.haproxy import HAProxyConfigError, haproxy_config


def _haproxy_config(platform, environments, hostvars, proxy, settings=None, output="config"):
    """See DOCUMENTATION."""
    try:
        return haproxy_config(proxy, platform, environments, hostvars, settings, output)
    except HAProxyConfigError as exc:
        raise AnsibleFilterError("haproxy_config: %s" % exc) from exc
    except (KeyError, TypeError, AttributeError) as exc:
        raise AnsibleFilterError(
            "haproxy_config: the arguments are not the divalto.cloud.tenants inventory variables "
            "(divalto_platform, divalto_environments, hostvars): %s" % exc
        ) from exc


class FilterModule:
    """divalto.cloud HAProxy filters."""

    def filters(self):
        return {"haproxy_config": _haproxy_config}
