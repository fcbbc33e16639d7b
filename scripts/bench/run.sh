#!/usr/bin/env bash
# The acs-rs benchmark: builds in release and prints one table (see README, "Benchmarks").
# Extra arguments go to `acs-bench run`, e.g. `--n 500 --rounds 3 --load 20000`.
# Set ACS_BENCH_CLI_BEFORE to an older `acs` binary to add its whole-process CPU as "before".
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --locked -p acs-bench -p acs-cli
args=(--cli target/release/acs)
if [[ -n "${ACS_BENCH_CLI_BEFORE:-}" ]]; then
  args+=(--cli-before "$ACS_BENCH_CLI_BEFORE")
fi
exec target/release/acs-bench run "${args[@]}" "$@"
