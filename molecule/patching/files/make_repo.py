#!/usr/bin/env python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Writes a flat apt repository index (Packages, Release) for the .deb files of a directory.

Usage: make_repo.py <directory>. Fields come from ``dpkg-deb --field``; apt reads it with
``deb [trusted=yes] http://<host>:<port>/ ./``.
"""

from __future__ import annotations

import hashlib
import pathlib
import subprocess
import sys
import time


def main():
    repo = pathlib.Path(sys.argv[1])
    stanzas = []
    for deb in sorted(repo.glob("*.deb")):
        control = subprocess.run(["dpkg-deb", "--field", str(deb)], check=True, capture_output=True, text=True)
        data = deb.read_bytes()
        stanzas.append(
            control.stdout.rstrip("\n")
            + "\nFilename: ./%s\nSize: %d\nMD5sum: %s\nSHA256: %s\n"
            % (deb.name, len(data), hashlib.md5(data).hexdigest(), hashlib.sha256(data).hexdigest())
        )
    packages = "\n".join(stanzas).encode()
    (repo / "Packages").write_bytes(packages)
    release = "Origin: patchp\nLabel: patchp\nDate: %s\nSHA256:\n %s %d Packages\n" % (
        time.strftime("%a, %d %b %Y %H:%M:%S UTC", time.gmtime()),
        hashlib.sha256(packages).hexdigest(),
        len(packages),
    )
    (repo / "Release").write_text(release)


if __name__ == "__main__":
    main()
