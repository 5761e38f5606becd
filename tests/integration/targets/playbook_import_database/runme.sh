#!/usr/bin/env bash
# Integration test of playbooks/import_database.yml's checks of the delivered file, in check mode on the example
# inventory, every machine run locally (ansible_connection=local) with the tenant root in a temporary directory:
# the target's file primary reads the file in acme/staging/exchange/in, refuses a link, a file larger than the
# database quota (before reading it whole: a sparse 51 GiB file), a SHA-256 that is not the client's and a checksum
# file for another file; a good file and its <file>.sha256 pass, and check mode stops before the SQL primary.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/../setup_divalto/lib.sh"

export ANSIBLE_CALLBACK_RESULT_FORMAT=yaml
divalto_setup
root="$DIVALTO_ROOT" work="$DIVALTO_WORK" config="$DIVALTO_CONFIG"
inbox="$work/tenants/acme/staging/exchange/in"
mkdir -p "$inbox"
head -c 65536 /dev/urandom > "$inbox/ACME 1.bak"
(cd "$inbox" && sha256sum "ACME 1.bak" > "ACME 1.bak.sha256")
sha=$(cut -d' ' -f1 < "$inbox/ACME 1.bak.sha256")
ln -s "$inbox/ACME 1.bak" "$inbox/link.bak"
truncate -s 51G "$inbox/huge.bak"
cp "$inbox/ACME 1.bak" "$inbox/other.bak"
printf '%s  not-this-one.bak\n' "$sha" > "$inbox/other.bak.sha256"

# run ARGS...: import_database.yml in check mode, everything local; the output in $work/out.txt (flattened too).
run() {
    local rc=0
    ansible-playbook -i "$config" "$root/playbooks/import_database.yml" --check -e ansible_connection=local \
        -e "ansible_python_interpreter=$(command -v python)" -e "restore_tenant_root_linux=$work/tenants" \
        -e import_tenant=acme -e import_target=staging -e import_confirm=acme_staging -e import_reason=takeover \
        "$@" > "$work/out.txt" 2>&1 || rc=$?
    tr -s ' \n' ' ' < "$work/out.txt" > "$work/flat.txt"
    return "$rc"
}

# refused MESSAGE ARGS...: the run fails on the file primary with MESSAGE, and no later play runs.
refused() {
    local message="$1"
    shift
    if run "$@"; then
        echo "expected a refusal: $message" >&2
        cat "$work/out.txt" >&2
        exit 1
    fi
    if ! grep -qF -- "$message" "$work/flat.txt" || ! grep -qE '^fatal: \[fs-par1-01\]: FAILED!' "$work/out.txt" \
            || grep -qE '^PLAY \[Copy, verify' "$work/out.txt"; then
        echo "expected the file primary to refuse, and nothing after: $message" >&2
        cat "$work/out.txt" >&2
        exit 1
    fi
    echo "ok: refused: $message"
}

refused "the backup file $inbox/link.bak on fs-par1-01 is a link: refused" \
    -e import_file=link.bak -e "import_sha256=$sha"
refused "the backup file $inbox/huge.bak is 54760833024 bytes (51.00 GiB), larger than the database quota of acme_staging (50 GB = 53687091200 bytes)" \
    -e import_file=huge.bak -e "import_sha256=$sha"
grep -q "Compute the file's SHA-256" "$work/out.txt" && { echo "a file over the quota was hashed" >&2; exit 1; }
refused "its SHA-256 is $sha, not $(printf 'a%.0s' {1..64}) as the client gave" \
    -e "import_file='ACME 1.bak'" -e "import_sha256=$(printf 'a%.0s' {1..64})"
refused "the checksum file $inbox/other.bak.sha256 is for 'not-this-one.bak', not for other.bak" \
    -e import_file=other.bak
refused "the backup file $inbox/missing.bak is not on fs-par1-01" -e import_file=missing.bak -e "import_sha256=$sha"

echo "== a good file and its checksum file pass; check mode stops before the SQL primary"
run -e "import_file='ACME 1.bak'"
for text in "$inbox/ACME 1.bak: 65536 bytes, within the database quota of acme_staging (50 GB)" \
        "sha256 $sha, as the client gave" "check mode: nothing is copied or changed"; do
    grep -qF -- "$text" "$work/flat.txt" || { echo "expected: $text" >&2; cat "$work/out.txt" >&2; exit 1; }
done
grep -qE '^sql-par1-01 +: ok=0 +changed=0 +unreachable=0 +failed=0' "$work/out.txt" \
    || { echo "the SQL primary did something in check mode" >&2; cat "$work/out.txt" >&2; exit 1; }
echo "ok: the good file passes"
echo "playbook_import_database: all checks passed"
