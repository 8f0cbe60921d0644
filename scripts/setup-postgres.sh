#!/usr/bin/env bash
# Local PostgreSQL with pgvector for development, from Debian packages (no Docker).
#
#   sudo scripts/setup-postgres.sh            # PostgreSQL 15 (bookworm's), pgvector built from Debian's source package
#   PG_VERSION=16 sudo scripts/setup-postgres.sh
#
# Debian bookworm packages PostgreSQL 15 but no pgvector for it; trixie's source
# package (pgvector 0.8) builds against it with `make` in about 20 s. Newer Debian
# releases package it (postgresql-N-pgvector) and the script installs that instead.
# At the end it creates a role and database `zhnews` for the current user and prints
# the DATABASE_URL to put in .env. Re-running it is safe.
set -euo pipefail

PG_VERSION="${PG_VERSION:-15}"
DB_NAME="${DB_NAME:-zhnews}"
DB_USER="${DB_USER:-zhnews}"
DB_PASSWORD="${DB_PASSWORD:-zhnews}"
SRC_SUITE="${PGVECTOR_SOURCE_SUITE:-trixie}"
say() { printf '\n== %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  echo "run as root (sudo $0): it installs packages and starts the server" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive

say "PostgreSQL $PG_VERSION"
apt-get update -qq
apt-get install -y -qq "postgresql-$PG_VERSION" "postgresql-server-dev-$PG_VERSION" build-essential dpkg-dev >/dev/null

if [ -f "/usr/share/postgresql/$PG_VERSION/extension/vector.control" ]; then
  say "pgvector already installed: $(grep default_version "/usr/share/postgresql/$PG_VERSION/extension/vector.control")"
elif apt-cache show "postgresql-$PG_VERSION-pgvector" >/dev/null 2>&1; then
  say "pgvector from postgresql-$PG_VERSION-pgvector"
  apt-get install -y -qq "postgresql-$PG_VERSION-pgvector" >/dev/null
else
  say "pgvector from Debian's source package ($SRC_SUITE), built for PostgreSQL $PG_VERSION"
  # Source only: no binary package of $SRC_SUITE is installed.
  cat >/etc/apt/sources.list.d/pgvector-src.sources <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $SRC_SUITE
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  apt-get update -qq
  build="$(mktemp -d)"
  (cd "$build" && apt-get source -qq pgvector >/dev/null 2>&1 || apt-get source pgvector)
  src="$(find "$build" -maxdepth 1 -type d -name 'pgvector-*' | head -n1)"
  start=$(date +%s)
  make -C "$src" -s -j"$(nproc)" PG_CONFIG="/usr/lib/postgresql/$PG_VERSION/bin/pg_config" OPTFLAGS="" >/dev/null
  make -C "$src" -s install PG_CONFIG="/usr/lib/postgresql/$PG_VERSION/bin/pg_config" >/dev/null
  echo "built $(basename "$src") in $(( $(date +%s) - start )) s"
  rm -rf "$build"
fi

say "cluster"
if ! pg_lsclusters -h | awk '{print $1}' | grep -qx "$PG_VERSION"; then
  pg_createcluster "$PG_VERSION" main
fi
pg_ctlcluster "$PG_VERSION" main start 2>/dev/null || true
pg_lsclusters

say "role $DB_USER and database $DB_NAME"
runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD';
  END IF;
END \$\$;
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_USER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME')\gexec
SQL
# The extension needs a superuser once per database; the store then finds it there.
runuser -u postgres -- psql -q -d "$DB_NAME" -c 'CREATE EXTENSION IF NOT EXISTS vector'
port="$(pg_lsclusters -h | awk -v v="$PG_VERSION" '$1==v {print $3; exit}')"
version="$(runuser -u postgres -- psql -tA -d "$DB_NAME" -c "SELECT extversion FROM pg_extension WHERE extname = 'vector'")"
say "ready: PostgreSQL $PG_VERSION, pgvector $version"
echo "DATABASE_URL=postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$port/$DB_NAME"
