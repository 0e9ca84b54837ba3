#!/usr/bin/env bash
# Debian packages Klyngebot needs beside Python: `scripts/system_packages.sh [package …]`.
# Without arguments: everything CI needs (make, curl, npm, Chromium for the browser tests, and
# PostgreSQL, Redis and nginx for the scaled layout). Installs only what is missing; as root with
# apt-get, otherwise it prints the command to run. Installing starts no service here: the project's
# scripts run PostgreSQL, Redis and nginx themselves (scripts/stack.py).
set -euo pipefail
packages=("$@")
((${#packages[@]})) || packages=(make curl npm chromium postgresql redis-server nginx)

declare -A provides=([postgresql]=/usr/lib/postgresql [redis-server]=redis-server [nginx]=nginx)
missing=()
for package in "${packages[@]}"; do
  probe=${provides[$package]:-$package}
  if [[ $probe == /* ]]; then
    compgen -G "$probe/*/bin/postgres" >/dev/null || missing+=("$package")
  else
    command -v "$probe" >/dev/null 2>&1 || [[ -x /usr/sbin/$probe ]] || missing+=("$package")
  fi
done
((${#missing[@]})) || exit 0
if [[ $(id -u) != 0 ]]; then
  echo "Missing Debian packages: ${missing[*]}. Install them with:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} from Debian …"
apt-get update -qq
# policy-rc.d 101: the packages' own services are not started (the project starts its own copies).
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
