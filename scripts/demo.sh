#!/usr/bin/env bash
# One command from a fresh clone to a running SafeReport with demo data:
# installs what is missing, migrates a local SQLite database, loads the demo
# world (printing the demo logins once) and serves on http://127.0.0.1:8000/.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-system-packages.sh
scripts/venv.sh
export SAFEREPORT_ENV=development
# Marks this checkout as a local try-out, so `.venv/bin/safereport …` works
# here without SAFEREPORT_ENV (config/settings.py). Never on a production host.
mkdir -p -m 700 .local && echo development > .local/environment
.venv/bin/safereport compilemessages -v0 --ignore=.venv
.venv/bin/safereport migrate -v0
.venv/bin/safereport migrate --database keystore -v0
.venv/bin/safereport demo_data
echo "Victim portal: http://127.0.0.1:8000/   Staff: http://127.0.0.1:8000/staff/"
exec .venv/bin/safereport runserver 127.0.0.1:8000
