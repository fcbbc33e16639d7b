#!/usr/bin/env bash
# Runs the official Python SDKs (azure-communication-identity, azure-communication-chat; pinned
# in requirements.txt) against acs-emulator over TLS, through every public operation, then
# checks that Node trusts the same certificate through NODE_EXTRA_CA_CERTS.
#
#   bash scripts/python-sdk-check/run.sh [path/to/acs-emulator]
#
# Without a path (or ACS_EMULATOR_BIN), the binary is built with cargo. The virtualenv lives in
# target/python-sdk-check-venv (override with PYTHON_SDK_CHECK_VENV). Needs python3 with venv,
# and the package index.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

bin="${1:-${ACS_EMULATOR_BIN:-}}"
if [ -z "$bin" ]; then
    (cd "$root" && cargo build --quiet -p acs-emulator --bin acs-emulator)
    target_dir="${CARGO_TARGET_DIR:-$root/target}"
    bin="$target_dir/debug/acs-emulator"
fi
if [ ! -x "$bin" ]; then
    echo "python-sdk-check: no emulator binary at $bin" >&2
    exit 2
fi

venv="${PYTHON_SDK_CHECK_VENV:-$root/target/python-sdk-check-venv}"
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
        echo "python-sdk-check: the emulator exited:" >&2
        cat "$workdir/emulator.log" >&2
        exit 2
    fi
    sleep 0.1
done
connection_string="$(sed -n 's/^connection string: //p' "$workdir/emulator.log")"
if [ -z "$connection_string" ]; then
    echo "python-sdk-check: the emulator did not start:" >&2
    cat "$workdir/emulator.log" >&2
    exit 2
fi
sed -n 's/^endpoint: /python-sdk-check: emulator at /p' "$workdir/emulator.log"

ACS_CONNECTION_STRING="$connection_string" REQUESTS_CA_BUNDLE="$workdir/ca.pem" \
    "$venv/bin/python" "$here/check.py"

# Node must trust the same certificate through NODE_EXTRA_CA_CERTS (and refuse it without).
if command -v node >/dev/null 2>&1; then
    endpoint="$(sed -n 's/^endpoint: //p' "$workdir/emulator.log")"
    NODE_EXTRA_CA_CERTS="$workdir/ca.pem" node "$here/node-tls-check.mjs" "$endpoint" trusted
    env -u NODE_EXTRA_CA_CERTS node "$here/node-tls-check.mjs" "$endpoint" refused
else
    echo "node-tls-check: no node on this machine: skipped"
fi
