# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: client and distributor access (SFTP) to the environments' directories.

Depends on ``core`` only, never on another capability package. docs/client_access.md.
"""
