#!/usr/bin/env bash
# Drives acs-emulator's ARM surface (Microsoft.Communication) over TLS with the official Python
# management SDK (azure-mgmt-communication, pinned in requirements.txt): create, get, list,
# keys, regenerate, verification and delete of every resource kind, then uses the provisioned
# connection string and linked domain with azure-communication-identity and -email.
#
#   bash scripts/mgmt-sdk-check/run.sh [path/to/acs-emulator]
#
# Without a path (or ACS_EMULATOR_BIN), the binary is built with cargo. The virtualenv lives in
# target/mgmt-sdk-check-venv. Needs python3 with venv and the package index.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

bin="${1:-${ACS_EMULATOR_BIN:-}}"
if [ -z "$bin" ]; then
    (cd "$root" && cargo build --quiet -p acs-emulator --bin acs-emulator)
    bin="${CARGO_TARGET_DIR:-$root/target}/debug/acs-emulator"
fi
if [ ! -x "$bin" ]; then
    echo "mgmt-sdk-check: no emulator binary at $bin" >&2
    exit 2
fi

venv="${MGMT_SDK_CHECK_VENV:-$root/target/mgmt-sdk-check-venv}"
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
        echo "mgmt-sdk-check: the emulator exited:" >&2
        cat "$workdir/emulator.log" >&2
        exit 2
    fi
    sleep 0.1
done
endpoint="$(sed -n 's/^endpoint: //p' "$workdir/emulator.log")"
if [ -z "$endpoint" ]; then
    echo "mgmt-sdk-check: the emulator did not start:" >&2
    cat "$workdir/emulator.log" >&2
    exit 2
fi
echo "mgmt-sdk-check: emulator at $endpoint"

ACS_EMULATOR_ENDPOINT="$endpoint" REQUESTS_CA_BUNDLE="$workdir/ca.pem" \
    "$venv/bin/python" "$here/check.py"
