# shellcheck shell=bash
# Shared by the shell integration targets: source it, do not run it.
#   . "$(dirname "${BASH_SOURCE[0]}")/../setup_divalto/lib.sh"

# The installed divalto.cloud (the one under test) found through
# ANSIBLE_COLLECTIONS_PATH, as ansible-test sets it.
divalto_collection_root() {
    local base
    for base in ${ANSIBLE_COLLECTIONS_PATH//:/ }; do
        if [ -d "$base/ansible_collections/divalto/cloud/inventories/example" ]; then
            echo "$base/ansible_collections/divalto/cloud"
            return
        fi
    done
    echo "divalto.cloud with inventories/example not found in ANSIBLE_COLLECTIONS_PATH" >&2
    exit 1
}

# divalto_setup [--copy-example]: what every target starts with, in the variables it then reads (uppercase, so
# that shellcheck, which does not follow this file, knows they come from outside the target's own script):
#   DIVALTO_ROOT    the collection under test (divalto_collection_root);
#   DIVALTO_WORK    a fresh temporary directory, removed when the script exits;
#   DIVALTO_CONFIG  the example inventory's tenants.yml: the collection's own, or with --copy-example that of a
#                   copy in $DIVALTO_WORK/example, which the target may edit.
# Call it in the script itself, not in $(...): the exit trap is set in the calling shell.
# shellcheck disable=SC2034 # the variables are read by the scripts that source this file
divalto_setup() {
    DIVALTO_ROOT="$(divalto_collection_root)"
    DIVALTO_WORK="$(mktemp -d)"
    trap 'rm -rf "$DIVALTO_WORK"' EXIT
    DIVALTO_CONFIG="$DIVALTO_ROOT/inventories/example/tenants.yml"
    if [ "${1:-}" = "--copy-example" ]; then
        cp -r "$DIVALTO_ROOT/inventories/example" "$DIVALTO_WORK/example"
        DIVALTO_CONFIG="$DIVALTO_WORK/example/tenants.yml"
    fi
}

# Plain output, without colour codes: the targets grep what Ansible prints.
export ANSIBLE_NOCOLOR=true

# Only the tenants plugin reads inventory sources, and a source it cannot parse
# fails the command, as ansible.cfg and AWX inventory updates configure it.
export ANSIBLE_INVENTORY_ENABLED=divalto.cloud.tenants
export ANSIBLE_INVENTORY_UNPARSED_FAILED=true
export ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED=true
