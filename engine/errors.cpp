// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "errors.h"

#include "loop.h"

namespace coro {

void countException() noexcept
{
    if (Loop *loop = Loop::runningOrNull())
        loop->noteException();
}

ServiceError::ServiceError(int status)
    : std::runtime_error(status == 429   ? std::string("429 Too Many Requests")
                         : status == 503 ? std::string("503 Service Unavailable")
                         : status == 500 ? std::string("500 Internal Server Error")
                                         : "HTTP " + std::to_string(status)),
      status_(status)
{
}

} // namespace coro
