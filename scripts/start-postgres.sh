#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for tests and print its SQLAlchemy URL on stdout.
#
#   url=$(scripts/start-postgres.sh DIR)     # DIR: an empty or missing directory (default: a new temp dir)
#   scripts/start-postgres.sh --stop DIR     # stop it and delete DIR
#
# Finds the newest /usr/lib/postgresql/*/bin (Debian's `postgresql` package; when it is missing,
# runs scripts/install-system-deps.sh postgres first, which installs it as root; set
# HATESCOPE_NO_INSTALL=1 to skip that), initdb's a cluster in DIR with trust auth on 127.0.0.1,
# starts it on a free port (as user `postgres` when run as root: PostgreSQL refuses to run as root)
# and creates database `hatescope`. Exit 2 with a one-line reason when it cannot.
set -euo pipefail

die() { echo "start-postgres: $*" >&2; exit 2; }
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true; }
bin=$(find_bin)
if { [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; } && [ -z "${HATESCOPE_NO_INSTALL:-}" ] && [ "${1:-}" != "--stop" ]; then
  # Install Debian's package when we can (root); without root this only explains what is missing.
  "$(dirname "$0")/install-system-deps.sh" postgres >&2 || true
  bin=$(find_bin)
fi
[ -n "$bin" ] && [ -x "$bin/initdb" ] || die "no PostgreSQL server found under /usr/lib/postgresql (scripts/install-system-deps.sh postgres needs root)"

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "--stop" ]; then
  dir=${2:?usage: start-postgres.sh --stop DIR}
  [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

dir=${1:-$(mktemp -d "${TMPDIR:-/tmp}/hatescope-pg.XXXXXX")}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user to run the server as"
  chown postgres "$dir"
  chmod 755 "$dir"
  runuser -u postgres -- test -w "$dir" \
    || die "user postgres cannot reach $dir (a parent directory is private): pass a directory under /tmp"
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
as_owner "$bin/initdb" -D "$dir/data" -A trust -U hatescope -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
  || die "initdb failed (see $dir/initdb.log)"
# fsync off: a test cluster is thrown away; crash tests kill the client, not the server.
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=100" \
  start >/dev/null 2>&1 || die "server did not start (see $dir/server.log)"
as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U hatescope hatescope || die "createdb failed"
echo "postgresql+psycopg://hatescope@127.0.0.1:$port/hatescope"
