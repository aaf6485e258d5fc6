# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Coroscope developers
# Quoted includes in engine/ and scenarios/ either name a header beside the including file
# ("loop.h") or a path from the source root ("engine/loop.h"). A path like "../x.h" or
# "world/service.h" is found next to the including file before any include directory, so it
# would slip past the layers' include directories: refuse it.
#   cmake -DSOURCE_DIR=... -P check_includes.cmake
file(GLOB_RECURSE files ${SOURCE_DIR}/engine/*.h ${SOURCE_DIR}/engine/*.cpp
                        ${SOURCE_DIR}/scenarios/*.h ${SOURCE_DIR}/scenarios/*.cpp)
set(bad 0)
foreach(file ${files})
    file(STRINGS ${file} lines REGEX "^#include \"[^\"]*/[^\"]*\"")
    foreach(line ${lines})
        if(NOT line MATCHES "^#include \"(engine|scenarios)/")
            file(RELATIVE_PATH path ${SOURCE_DIR} ${file})
            message(SEND_ERROR "${path}: ${line}: include by a path from the source root")
            set(bad 1)
        endif()
    endforeach()
endforeach()
list(LENGTH files count)
if(NOT bad)
    message(STATUS "${count} files include only beside themselves or from the source root")
endif()
