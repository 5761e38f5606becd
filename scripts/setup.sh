#!/usr/bin/env bash
# Prepare this checkout for development and CI (called by `make setup`).
# Idempotent: every step checks before it acts, so a second run is quick.
#   1. Debian packages (apt-get only when one is missing)
#   2. .venv with the pinned tools of requirements-dev.txt (reinstalled when
#      that file changes)
#   3. dependency collections, taken from the `ansible` 12.x wheel (no Galaxy)
#   4. ansible-test's offline get-pip shim and podman's containers.conf
#   5. this collection built, installed, and copied for ansible-test
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
VENV=$ROOT/.venv
BUILD=$ROOT/.build
CACHE=$ROOT/.cache
COLLECTIONS=$BUILD/collections

# libldap2-dev, libsasl2-dev: python-ldap builds from PyPI against them; ldap-utils: the directory scenario's checks.
APT_PACKAGES=(podman runc debootstrap acl rsync git shellcheck ca-certificates libldap2-dev libsasl2-dev ldap-utils)
ANSIBLE_BUNDLE='ansible>=12,<13'
BUNDLED_COLLECTIONS=(
  ansible.windows ansible.posix ansible.utils
  community.windows community.general community.crypto
  microsoft.iis microsoft.ad lowlydba.sqlserver chocolatey.chocolatey
  containers.podman awx.awx community.zabbix
)

log() { printf '==> %s\n' "$*"; }

# pip, minus the warnings this machine's pip.conf causes for its local
# package folders that do not exist.
pip() {
  "$VENV/bin/python" -m pip "$@" 2> >(grep -v 'is ignored: it is neither a file nor a directory' >&2)
}

# Write stdin to $1 only when the content differs (keeps mtimes stable).
write_if_changed() {
  local tmp
  tmp=$(mktemp)
  cat >"$tmp"
  if cmp -s "$tmp" "$1"; then rm -f "$tmp"; else mkdir -p "$(dirname "$1")" && mv "$tmp" "$1"; fi
}

apt_packages() {
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  log "apt: installing ${missing[*]}"
  local sudo=()
  [[ $(id -u) == 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
}

venv() {
  [[ -x $VENV/bin/python ]] || { log "creating .venv"; python3 -m venv "$VENV"; }
  local stamp=$VENV/.requirements-dev.sha256 want
  want=$({ cat requirements-dev.txt; "$VENV/bin/python" -VV; } | sha256sum | cut -d' ' -f1)
  [[ -f $stamp && $(<"$stamp") == "$want" ]] && return 0
  log "pip: installing requirements-dev.txt into .venv"
  pip install -q "$(grep -E '^pip==' requirements-dev.txt)"
  pip install -q -r requirements-dev.txt
  pip check
  echo "$want" >"$stamp"
}

bundled_collections() {
  local wheel
  mkdir -p "$CACHE"
  wheel=$(find "$CACHE" -maxdepth 1 -name 'ansible-12.*-py3-none-any.whl' | sort -V | tail -n1)
  if [[ -z $wheel ]]; then
    log "pip: downloading the $ANSIBLE_BUNDLE wheel into .cache/"
    pip download -q --no-deps --dest "$CACHE" "$ANSIBLE_BUNDLE"
    wheel=$(find "$CACHE" -maxdepth 1 -name 'ansible-12.*-py3-none-any.whl' | sort -V | tail -n1)
  fi
  local stamp=$COLLECTIONS/.bundle want
  want="$(basename "$wheel") ${BUNDLED_COLLECTIONS[*]}"
  [[ -f $stamp && $(<"$stamp") == "$want" ]] && return 0
  log "extracting ${#BUNDLED_COLLECTIONS[@]} collections from $(basename "$wheel")"
  "$VENV/bin/python" - "$wheel" "$COLLECTIONS" "${BUNDLED_COLLECTIONS[@]}" <<'EOF'
import json
import shutil
import sys
import zipfile
from pathlib import Path

wheel, dest, names = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
with zipfile.ZipFile(wheel) as zf:
    members = zf.namelist()
    for name in names:
        prefix = "ansible_collections/%s/" % name.replace(".", "/")
        wanted = [m for m in members if m.startswith(prefix)]
        if not wanted:
            print("    %-24s not in the wheel, skipped" % name)
            continue
        shutil.rmtree(dest / prefix, ignore_errors=True)
        zf.extractall(dest, wanted)
        version = json.loads(zf.read(prefix + "MANIFEST.json"))["collection_info"]["version"]
        print("    %-24s %s" % (name, version))
EOF
  echo "$want" >"$stamp"
}

pip_shim() {
  local version
  version=$("$VENV/bin/python" - <<'EOF'
import pathlib, re, ansible_test
src = (pathlib.Path(ansible_test.__file__).parent / "_internal" / "python_requirements.py").read_text()
print(re.search(r"\bpip='([0-9.]+)'", src).group(1).replace(".", "_"))
EOF
  )
  write_if_changed "$HOME/.ansible/test/cache/get_pip_$version.py" <scripts/get_pip_shim.py
}

containers_conf() {
  # crun refuses this machine's hybrid cgroups; the open-files hard limit is 20000.
  write_if_changed "$BUILD/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
EOF
}

apt_packages
venv
export PATH=$VENV/bin:$PATH ANSIBLE_COLLECTIONS_PATH=$COLLECTIONS ANSIBLE_CONFIG=$ROOT/ansible.cfg
bundled_collections
pip_shim
containers_conf
scripts/build-collection.sh
