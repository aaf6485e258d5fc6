#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Coroscope developers
# Coroscope is GPL-3.0-or-later (Qt Charts is available under the GPL-3.0 only): the licence's
# text is in LICENSE, every source file, build file and script says so in an SPDX line near
# its top, and the package's copyright file (DEP-5) and AppStream file name the same licence.
#   scripts/check-licence.sh
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
grep -q 'GNU GENERAL PUBLIC LICENSE' LICENSE && grep -q 'Version 3, 29 June 2007' LICENSE ||
    { echo "check-licence: LICENSE is not the GPL version 3" >&2; status=1; }
grep -q '^License: GPL-3+$' packaging/copyright ||
    { echo "check-licence: packaging/copyright does not say GPL-3+" >&2; status=1; }
grep -q '<project_license>GPL-3.0-or-later</project_license>' packaging/coroscope.metainfo.xml.in ||
    { echo "check-licence: the AppStream file does not say GPL-3.0-or-later" >&2; status=1; }
while IFS= read -r -d '' f; do
    head -n 3 "$f" | grep -q 'SPDX-License-Identifier: GPL-3.0-or-later' ||
        { echo "check-licence: $f has no SPDX-License-Identifier line at its top" >&2; status=1; }
done < <(find app engine scenarios tests packaging scripts .ci CMakeLists.txt -type f \
             \( -name '*.cpp' -o -name '*.h' -o -name '*.py' -o -name '*.sh' -o -name '*.cmake' \
                -o -name CMakeLists.txt -o -path .ci/run \) -print0)
[ "$status" = 0 ] && echo "check-licence: every source file is GPL-3.0-or-later"
exit "$status"
