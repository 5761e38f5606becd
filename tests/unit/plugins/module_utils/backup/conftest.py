# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures shared by the backup tests: the environments of the example registry."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def environments(example_model):
    """``divalto_environments`` of the example registry's inventory model."""
    return example_model["vars"]["divalto_environments"]
