#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Coroscope developers
# The Debian 12 packages Coroscope needs, installed only when one is missing (through sudo when
# not root). Real package names only: dpkg never reports a virtual package as installed, so a
# virtual name would send every run back to apt.
#
#   scripts/deps.sh [GROUP]...          install what the groups need (default: build)
#   scripts/deps.sh --list [GROUP]...   print the packages, one per line
#
# Groups: build (compile, run, test), package (the .deb and its checks), fuzz (libFuzzer).
set -euo pipefail

group_packages() {
    case "$1" in
        # qt6-base-dev only recommends libqt6opengl6-dev, yet Qt6Charts' CMake config needs
        # Qt6OpenGL: apt with --no-install-recommends would skip it.
        build) echo cmake ninja-build g++ qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev \
                    qcoro-qt6-dev libbenchmark-dev python3 ;;
        package) echo dpkg-dev file help2man lintian appstream desktop-file-utils ;;
        fuzz) echo clang libclang-rt-14-dev ;;
        *) echo "scripts/deps.sh: unknown group \"$1\"; allowed: build, package, fuzz" >&2; exit 2 ;;
    esac
}

list=0
if [ "${1:-}" = "--list" ]; then
    list=1
    shift
fi
groups=("$@")
((${#groups[@]})) || groups=(build)

packages=()
for g in "${groups[@]}"; do
    read -r -a more <<<"$(group_packages "$g")"
    packages+=("${more[@]}")
done

if ((list)); then
    printf '%s\n' "${packages[@]}"
    exit 0
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]})) || exit 0

echo "Installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
