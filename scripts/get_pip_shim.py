"""Offline stand-in for ansible-test's get-pip bootstrap script.

ansible-test bootstraps pip in every virtual environment it creates by running
a get-pip script that it downloads from ci-files.testing.ansible.com, which is
not reachable here. scripts/setup.sh installs this file where ansible-test
caches that download (~/.ansible/test/cache/get_pip_<version>.py), so the
download is skipped.

It does what get-pip does with the arguments ansible-test passes (for example
``--disable-pip-version-check pip==24.2 --no-setuptools --no-wheel``): bring
pip into the running interpreter with ensurepip, then let that pip install the
requested packages from the package index. ``--no-setuptools`` and
``--no-wheel`` are get-pip options that pip itself does not know; they are
dropped.
"""

from __future__ import annotations

import subprocess
import sys

GET_PIP_ONLY_OPTIONS = frozenset({"--no-setuptools", "--no-wheel"})


def main(argv: list[str]) -> int:
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"], stdout=subprocess.DEVNULL)
    args = [arg for arg in argv if arg not in GET_PIP_ONLY_OPTIONS]
    if not any(not arg.startswith("-") for arg in args):
        return 0
    return subprocess.call([sys.executable, "-m", "pip", "install", "--quiet", *args])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
