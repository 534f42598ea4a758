#!/bin/sh
# The key store: a second database with its own role and password (docs/adr/0003),
# so the main database's owner cannot read or rewrite it alone.
set -eu
password=$(cat "$KEYSTORE_PASSWORD_FILE")
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE safereport_keys LOGIN PASSWORD '$password';
CREATE DATABASE safereport_keys OWNER safereport_keys;
REVOKE ALL ON DATABASE safereport_keys FROM PUBLIC;
SQL
