// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// libFuzzer target: arbitrary bytes as --set settings for every scenario. Parsing must never
// crash, and a setting that is accepted must leave a value inside the declared range.
#include "scenarios/scenario.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string input(reinterpret_cast<const char *>(data), size);
    for (const auto &scenario : scenarios::registry()) {
        scenarios::Params params = scenario.defaults();
        std::string error;
        // Several settings per input, split at newlines, as repeated --set options.
        std::size_t start = 0;
        while (start <= input.size()) {
            const std::size_t end = std::min(input.find('\n', start), input.size());
            const std::string setting = input.substr(start, end - start);
            if (scenarios::applySetting(scenario, params, setting, &error)) {
                const std::string key = setting.substr(0, setting.find('='));
                const auto *param = scenario.findParameter(key);
                if (!param)
                    __builtin_trap();
                if (const auto *range = std::get_if<scenarios::NumericRange>(&param->kind)) {
                    const double v = params.number(key);
                    if (!(v >= range->min && v <= range->max))
                        __builtin_trap();
                }
            } else if (error.empty() || error.find('\n') != std::string::npos) {
                __builtin_trap(); // every refusal says why, in one line
            }
            start = end + 1;
        }
    }
    return 0;
}
