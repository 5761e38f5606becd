# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: backups, restores and disaster recovery.

Policy reading is core's (``core.backup_policy``); here: schedules, restic, vaults, compliance, restore
plans, DR.

Depends on ``core`` only, never on another capability package.
"""
