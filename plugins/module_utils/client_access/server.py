# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: everything the ``client_access`` role applies to one file server, in one result."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.client_access.plan import (
    ClientAccessError,
    access_plan,
    removals,
)
from ansible_collections.divalto.cloud.plugins.module_utils.client_access.render import cleanup_units, sshd_config


def server_access(
    machine: Mapping[str, Any],
    records: Iterable[Mapping[str, Any]],
    settings: Mapping[str, Any],
    platform_settings: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The accounts, directories, mounts, texts and removals of file server ``machine``.

    ``records``: the environment records placed on its pair; ``settings``: ``root``, ``chroot_root``,
    ``keys_dir``, ``group``, ``cleanup_name``, ``cleanup_at``, and what the server holds now: ``members`` (of
    ``group``) and ``mounted`` (mount targets); ``platform_settings``: the registry's ``client_access``.
    """
    if machine.get("os") != "linux":
        raise ClientAccessError(
            "file server %s runs %s: SFTP accounts are provided on Linux file servers only (docs/client_access.md)"
            % (machine.get("name", "?"), machine.get("os"))
        )
    plan = access_plan(records, settings["root"], settings["chroot_root"], settings["keys_dir"], platform_settings)
    units = cleanup_units(plan["retention"], settings["cleanup_name"], settings["cleanup_at"])
    return dict(
        plan,
        sshd_config=sshd_config(settings["group"], settings["chroot_root"], settings["keys_dir"]),
        cleanup_service=units["service"],
        cleanup_timer=units["timer"],
        remove=removals(plan, settings["members"], settings["mounted"], settings["chroot_root"]),
    )
