// Runs one variant of a scenario on a fresh loop and summarises it in the metric names of the
// command-line contract (DESIGN.md): SI units, the unit in the name, absent when not applicable.
#pragma once

#include "scenario.h"

#include "engine/metrics.h"

#include <QByteArray>
#include <QJsonObject>

namespace scenarios {

struct VariantRun {
    const Variant *variant = nullptr;
    coro::Metrics metrics;
    QJsonObject structured; ///< metrics that are not one number, by name
    QByteArray trace; ///< Chrome trace JSON, when asked for
    QByteArray csv;   ///< gauge series, when asked for
};

VariantRun runVariant(const Scenario &scenario, const Variant &variant, const Params &params, std::uint64_t seed,
                      bool exportData = false);

} // namespace scenarios
