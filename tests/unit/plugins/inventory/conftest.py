# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Inventory plugins are loaded by name, as Ansible loads them."""

from __future__ import annotations

import pathlib
import sys

from ansible.plugins.loader import init_plugin_loader
from ansible.utils.collection_loader import AnsibleCollectionConfig

if AnsibleCollectionConfig.collection_finder is None:
    # Plain pytest (ansible-test installs its own finder): make divalto.cloud
    # loadable by name from the ansible_collections tree this checkout sits in.
    init_plugin_loader(
        [entry for entry in sys.path if entry and (pathlib.Path(entry) / "ansible_collections" / "divalto").is_dir()]
    )
