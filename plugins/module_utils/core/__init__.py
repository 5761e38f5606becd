# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the core every capability builds on.

``errors``: the exception base; ``model``: the domain model as the inventory plugin stores it, read back without
rebuilding it. Capabilities depend on the core, never on each other's internals.
"""
