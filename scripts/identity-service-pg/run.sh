#!/usr/bin/env bash
# The identity service example on PostgreSQL: starts a throwaway PostgreSQL server (installed from
# the Debian packages when initdb/pg_ctl are missing) in a temporary directory on a free loopback
# port, runs the service's PostgreSQL tests against it (two instances sharing one mapping, against
# the embedded ACS emulator), and stops it on exit, whatever happens.
#
#   bash scripts/identity-service-pg/run.sh                # the PostgreSQL tests
#   bash scripts/identity-service-pg/run.sh COMMAND ARGS   # anything else, with the server up
#
# The tests read ACS_IDENTITY_SERVICE_TEST_DATABASE_URL (set here); without it they are skipped,
# so `cargo test --workspace` runs without PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The directory holding initdb and pg_ctl: on PATH, or Debian's /usr/lib/postgresql/<ver>/bin.
pg_bin_dir() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
        echo "$dir"
        return 0
    fi
    return 1
}

if ! bin=$(pg_bin_dir); then
    echo "initdb/pg_ctl not found: installing PostgreSQL from the Debian packages"
    if [ "$(id -u)" -ne 0 ]; then
        echo "installing needs root (apt-get install postgresql); run this script as root or install it" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    bin=$(pg_bin_dir) || { echo "PostgreSQL was installed but initdb/pg_ctl are still missing" >&2; exit 1; }
fi
echo "PostgreSQL: $("$bin/pg_ctl" --version)"

# initdb refuses to run as root: the server runs as an unprivileged user.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
    pg_user=postgres
    if ! id "$pg_user" >/dev/null 2>&1; then
        pg_user=acs-pg-test
        id "$pg_user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$pg_user"
    fi
    as_user=(runuser -u "$pg_user" --)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/acs-identity-pg.XXXXXX")
chmod 700 "$work"
if [ ${#as_user[@]} -gt 0 ]; then chown "$pg_user" "$work"; fi
data="$work/data"
stop() {
    if [ -f "$data/postmaster.pid" ]; then
        "${as_user[@]}" "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap stop EXIT

# A random password: the tests check it never shows in a log, a Debug or an error.
password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
printf '%s\n' "$password" >"$work/pwfile"
if [ ${#as_user[@]} -gt 0 ]; then chown "$pg_user" "$work/pwfile"; fi
# md5, not scram-sha-256: SCRAM's key derivation costs a debug build ~0.4 s of CPU per connection
# on a busy 2-core machine, which the pools' first connections would queue behind.
"${as_user[@]}" "$bin/initdb" -D "$data" -U acs --pwfile="$work/pwfile" --auth=md5 \
    -E UTF8 --locale=C >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }
rm -f "$work/pwfile"

# A free loopback port (asked of the kernel, then handed to PostgreSQL; tried again if taken meanwhile).
started=
for _ in 1 2 3; do
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # Throwaway data: no fsync. Unix sockets in the temporary directory only.
    if "${as_user[@]}" "$bin/pg_ctl" -D "$data" -l "$work/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c max_connections=200 -c password_encryption=md5 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
        started=1
        break
    fi
done
if [ -z "$started" ]; then
    cat "$work/server.log" >&2
    echo "PostgreSQL did not start" >&2
    exit 1
fi
echo "PostgreSQL is listening on 127.0.0.1:$port (data in $data)"

export ACS_IDENTITY_SERVICE_TEST_DATABASE_URL="postgres://acs:$password@127.0.0.1:$port/postgres"
if [ $# -gt 0 ]; then
    "$@"
else
    # One test at a time: the password test captures the service's logs with a scoped
    # subscriber, and a callsite first used on another test's thread at the same moment can
    # cache its interest as "never" (tracing's callsite registry is process-wide).
    cargo test --locked -p acs-identity-service-example --test postgres -- --nocapture --test-threads=1
fi
