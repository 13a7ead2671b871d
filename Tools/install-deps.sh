#!/usr/bin/env bash
# Installs the Debian packages the build and tests need, only when one is missing.
set -euo pipefail
packages=(libseccomp-dev zlib1g-dev libbz2-dev liblzma-dev libarchive-dev libsqlite3-dev pkg-config
  python3 python3-venv)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
