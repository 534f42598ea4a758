#!/usr/bin/env bash
# Installs the Debian packages SafeReport needs, only those missing.
#   --for-tests  adds Chromium (browser tests) and a PostgreSQL server.
set -euo pipefail

packages=(gettext libpango-1.0-0 libpangoft2-1.0-0)
if [[ "${1:-}" == "--for-tests" ]]; then
  # nginx: the two-instance fault test puts it in front of two app processes;
  # python3-yaml: the deployment-file test reads the compose file with it.
  packages+=(chromium postgresql fonts-noto-core poppler-utils nginx python3-yaml)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing Debian packages: ${missing[*]}" >&2
sudo_if_needed=()
[[ "$(id -u)" -ne 0 ]] && sudo_if_needed=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_if_needed[@]}" apt-get update -qq
"${sudo_if_needed[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
