#!/usr/bin/env bash
# Loads the emulator's inspector page (/emulator/) in headless Chromium against a seeded
# emulator and checks the rendered DOM: the thread, its messages (edit, delete, system
# messages), its read receipt, the email (HTML in a sandboxed frame, text, attachment), the
# event deliveries to a local webhook the check subscribes, the recent requests; and that no
# access key or token is in the page.
#
#   bash scripts/inspector-check/run.sh [path/to/acs-emulator] [--screenshot out.png]
#
# Without a path (or ACS_EMULATOR_BIN), the binary is built with cargo. Needs python3 (standard
# library only) and Chromium (`chromium`, or CHROMIUM=/path/to/chromium): on Debian,
# `apt-get install chromium`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

bin=""
screenshot=()
while [ $# -gt 0 ]; do
    case "$1" in
        --screenshot) screenshot=(--screenshot "$2"); shift 2 ;;
        *) bin="$1"; shift ;;
    esac
done
bin="${bin:-${ACS_EMULATOR_BIN:-}}"
if [ -z "$bin" ]; then
    (cd "$root" && cargo build --quiet -p acs-emulator --bin acs-emulator)
    bin="${CARGO_TARGET_DIR:-$root/target}/debug/acs-emulator"
fi
if [ ! -x "$bin" ]; then
    echo "inspector-check: no emulator binary at $bin" >&2
    exit 2
fi
chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$chromium" ]; then
    echo "inspector-check: no chromium on this machine (apt-get install chromium)" >&2
    exit 2
fi

workdir="$(mktemp -d)"
"$bin" >"$workdir/emulator.log" 2>&1 &
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
        echo "inspector-check: the emulator exited:" >&2
        cat "$workdir/emulator.log" >&2
        exit 2
    fi
    sleep 0.1
done
connection_string="$(sed -n 's/^connection string: //p' "$workdir/emulator.log")"
if [ -z "$connection_string" ]; then
    echo "inspector-check: the emulator did not start:" >&2
    cat "$workdir/emulator.log" >&2
    exit 2
fi

ACS_CONNECTION_STRING="$connection_string" CHROMIUM="$chromium" INSPECTOR_CHECK_PROFILE="$workdir/profile" \
    python3 "$here/check.py" "${screenshot[@]}"
