# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: how a value is shown in an error message, and how an export is decoded.

A message names what and where, and shows at most a short excerpt of the bad value: never a whole file, key or
document (a value can be a secret, or megabytes long).
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping, Sequence, Set

EXCERPT_LENGTH = 60
_STRINGS = (str, bytes, bytearray)


class _TooLong(Exception):
    """The rendering went past its budget: the caller summarises instead."""


def _kind(value: object) -> str | None:
    # By kind, not by class: ansible-core 2.19 hands templated values over as its own (lazy) dict and list types.
    if isinstance(value, Mapping):
        return "dict"
    if isinstance(value, Set):
        return "set"
    if isinstance(value, Sequence) and not isinstance(value, _STRINGS):
        return "list"
    return None


def _render(value: object, budget: int) -> str:
    """Plain Python notation of ``value``, raising ``_TooLong`` as soon as it would exceed ``budget`` characters.

    Containers are walked item by item, so an enormous or deeply nested value costs no more than the budget.
    """
    kind = _kind(value)
    if kind is None:
        text = repr(value)
    else:
        if len(value) > budget:  # type: ignore[arg-type]
            raise _TooLong()
        items: list[str] = []
        used = 2
        pairs = value.items() if isinstance(value, Mapping) else ((None, item) for item in value)  # type: ignore[attr-defined]
        for key, item in pairs:
            part = (
                _render(item, budget - used)
                if key is None
                else "%s: %s"
                % (
                    _render(key, budget - used),
                    _render(item, budget - used),
                )
            )
            used += len(part) + 2
            if used > budget:
                raise _TooLong()
            items.append(part)
        opening, closing = {"dict": ("{", "}"), "set": ("{", "}"), "list": ("[", "]")}[kind]
        if kind == "set" and not items:
            return "set()"
        text = opening + ", ".join(items) + closing
    if len(text) > budget:
        raise _TooLong()
    return text


def excerpt(value: object, limit: int = EXCERPT_LENGTH) -> str:
    """``repr(value)``, cut to at most ``limit`` characters (plus an ellipsis and the full length when cut).

    A dict, list or set is written out when short (``['sun']``), otherwise summarised (``a list of 120 item(s)``).
    """
    kind = _kind(value)
    if kind is not None:
        try:
            return _render(value, limit)
        except _TooLong:
            return "a %s of %d item(s)" % (kind, len(value))  # type: ignore[arg-type]
    text = repr(value)
    if len(text) <= limit:
        return text
    return "%s... (%d characters)" % (text[:limit], len(text))


class NotUtf8Error(ValueError):
    """An export is not UTF-8: ``line`` and ``column`` (1-based, in bytes) of the first bad ``byte``."""

    def __init__(self, line: int, column: int, byte: int) -> None:
        super().__init__("line %d: not UTF-8 (byte 0x%02x at byte %d of the line)" % (line, byte, column))
        self.line = line
        self.column = column
        self.byte = byte


def utf8_text(data: bytes) -> str:
    """``data`` decoded as UTF-8, a leading byte-order mark dropped; :class:`NotUtf8Error` names the first bad byte."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        raise NotUtf8Error(data.count(b"\n", 0, exc.start) + 1, exc.start - line_start + 1, data[exc.start]) from None
