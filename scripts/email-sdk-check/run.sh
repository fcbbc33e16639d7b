#!/usr/bin/env bash
# Sends mail with the official Python (azure-communication-email) and JS
# (@azure/communication-email) Email SDKs, pinned in requirements.txt and package.json, through
# acs-emulator over TLS, and reads what they sent back from the emulator's mailbox.
#
#   bash scripts/email-sdk-check/run.sh [path/to/acs-emulator]
#
# Without a path (or ACS_EMULATOR_BIN), the binary is built with cargo. The virtualenv lives in
# target/email-sdk-check-venv and the npm packages in target/email-sdk-check-node. Needs python3
# with venv, node with npm, and the package indexes. Without node, the JS half is skipped.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

bin="${1:-${ACS_EMULATOR_BIN:-}}"
if [ -z "$bin" ]; then
    (cd "$root" && cargo build --quiet -p acs-emulator --bin acs-emulator)
    bin="${CARGO_TARGET_DIR:-$root/target}/debug/acs-emulator"
fi
if [ ! -x "$bin" ]; then
    echo "email-sdk-check: no emulator binary at $bin" >&2
    exit 2
fi

venv="${EMAIL_SDK_CHECK_VENV:-$root/target/email-sdk-check-venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"

workdir="$(mktemp -d)"
"$bin" --tls --ca-path "$workdir/ca.pem" >"$workdir/emulator.log" 2>&1 &
pid=$!
cleanup() {
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -rf "$workdir"
}
trap cleanup EXIT

for _ in $(seq 1 200); do
    if grep -q '^connection string: ' "$workdir/emulator.log"; then
        break
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "email-sdk-check: the emulator exited:" >&2
        cat "$workdir/emulator.log" >&2
        exit 2
    fi
    sleep 0.1
done
connection_string="$(sed -n 's/^connection string: //p' "$workdir/emulator.log")"
sender="$(sed -n 's/^email sender: //p' "$workdir/emulator.log")"
if [ -z "$connection_string" ] || [ -z "$sender" ]; then
    echo "email-sdk-check: the emulator did not start:" >&2
    cat "$workdir/emulator.log" >&2
    exit 2
fi
sed -n 's/^endpoint: /email-sdk-check: emulator at /p' "$workdir/emulator.log"

ACS_CONNECTION_STRING="$connection_string" ACS_EMAIL_SENDER="$sender" \
    REQUESTS_CA_BUNDLE="$workdir/ca.pem" "$venv/bin/python" "$here/check.py"

if command -v npm >/dev/null 2>&1; then
    node_dir="${EMAIL_SDK_CHECK_NODE:-$root/target/email-sdk-check-node}"
    mkdir -p "$node_dir"
    cp "$here/package.json" "$here/check.mjs" "$node_dir/"
    if [ -f "$here/package-lock.json" ]; then
        cp "$here/package-lock.json" "$node_dir/"
        (cd "$node_dir" && npm ci --silent --no-audit --no-fund)
    else
        (cd "$node_dir" && npm install --silent --no-audit --no-fund)
    fi
    ACS_CONNECTION_STRING="$connection_string" ACS_EMAIL_SENDER="$sender" \
        NODE_EXTRA_CA_CERTS="$workdir/ca.pem" node "$node_dir/check.mjs"
else
    echo "email-sdk-check: no npm on this machine: the JS half is skipped"
fi
