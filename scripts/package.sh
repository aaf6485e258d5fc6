#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Coroscope developers
# Builds the Debian package (Release, CPack's DEB generator) into build/release/package/ and
# prints its path. Installs the packaging tools first if any is missing.
#   scripts/package.sh && sudo apt install ./build/release/package/coroscope_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build package
cmake --preset default -DCOROSCOPE_WERROR="${COROSCOPE_WERROR:-OFF}" >/dev/null
cmake --build --preset default --target coroscope coroscope-package-files
rm -f build/release/package/coroscope_*.deb
cpack --config build/release/CPackConfig.cmake -B build/release/package >/dev/null
ls build/release/package/coroscope_*.deb
