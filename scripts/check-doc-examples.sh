#!/usr/bin/env bash
# Every public item of the library crates has a doc example: rustdoc's `--show-coverage`
# counts, per file, the items that should have one and those that do. That flag is unstable,
# so this needs a nightly toolchain (`rustup toolchain install nightly`); without one it says
# so and exits 0. Usage: scripts/check-doc-examples.sh [crate ...]
set -euo pipefail
cd "$(dirname "$0")/.."

crates=("$@")
if [ ${#crates[@]} -eq 0 ]; then
    crates=(acs-auth acs-core acs-identity acs-chat acs-email acs-events acs-management)
fi
if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "no nightly toolchain: doc example coverage not checked"
    exit 0
fi

status=0
for crate in "${crates[@]}"; do
    json=$(cargo +nightly rustdoc -q -p "$crate" --lib --all-features -- \
        -Z unstable-options --show-coverage --output-format json)
    if ! python3 - "$crate" "$json" <<'PY'
import json, sys
crate, report = sys.argv[1], json.loads(sys.argv[2])
missing = {f: c["total_examples"] - c["with_examples"] for f, c in report.items()
           if c["with_examples"] < c["total_examples"]}
total = sum(c["total_examples"] for c in report.values())
if missing:
    for f, n in sorted(missing.items()):
        print(f"{crate}: {f}: {n} public item(s) without an example")
    sys.exit(1)
print(f"{crate}: all {total} items that take an example have one")
PY
    then
        status=1
    fi
done
exit $status
