#!/usr/bin/env bash
# Runs every example of the repository on the embedded emulator (no connection string set):
# each `crates/*/examples/*.rs` (built once, then each binary run), `examples/provision` (the
# provision-then-use walkthrough), `examples/chat-bot` (its demo conversation on the emulator) and
# `examples/identity-service` (started, asked for a token with a demo app user's key, stopped
# with SIGTERM).
set -euo pipefail
cd "$(dirname "$0")/.."
unset ACS_CONNECTION_STRING COMMUNICATION_SERVICES_CONNECTION_STRING AZURE_SUBSCRIPTION_ID AZURE_ACCESS_TOKEN
target="${CARGO_TARGET_DIR:-target}/debug"

crates=()
examples=()
for file in crates/*/examples/*.rs; do
    crate=$(basename "$(dirname "$(dirname "$file")")")
    [[ " ${crates[*]} " == *" $crate "* ]] || crates+=("$crate")
    examples+=("$(basename "$file" .rs)")
done
packages=()
for crate in "${crates[@]}"; do packages+=(-p "$crate"); done
cargo build --locked --examples "${packages[@]}"
cargo build --locked -p acs-identity-service-example -p acs-provision-example -p acs-chat-bot-example

for example in "${examples[@]}"; do
    echo "--- example $example"
    timeout 120 "$target/examples/$example"
done

echo "--- examples/provision (provision on the emulator's ARM surface, then identity, chat, email)"
timeout 120 "$target/provision"

echo "--- examples/chat-bot"
timeout 120 "$target/acs-chat-bot-example"

echo "--- examples/identity-service"
data=$(mktemp -d)
log="$data/service.log"
"$target/acs-identity-service-example" --listen 127.0.0.1:0 --db "$data/identity.sqlite3" 2>"$log" &
service=$!
trap 'kill "$service" 2>/dev/null || true; rm -rf "$data"' EXIT
url=""
for _ in $(seq 1 300); do
    url=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$log" | head -n 1 | sed 's/listening on //' || true)
    [ -n "$url" ] && break
    kill -0 "$service" 2>/dev/null || { cat "$log" >&2; echo "the identity service exited" >&2; exit 1; }
    sleep 0.1
done
[ -n "$url" ] || { cat "$log" >&2; echo "the identity service did not start" >&2; exit 1; }
python3 - "$url" <<'PY'
import json, sys, urllib.request
request = urllib.request.Request(
    sys.argv[1] + "/token",
    data=json.dumps({"scopes": ["chat"]}).encode(),
    headers={"Authorization": "Bearer alice-dev-key", "Content-Type": "application/json"},
    method="POST",
)
with urllib.request.urlopen(request, timeout=30) as response:
    body = json.load(response)
assert body["userId"].startswith("8:acs:"), body
print("identity service: POST /token ->", response.status, "for", body["userId"])
PY
kill -TERM "$service"
wait "$service"
trap - EXIT
rm -rf "$data"
echo "every example ran"
