# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Molecule scenarios' podman connection: containers.podman.podman with pipelining.

containers.podman.podman runs five `podman exec` per module (home directory, temporary directory, chmod, the
module, clean-up) because it declares ``has_pipelining = False``: its exec does not pass ``-i``, so a module
sent on stdin never arrives. This subclass passes ``-i`` when there is something to send, and so runs one
`podman exec` per module with ANSIBLE_PIPELINING on, as production's SSH connections do. Every scenario sets
ANSIBLE_CONNECTION_PLUGINS to this directory: the short name ``podman``, which Molecule's podman driver writes
into its inventory and the scenarios' inventories use, resolves here before the collection's redirect.
Files still go through the collection's put_file and fetch_file (the container's mounted file system).
"""

from __future__ import annotations

import shlex

from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.connection import ConnectionBase

# DOCUMENTATION: the options (podman_executable, podman_extra_args) are the collection's; Ansible reads them here.
from ansible_collections.containers.podman.plugins.connection.podman import (  # pylint: disable=unused-import
    DOCUMENTATION,  # noqa: F401
)
from ansible_collections.containers.podman.plugins.connection.podman import (
    Connection as CollectionConnection,
)


class Connection(CollectionConnection):
    """containers.podman.podman, with pipelining."""

    transport = "podman"
    has_pipelining = True

    def exec_command(self, cmd, in_data=None, sudoable=False):
        """Run ``cmd`` in the container; ``in_data`` (a pipelined module) goes to its stdin."""
        if not self._connected:
            self._connect()
        # The collection's exec_command would run the command without -i: skip it, keep the base's bookkeeping.
        ConnectionBase.exec_command(self, cmd, in_data=in_data, sudoable=sudoable)
        args = ["exec"]
        if in_data is not None:
            args.append("--interactive")
        if self.user:
            args.extend(("--user", self.user))
        return self._podman(args, shlex.split(to_native(cmd, errors="surrogate_or_strict")), in_data)
