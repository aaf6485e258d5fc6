#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Coroscope developers
# Checks a built .deb as a user would meet it: unpacked into a temporary folder (not
# installed), its binary answers --version, --list and an offscreen --screenshot; its desktop
# entry and AppStream file validate; lintian finds no error and no warning but the one the
# README names.
#   scripts/check-package.sh build/release/package/coroscope_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(realpath "${1:?usage: scripts/check-package.sh DEB}")
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
bin="$root/usr/bin/coroscope"

version=$(grep -m1 -oP 'project\(Coroscope VERSION \K[0-9.]+' CMakeLists.txt)
[ "$("$bin" --version)" = "coroscope $version" ] || { echo "check-package: --version does not say $version" >&2; exit 1; }
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || { echo "check-package: the package is not version $version" >&2; exit 1; }
"$bin" --list | grep -q '^ *12 *circuit-breaker' || { echo "check-package: --list lacks practice 12" >&2; exit 1; }
env -u DISPLAY -u WAYLAND_DISPLAY "$bin" --screenshot "$root/shot.png" --scenario retry --at 2 --size 1280x800
python3 - "$root/shot.png" <<'PY'
import struct, sys
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
w, h = struct.unpack('>II', data[16:24])
assert (w, h) == (1280, 800), f'screenshot is {w}x{h}'
print(f'check-package: screenshot {w}x{h}, {len(data)} bytes')
PY
[ -s "$root/usr/share/man/man1/coroscope.1.gz" ] || { echo "check-package: no manual page" >&2; exit 1; }
[ -s "$root/usr/share/icons/hicolor/256x256/apps/coroscope.png" ] || { echo "check-package: no 256 px icon" >&2; exit 1; }
desktop-file-validate "$root"/usr/share/applications/*.desktop
appstreamcli validate --no-net "$root"/usr/share/metainfo/*.metainfo.xml
# initial-upload-closes-no-bugs: there is no Debian bug (ITP) to close; we do not upload to Debian.
if ! report=$(lintian --fail-on error,warning --suppress-tags initial-upload-closes-no-bugs "$deb" 2>&1); then
    echo "$report" >&2
    echo "check-package: lintian found errors or warnings" >&2
    exit 1
fi
echo "check-package: $(basename "$deb") is good"
