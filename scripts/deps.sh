#!/usr/bin/env bash
# Installs the Debian 12 packages Coroscope builds with, if any is missing (sudo when not root).
set -euo pipefail
packages=(cmake ninja-build g++ qt6-base-dev qt6-charts-dev libqt6svg6-dev qcoro-qt6-dev libbenchmark-dev)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "Installing: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
