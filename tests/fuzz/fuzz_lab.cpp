// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// libFuzzer target: arbitrary bytes as a lab file. Parsing must never crash; a refusal says
// why in one line; an accepted lab saves and reopens unchanged, and runs (on a small event
// budget, so that any stack of layers is exercised without a long run) to a report.
#include "scenarios/lab.h"
#include "scenarios/runner.h"

#include <QJsonDocument>

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    scenarios::Lab lab;
    std::string error;
    if (!scenarios::parseLab(input, &lab, &error)) {
        if (error.empty() || error.find('\n') != std::string::npos)
            __builtin_trap();
        return 0;
    }
    scenarios::Lab reopened;
    if (!scenarios::parseLab(QJsonDocument(scenarios::labJson(lab)).toJson(), &reopened, &error) ||
        scenarios::labJson(reopened) != scenarios::labJson(lab))
        __builtin_trap();
    const auto scenario = scenarios::labScenario(lab);
    std::vector<scenarios::VariantRun> runs;
    for (const auto &v : scenario->variants)
        runs.push_back(scenarios::runVariant(*scenario, v, scenario->defaults(), 1, {.timeline = false, .maxEvents = 20'000}));
    if (scenarios::labReport(lab, *scenario, scenario->defaults(), 1, runs).value("results").toArray().size() != qsizetype(runs.size()))
        __builtin_trap();
    return 0;
}
