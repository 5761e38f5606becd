# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: how a value is shown in an error message.

A message names what and where, and shows at most a short excerpt of the bad value: never a whole file, key or
document (a value can be a secret, or megabytes long).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set

EXCERPT_LENGTH = 60


def excerpt(value: object, limit: int = EXCERPT_LENGTH) -> str:
    """``repr(value)``, cut to at most ``limit`` characters (plus an ellipsis and the full length when cut)."""
    # By kind, not by class: ansible-core 2.19 hands templated values over as its own (lazy) dict and list types.
    if isinstance(value, Mapping):
        return "a dict of %d item(s)" % len(value)
    if isinstance(value, Set):
        return "a set of %d item(s)" % len(value)
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray)):
        return "a list of %d item(s)" % len(value)
    text = repr(value)
    if len(text) <= limit:
        return text
    return "%s... (%d characters)" % (text[:limit], len(text))
