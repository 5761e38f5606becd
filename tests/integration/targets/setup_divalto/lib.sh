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

# Only the tenants plugin reads inventory sources, and a source it cannot parse
# fails the command, as ansible.cfg and AWX inventory updates configure it.
export ANSIBLE_INVENTORY_ENABLED=divalto.cloud.tenants
export ANSIBLE_INVENTORY_UNPARSED_FAILED=true
export ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED=true
