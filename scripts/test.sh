#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Coroscope developers
# Builds Coroscope (Release) and runs the whole test suite with ctest.
# COROSCOPE_WERROR=ON (as CI sets it) turns warnings into errors.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake --preset default -DCOROSCOPE_WERROR="${COROSCOPE_WERROR:-OFF}" >/dev/null
cmake --build --preset default
ctest --preset default
