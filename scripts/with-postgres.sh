#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster in a temporary directory on a free port,
# runs the given command with SAMVERKAN_TEST_DATABASE_URL pointing at it, then removes it.
# initdb and pg_ctl refuse to run as root, so they run as the postgres user.
set -euo pipefail

bindir=/usr/lib/postgresql/15/bin
[ -x "$bindir/initdb" ] || { echo "PostgreSQL 15 is not installed (scripts/install-test-deps.sh installs it)" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
dir=$(mktemp -d /tmp/samverkan-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$dir"
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null

export SAMVERKAN_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "== PostgreSQL on 127.0.0.1:$port"
"$@"
