# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: names and texts put into T-SQL that the collection generates, quoted safely.

:func:`identifier` is SQL Server's ``QUOTENAME(name, '[')`` (a delimited identifier: ``]`` doubled), :func:`literal`
an ``N'...'`` Unicode string literal (``'`` doubled). Both refuse what SQL Server would refuse or silently change
(a name over 128 characters, which QUOTENAME turns into NULL; a NUL character, which ends the text on the wire),
so that a hostile name can never end the quoted part and add a statement of its own.
"""

from __future__ import annotations

import re

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

# sysname: nvarchar(128).
MAX_NAME_LENGTH = 128
# The domain part of a Windows login (DOMAIN\\name): a NetBIOS or DNS domain name.
DOMAIN_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$")


class TsqlError(DivaltoError):
    """A name or text that cannot be put into T-SQL safely."""


def _checked(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise TsqlError("%s: expected a string, got %s" % (what, excerpt(value)))
    if "\x00" in value:
        raise TsqlError("%s: contains a NUL character: %s" % (what, excerpt(value)))
    return value


def identifier(name: object) -> str:
    """``[name]`` with ``]`` doubled, as ``QUOTENAME(name)``; a name is 1 to 128 characters."""
    text = _checked(name, "identifier")
    if not text or len(text) > MAX_NAME_LENGTH:
        raise TsqlError(
            "identifier: expected 1 to %d characters (sysname), got %d: %s"
            % (MAX_NAME_LENGTH, len(text), excerpt(text))
        )
    return "[" + text.replace("]", "]]") + "]"


def literal(value: object) -> str:
    """``N'value'`` with ``'`` doubled: a Unicode string literal."""
    return "N'" + _checked(value, "literal").replace("'", "''") + "'"
