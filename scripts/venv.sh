#!/usr/bin/env bash
# Creates .venv/ in the repository root and installs the pinned, hash-checked
# dependencies (requirements/base.txt, or dev.txt with --dev) and SafeReport.
set -euo pipefail
cd "$(dirname "$0")/.."

requirements=requirements/base.txt
[[ "${1:-}" == "--dev" ]] && requirements=requirements/dev.txt

python=${PYTHON:-python3.11}
command -v "$python" >/dev/null || python=python3
if [[ ! -x .venv/bin/python ]]; then
  "$python" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum "$requirements" pyproject.toml | sha256sum | cut -c1-16)"
if [[ ! -f "$stamp" ]]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r "$requirements"
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
  touch "$stamp"
fi
