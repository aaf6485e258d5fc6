#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Coroscope developers
# Checks the set-up's package list against what CMake really loaded: every CMake package
# config found under /usr (the *_DIR entries of CMakeCache.txt) must belong to a Debian package
# that the list reaches through Depends alone, as apt does with --no-install-recommends.
# A machine that happens to have a recommended package installed builds fine; a fresh one
# does not. This catches that without a fresh machine.
#
#   scripts/check-deps.sh BUILD_DIR [PACKAGE]...   (default packages: scripts/deps.sh --list)
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:?usage: scripts/check-deps.sh BUILD_DIR [PACKAGE]...}
shift
cache="$build/CMakeCache.txt"
[ -f "$cache" ] || { echo "check-deps: no $cache; configure first" >&2; exit 2; }
if (($#)); then packages=("$@"); else mapfile -t packages < <(scripts/deps.sh --list build); fi

status=0
# A virtual name is never reported installed, so scripts/deps.sh would call apt on every run.
for p in "${packages[@]}"; do
    if [ -z "$(apt-cache show "$p" 2>/dev/null)" ]; then
        providers=$(apt-cache showpkg "$p" 2>/dev/null | sed -n '/^Reverse Provides:/,$p' | tail -n +2 | cut -d' ' -f1 | sort -u | tr '\n' ' ')
        echo "check-deps: \"$p\" is not a real package${providers:+ (provided by: $providers)}"
        status=1
    fi
done

# Everything the list pulls in through Depends (and Pre-Depends): top-level lines are the
# packages reached; indented lines under a virtual <name> are its providers.
closure=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
              --no-replaces --no-enhances "${packages[@]}" 2>/dev/null |
          sed -nE 's/^([^ <][^ ]*)$/\1/p; s/^    ([^ <][^ ]*)$/\1/p' | sed 's/:any$//' | sort -u)

checked=0
while IFS= read -r dir; do
    name=$(basename "$dir")
    config=""
    for c in "$dir/${name}Config.cmake" "$dir/$(tr 'A-Z' 'a-z' <<<"$name")-config.cmake"; do
        [ -f "$c" ] && config=$c && break
    done
    [ -n "$config" ] || continue
    owner=$(dpkg -S "$config" 2>/dev/null || dpkg -S "$(realpath "$config")" 2>/dev/null || true)
    owner=${owner%%: *}
    owner=${owner%%:*} # drop the architecture qualifier
    checked=$((checked + 1))
    if [ -z "$owner" ]; then
        echo "check-deps: $config belongs to no Debian package"
        status=1
    elif ! grep -qxF "$owner" <<<"$closure"; then
        echo "check-deps: $config comes from $owner, which the package list does not reach through Depends"
        status=1
    fi
done < <(sed -nE 's/^[A-Za-z0-9_]+_DIR:PATH=(\/usr\/.*)$/\1/p' "$cache" | sort -u)

if ((status == 0)); then
    echo "check-deps: $checked CMake package configs, all reached from: ${packages[*]}"
fi
exit $status
