# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the tenants' side of Active Directory: OUs, groups, service accounts.

Depends on ``core`` only, never on another capability package.
"""
