#!/usr/bin/env bash
# `make distclean` (after `make clean`): bring this machine back to the state of a clean one for this project,
# so that `make distclean && make test` is what CI does on a new machine.
#
# Removes:
#   - podman: every container made from the project's images (Molecule scenarios, image builds), the images
#     localhost/divalto-test and localhost/debian-base, dangling images, and the networks and volumes no
#     container uses any more (the scenarios' zone networks);
#   - under ~/.ansible: the copies of this collection (Molecule and ansible-lint install one), ansible-test's
#     caches (~/.ansible/test, with the offline get-pip shim), Molecule's scenario state (~/.ansible/tmp), the
#     Galaxy cache, and the results of async tasks (~/.ansible_async, Molecule's create and destroy);
#   - under ~/.cache: pip's cache, Molecule's and ansible-lint's (ansible-compat);
#   - apt's downloaded package files (apt-get clean).
# Keeps: the Debian packages `make setup` installed (podman, debootstrap, ...): they belong to the machine, and
# setup installs them again in about a minute on a machine without them.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
IMAGES=(localhost/divalto-test localhost/debian-base)
export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/.build/containers.conf}
[[ -f $CONTAINERS_CONF ]] || unset CONTAINERS_CONF

log() { printf '==> %s\n' "$*"; }

if command -v podman >/dev/null; then
  filters=()
  for image in "${IMAGES[@]}"; do
    podman image exists "$image" && filters+=(--filter "ancestor=$image")
  done
  if ((${#filters[@]})); then
    mapfile -t containers < <(podman ps -a -q "${filters[@]}")
    if ((${#containers[@]})); then
      log "podman: removing ${#containers[@]} containers made from the project's images"
      podman rm -f -t 0 "${containers[@]}" >/dev/null
    fi
  fi
  for image in "${IMAGES[@]}"; do
    if podman image exists "$image"; then
      log "podman: removing image $image"
      podman rmi -f "$image" >/dev/null
    fi
  done
  log "podman: pruning dangling images, unused networks and volumes"
  podman image prune -f >/dev/null
  podman network prune -f >/dev/null
  podman volume prune -f >/dev/null
fi

log "removing the collection's copies and the test tools' caches under $HOME"
rm -rf "$HOME/.ansible/collections/ansible_collections/divalto" \
  "$HOME/.ansible/test" "$HOME/.ansible/tmp" "$HOME/.ansible/galaxy_cache" "$HOME/.ansible_async" \
  "$HOME/.cache/pip" "$HOME/.cache/molecule" "$HOME/.cache/ansible-compat"
# Folders left empty by the above (never a folder that still holds something of someone else's).
find "$HOME/.ansible" -depth -type d -empty -delete 2>/dev/null

if command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
  log "apt: removing downloaded package files"
  apt-get clean
fi
log "distclean done: \`make test\` now starts as on a new machine"
