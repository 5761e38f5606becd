# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the exception base of the collection.

``DivaltoError`` is what a user can fix: bad registry data, a bad request, an inventory that is not the one the
collection expects. Entry points (filters, modules, action plugins) turn it into a clean failure with its message.
Anything else (``KeyError``, ``TypeError``...) is a programming error and must surface as one, with its traceback.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt


class DivaltoError(ValueError):
    """A problem of the data or of the request, explained in the message, that the user can fix."""


class SettingsError(DivaltoError):
    """A settings section of ``platform.yml`` is invalid; the message starts with the field path.

    ``path``, ``expected`` and ``got`` stay available, so that the registry loader reports the problem with the
    others of the registry. ``got`` is shown as a short excerpt only.
    """

    def __init__(self, path: str, expected: str, got: Any = None) -> None:
        self.path = path
        self.expected = expected
        self.got = got
        message = "%s: expected %s" % (path, expected)
        if got is not None:
            message += ", got %s" % excerpt(got)
        super().__init__(message)


class ModelError(DivaltoError):
    """The inventory variables are not the model that ``divalto.cloud.tenants`` stores."""
