# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The antivirus_exclusions filter; documented in antivirus_exclusions.yml."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.antivirus import AntivirusError, exclusions


def antivirus_exclusions(
    machine,
    environments=None,
    sql_directories=None,
    hpf_root="C:\\divalto",
    hpf_directories=("sys", "DivaltoLog"),
    service_pack_share="",
    file_roots=None,
    extra=None,
):
    """Microsoft Defender path exclusions of a Windows machine, from its role and served environments."""
    try:
        return exclusions(
            machine, environments, sql_directories, hpf_root, hpf_directories, service_pack_share, file_roots, extra
        )
    except AntivirusError as exc:
        raise AnsibleFilterError("antivirus_exclusions: %s" % exc) from exc


class FilterModule:
    """The antivirus_exclusions filter of divalto.cloud."""

    def filters(self):
        return {"antivirus_exclusions": antivirus_exclusions}
