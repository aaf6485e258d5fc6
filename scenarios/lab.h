// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The Policy Lab: resilience pipelines a learner composes (layers outermost first: timeout,
// retry, circuit breaker, bulkhead, rate limiter, hedge, adaptive limit, fallback), run side by
// side on one simulated world and load. A lab is a JSON file (README, "The Policy Lab"); it
// runs as a scenario whose parameters are its world and load (the file's values are their
// defaults) and whose variants are its pipelines, so the command line, the runner and the
// window treat it as they treat a practice.
#pragma once

#include "scenario.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace scenarios {

struct VariantRun;

struct LabLayer {
    std::string kind;                           ///< "retry", "hedge"...
    std::map<std::string, double> numbers;      ///< every numeric setting, defaults filled in
    std::map<std::string, std::string> choices; ///< jitter, algorithm
};

struct LabPipeline {
    std::string name;
    Role role = Role::Neutral;
    std::vector<LabLayer> layers; ///< outermost first
};

struct Lab {
    std::string title = "Lab";
    std::string lesson;                  ///< Markdown, may be empty
    Params setting;                      ///< the world and the load, defaults filled in
    std::vector<LabPipeline> pipelines;  ///< 1 to kMaxPipelines
    std::vector<std::string> headlines;  ///< the metrics the lab teaches with; empty: the usual ones
    std::vector<std::string> charts;     ///< the charts it shows (labChartNames()); empty: chosen by its layers
};

/// The charts a lab can name: "latency_percentiles" (the successes' latency by percentile, on a
/// log scale), "offered_load", "calls_into_outage", "calls_per_request",
/// "adaptive_limit" (with the limit Little's law gives), "server_in_flight", "server_capacity",
/// "breaker_state", "retry_budget".
const std::vector<std::string> &labChartNames();

inline constexpr std::size_t kMaxPipelines = 4;
/// The retries a budget holds at the start (RetryBudgetConfig::initial), in every lab.
inline constexpr double RetryBudgetReserve = 10;

/// A pipeline's variant id, from its name ("Retry outside!" is "retry-outside"): two pipelines
/// of a lab may not share one.
std::string pipelineId(const std::string &name);
/// The layer kinds, in the order the palette lists them.
const std::vector<std::string> &labLayerKinds();
/// What a layer of this kind does, in a line.
std::string labLayerSummary(const std::string &kind);
/// A layer of this kind with every setting at its default.
LabLayer defaultLayer(const std::string &kind);
/// The layer's settings, declared (range, default, unit) as a practice declares parameters.
const std::vector<Parameter> &labLayerSettings(const std::string &kind);
/// The world's and the load's settings.
const std::vector<Parameter> &labWorldSettings();
const std::vector<Parameter> &labLoadSettings();
/// "retry ×4, full jitter": a layer in a few words, for a chip.
std::string describeLayer(const LabLayer &layer);

/// Reads a lab file. On bad input returns false and says, in one line, where (its JSON path:
/// "pipelines[0].layers[1].kind") and what is allowed.
bool parseLab(const QByteArray &json, Lab *lab, std::string *error);
/// The lab as a file: parseLab(labJson(lab)) gives it back.
QJsonObject labJson(const Lab &lab);

/// A pipeline written out: Python (asyncio only; it runs as it stands against a stand-in service
/// with these world and load settings: python3 lab.py [REQUESTS]) or C++ on this engine. Lines
/// that wait carry the Code tab's anchors ("#@ io").
std::string labCode(const LabPipeline &pipeline, const Params &setting, bool python);

/// Writes each pipeline's code into `folder` (made if missing) as <variant>.py and <variant>.cpp,
/// <variant> being its id in --lab --json, without the Code tab's anchors; each file is written
/// whole or not at all. Returns
/// the paths written, or none and, in one line, why.
QStringList exportLabCode(const Lab &lab, const Params &setting, const QString &folder, QString *error);

/// The lab as a scenario ("lab"); it owns a copy of the lab's pipelines.
std::shared_ptr<const Scenario> labScenario(const Lab &lab);

/// The --lab --json report: {"title", "seed", "parameters", "truncated",
/// "results": [{"pipeline", "variant", "role", "truncated", "metrics", "events", "marks"}]}.
QJsonObject labReport(const Lab &lab, const Scenario &scenario, const Params &params, std::uint64_t seed,
                      const std::vector<VariantRun> &runs);

} // namespace scenarios
