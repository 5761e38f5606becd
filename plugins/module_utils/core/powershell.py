# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: reading what a Windows PowerShell 5.1 script returned (``win_powershell``'s ``result``).

Windows PowerShell 5.1 serialises a one-element array as the element, an empty pipeline as ``null``, an enum as an
integer, a ``BigInteger`` as ``{"IsPowerOfTwo": ...}`` (the number lost) and a ``DateTime`` as ``"\\/Date(ms)\\/"``;
``win_powershell`` itself writes an enum as ``{"Type", "String", "Value"}`` (as an integer only below its ``depth``).
The scripts cast at the source; these readers accept the first two shapes (which casting cannot avoid) and refuse
the others with the field named, so that a script that forgot a cast fails loudly instead of being misread.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

_MS_DATE = re.compile(r"^\\?/Date\(-?\d+([+-]\d{4})?\)\\?/$")
_BIGINTEGER_KEYS = ("IsPowerOfTwo", "IsZero", "IsOne", "IsEven", "Sign")
_ENUM_KEYS = ("Type", "String", "Value")


class PowerShellResultError(DivaltoError):
    """A value a script returned is not of the expected shape; the message names the field."""


def records(value: Any, field: str) -> list[Mapping[str, Any]]:
    """``value`` as a list of objects: ``null`` is empty, a lone object is a list of one."""
    if value is None:
        return []
    if isinstance(value, Mapping):
        return [value]
    if not isinstance(value, (list, tuple)):
        raise PowerShellResultError("%s: expected a list of objects, got %s" % (field, excerpt(value)))
    for index, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise PowerShellResultError("%s[%d]: expected an object, got %s" % (field, index, excerpt(item)))
    return list(value)


def is_biginteger(value: Any) -> bool:
    """True for a ``System.Numerics.BigInteger`` as ``ConvertTo-Json`` writes it (its properties, the number lost)."""
    return isinstance(value, Mapping) and any(key in value for key in _BIGINTEGER_KEYS)


def is_enum_object(value: Any) -> bool:
    """True for an enum as ``win_powershell`` writes it (within its ``depth``): ``{"Type", "String", "Value"}``."""
    return isinstance(value, Mapping) and set(value) == set(_ENUM_KEYS)


def string(record: Mapping[str, Any], key: str, field: str) -> str:
    """``record[key]``, a non-empty string; an integer (an enum not cast), a BigInteger or a date is refused."""
    value = record.get(key)
    where = "%s.%s" % (field, key)
    if isinstance(value, str) and value:
        if _MS_DATE.match(value):
            raise PowerShellResultError("%s: got a DateTime as ConvertTo-Json writes it (%s): cast it" % (where, value))
        return value
    if isinstance(value, bool) or value is None or value == "":
        raise PowerShellResultError("%s: expected a non-empty string, got %s" % (where, excerpt(value)))
    if isinstance(value, int):
        raise PowerShellResultError(
            "%s: expected a string, got the integer %d (an enum not cast with [string] in the script)" % (where, value)
        )
    if is_biginteger(value):
        raise PowerShellResultError(
            "%s: got a BigInteger as ConvertTo-Json writes it (the number is lost): cast it with [string]" % where
        )
    if is_enum_object(value):
        raise PowerShellResultError(
            "%s: expected a string, got the enum %s as win_powershell writes it (not cast with [string] in the script)"
            % (where, excerpt(value.get("String")))
        )
    raise PowerShellResultError("%s: expected a string, got %s" % (where, excerpt(value)))


def boolean(record: Mapping[str, Any], key: str, field: str) -> bool:
    """``record[key]``, a boolean."""
    value = record.get(key)
    if not isinstance(value, bool):
        raise PowerShellResultError("%s.%s: expected true or false, got %s" % (field, key, excerpt(value)))
    return value
