#!/usr/bin/env bash
# Dry run of publishing: packages every publishable crate of the workspace, in publish order,
# and checks that each package ships its LICENSE and README.
#
#   bash scripts/package-check.sh            # package only (--no-verify): fast, what CI runs
#   bash scripts/package-check.sh --verify   # also build each packaged crate from its .crate
#
# `cargo package` packages interdependent workspace crates against a local overlay of the
# packages made before them, so nothing has to be on crates.io yet. Verification builds every
# crate again outside the workspace (another profile, so every dependency is rebuilt: about
# 14 minutes on 2 cores, more than the whole CI build); CI therefore runs without it, and the
# release checklist in README.md runs it once before publishing.
#
# Publish order (each crate after everything it depends on, dev-dependencies included, since
# crates.io needs those too): the same list as PUBLISH_ORDER. `cargo publish --workspace`
# follows it by itself; publishing one by one, use this order.
set -euo pipefail
cd "$(dirname "$0")/.."

PUBLISH_ORDER=(
    acs-auth
    acs-core
    acs-identity-rest
    acs-chat-rest
    acs-email-rest
    acs-events-model
    acs-emulator
    acs-identity
    acs-chat
    acs-email
    acs-events
    acs-cli
)

verify=(--no-verify)
if [ "${1:-}" = "--verify" ]; then
    verify=()
fi

# Every publishable crate is in the list, and nothing else.
publishable=$(cargo metadata --locked --no-deps --format-version 1 | python3 -c '
import json, sys
meta = json.load(sys.stdin)
print(" ".join(sorted(p["name"] for p in meta["packages"] if p.get("publish") != [])))
')
listed=$(printf '%s\n' "${PUBLISH_ORDER[@]}" | sort | tr '\n' ' ' | sed 's/ $//')
if [ "$publishable" != "$listed" ]; then
    echo "publishable crates:  $publishable" >&2
    echo "PUBLISH_ORDER lists: $listed" >&2
    echo "update PUBLISH_ORDER in $0 (and the order in README.md)" >&2
    exit 1
fi

# The order is a dependency order: no crate depends on one listed after it.
cargo metadata --locked --no-deps --format-version 1 | python3 -c '
import json, sys
order = sys.argv[1:]
meta = json.load(sys.stdin)
position = {name: i for i, name in enumerate(order)}
bad = []
for p in meta["packages"]:
    if p["name"] not in position:
        continue
    for d in p["dependencies"]:
        if d["name"] in position and position[d["name"]] > position[p["name"]]:
            kind = d["kind"] or "normal"
            bad.append(p["name"] + " depends on " + d["name"] + " (" + kind + "), listed later")
if bad:
    print("\n".join(bad), file=sys.stderr)
    sys.exit(1)
' "${PUBLISH_ORDER[@]}"

packages=()
for crate in "${PUBLISH_ORDER[@]}"; do
    packages+=(-p "$crate")
    files=$(cargo package --locked --allow-dirty --list -p "$crate" 2>/dev/null)
    for required in LICENSE README.md Cargo.toml; do
        if ! grep -qx "$required" <<<"$files"; then
            echo "$crate: the package has no $required" >&2
            exit 1
        fi
    done
done

cargo package --locked "${verify[@]}" "${packages[@]}"
echo "packaged in publish order: ${PUBLISH_ORDER[*]}"
