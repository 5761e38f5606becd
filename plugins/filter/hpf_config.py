# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The hpf_config filter; documented in hpf_config.yml."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.hpf_config import (
    DEFAULT_IMPLICIT_NAME,
    HpfConfigError,
    render,
)


def hpf_config(environments, file, implicit_name=DEFAULT_IMPLICIT_NAME):
    """The text (CRLF) of dhsServices.txt or dhsTelnet.txt for the served environments."""
    try:
        return render(environments, file, implicit_name)
    except HpfConfigError as exc:
        raise AnsibleFilterError("hpf_config: %s" % exc) from exc


class FilterModule:
    """The hpf_config filter of divalto.cloud."""

    def filters(self):
        return {"hpf_config": hpf_config}
