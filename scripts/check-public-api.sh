#!/usr/bin/env bash
# Keeps the generated crates out of the public API of the idiomatic ones: no page of the docs of
# acs-identity, acs-chat, acs-email or acs-events may link to or mention acs_identity_rest,
# acs_chat_rest, acs_email_rest or acs_events_model (a re-exported wire type, a public field,
# argument or return of a wire type, a public `impl From<wire::X>` all show up there).
#
#   bash scripts/check-public-api.sh
#
# The generated crates are documented first (into the same target/doc; their pages are not
# checked), so that rustdoc links every type of theirs that leaks, trait impls from them on
# re-exported types included: a link names the crate in its path, whatever the leak's text says.
set -euo pipefail
cd "$(dirname "$0")/.."

export RUSTDOCFLAGS="-D warnings"
cargo doc --no-deps --locked -p acs-identity-rest -p acs-chat-rest -p acs-email-rest -p acs-events-model
# The extra cfg (used nowhere) gives the four crates their own rustdoc fingerprint, so they are
# documented again now that the generated crates' docs exist, not reused from a run without them.
RUSTDOCFLAGS="-D warnings --cfg acs_check_public_api" \
    cargo doc --no-deps --locked -p acs-identity -p acs-chat -p acs-email -p acs-events --features acs-events/axum

doc_root="$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')/doc"

status=0
for crate in acs_identity acs_chat acs_email acs_events; do
    if [ ! -d "$doc_root/$crate" ]; then
        echo "check-public-api: no docs at $doc_root/$crate" >&2
        exit 1
    fi
    # `|| true`: no match is what we want; grep's status 1 would stop the script.
    hits="$(grep -rnoE --include='*.html' '.{0,80}acs_((identity|chat|email)_rest|events_model).{0,80}' \
        "$doc_root/$crate" || true)"
    if [ -n "$hits" ]; then
        echo "check-public-api: the public API of $crate shows a generated type:" >&2
        printf '%s\n' "$hits" >&2
        status=1
    fi
done

if [ "$status" -eq 0 ]; then
    echo "check-public-api: no generated type in the public API of acs-identity, acs-chat, acs-email, acs-events"
fi
exit "$status"
