#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on 127.0.0.1 for the tests and print its URL.
# Installs Debian's postgresql when the machine lacks it. Data lives in a temp folder; the
# server runs until the machine goes away (or: pg_ctl -D "$DATA" stop).
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PORT=${NEWSPRISM_PG_PORT:-54329}
DATA=${NEWSPRISM_PG_DATA:-/tmp/newsprism-pg-$PORT}
if [ -f "$DATA/postmaster.pid" ]; then
  su postgres -c "$BIN/pg_ctl -D $DATA -m fast stop" >&2 || true
fi
rm -rf "$DATA"
mkdir -p "$DATA"
chown postgres "$DATA"
su postgres -c "$BIN/initdb -D $DATA -A trust -U postgres" >/dev/null
su postgres -c "$BIN/pg_ctl -D $DATA -l $DATA/server.log -w \
  -o '-c listen_addresses=127.0.0.1 -p $PORT -k /tmp' start" >&2
su postgres -c "$BIN/createdb -h 127.0.0.1 -p $PORT newsprism_test"
echo "postgresql://postgres@127.0.0.1:$PORT/newsprism_test"
