#!/bin/sh
# Creates ./secrets for the compose deployment (run once; never commit the folder).
# The two backup *public* keys come from the key holders: they run
#   safereport backup --generate-key-pair ~/safereport-main.key   (and -keystore)
# on their own machines and send you the .pub files (README "Backups").
set -eu
cd "$(dirname "$0")"
umask 077
mkdir -p secrets
random() { head -c "$1" /dev/urandom | base64 | tr -d '\n/+=' ; }
[ -f secrets/secret_key ] || random 48 > secrets/secret_key
[ -f secrets/receipt_pepper ] || random 48 > secrets/receipt_pepper
[ -f secrets/kek_ring ] || printf 'kek-%s:%s\n' "$(date -u +%Y%m%d)" "$(head -c 32 /dev/urandom | base64)" > secrets/kek_ring
[ -f secrets/db_password ] || random 32 > secrets/db_password
[ -f secrets/keystore_db_password ] || random 32 > secrets/keystore_db_password
printf 'postgres://safereport:%s@postgres:5432/safereport\n' "$(cat secrets/db_password)" > secrets/database_url
printf 'postgres://safereport_keys:%s@postgres:5432/safereport_keys\n' "$(cat secrets/keystore_db_password)" > secrets/keystore_url
for pub in backup-main.pub backup-keystore.pub; do
  [ -f "secrets/$pub" ] || echo "put the key holder's $pub into $(pwd)/secrets/ before starting" >&2
done
echo "Keep a copy of secrets/kek_ring outside this server (the DPO's safe): without it no backup restores."
