#!/usr/bin/env bash
# Starts the machine's PostgreSQL 15 cluster (installed from Debian's packages) and makes
# sure the role the tests use exists. The tests create and drop their own databases, so the
# role may create databases; it never owns the cluster. Prints the connection URL.
set -euo pipefail

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sudo -u postgres sh -c "$1"; fi
}

role="${COFFER_PG_ROLE:-coffer}"
password="${COFFER_PG_PASSWORD:-coffer}"

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "start-postgres: PostgreSQL is not installed (Debian package postgresql)" >&2
  exit 1
fi
if ! pg_lsclusters -h | awk '$1 == "15" && $2 == "main" { print $4 }' | grep -q online; then
  if [ "$(id -u)" -eq 0 ]; then pg_ctlcluster 15 main start; else sudo pg_ctlcluster 15 main start; fi
fi
for _ in $(seq 1 50); do
  as_postgres "pg_isready -q -h 127.0.0.1 -p 5432" && break
  sleep 0.2
done
as_postgres "psql -q -v ON_ERROR_STOP=1 -d postgres" <<SQL >/dev/null
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN
    CREATE ROLE ${role} LOGIN CREATEDB PASSWORD '${password}';
  ELSE
    ALTER ROLE ${role} LOGIN CREATEDB PASSWORD '${password}';
  END IF;
END
\$\$;
-- DROP DATABASE ... WITH (FORCE) ends the database's connections, autovacuum workers
-- included, and ending a backend of another role takes this membership.
GRANT pg_signal_backend TO ${role};
SQL
echo "postgres://${role}:${password}@127.0.0.1:5432/postgres"
