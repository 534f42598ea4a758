#!/usr/bin/env bash
# One command for the whole test suite: static checks (lint, import contracts,
# types), then every test (unit, integration, browser) on SQLite with branch
# coverage, and again on a real PostgreSQL server started for the run (without
# coverage, to save time). Installs Chromium and PostgreSQL when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-system-packages.sh --for-tests
scripts/venv.sh --dev
export SAFEREPORT_ENV=test

step() { printf '\n== %s ==\n' "$*"; }

step "lint"
.venv/bin/ruff check .
.venv/bin/lint-imports --no-cache >/dev/null
step "data files are valid"
.venv/bin/safereport data check
step "types"
.venv/bin/mypy safereport config
# Every `type: ignore[code]` says why on the same line.
if grep -rnE --include='*.py' '# type: ignore\[[^]]*\][[:space:]]*$' safereport config; then
  echo "a type: ignore without a reason (add '  # why' after it)" >&2
  exit 1
fi
step "migrations are up to date"
.venv/bin/safereport makemigrations --check --dry-run >/dev/null
step "translation catalogues compile"
.venv/bin/safereport compilemessages -v0 --ignore=.venv

# pytest exits 5 when it collects nothing; that must not pass silently nor
# fail a run that only filtered tests away on purpose.
run_pytest() {
  local rc=0
  "$@" || rc=$?
  if [[ $rc -eq 5 ]]; then echo "no tests were collected" >&2; return 1; fi
  return $rc
}

step "tests on SQLite, measuring branch coverage"
# `coverage run` exits with pytest's own status, so the check above still applies.
run_pytest .venv/bin/coverage run -m pytest "$@"
step "coverage per app (SQLite run; details: .venv/bin/coverage report, or html)"
.venv/bin/python scripts/coverage_by_app.py
step "tests on PostgreSQL"
run_pytest .venv/bin/python scripts/with_postgres.py -- .venv/bin/pytest "$@"
