# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Implicit-file filters; documented in implicit_file.yml and implicit_header.yml."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.service_pack.implicit import (
    ImplicitFileError,
    parse_header,
    render,
)


def implicit_file(environment, current=None, service_pack=None, copy=None):
    """The whole implicit file of an environment record, as text with CRLF line ends."""
    try:
        return render(environment, current, service_pack, copy)
    except ImplicitFileError as exc:
        raise AnsibleFilterError("implicit_file: %s" % exc) from exc


def implicit_header(content):
    """{generated, service_pack, previous, copy, client_lines} from an implicit file's text or slurp result."""
    try:
        return parse_header(content)
    except ImplicitFileError as exc:
        raise AnsibleFilterError("implicit_header: %s" % exc) from exc


class FilterModule:
    """Implicit-file filters of divalto.cloud."""

    def filters(self):
        return {"implicit_file": implicit_file, "implicit_header": implicit_header}
