// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Exporters of a finished run: the metrics as JSON, the gauge series as CSV, and the whole
// timeline as Chrome trace-event JSON, which Perfetto (ui.perfetto.dev) and chrome://tracing
// open as they are.
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <functional>

class QIODevice;

namespace coro {

class Metrics;
class Recorder;

QJsonObject metricsToJson(const Metrics &metrics);
/// The state events, in time order: [{"time_s", "source", "state"}].
QJsonArray eventsToJson(const Recorder &recorder);
/// One row per gauge point: series,time_s,value (a step function: a value holds until the next).
/// Written to `out` as it goes, a few kilobytes at a time: no second copy of the run.
/// `stop`, when given, is asked between chunks: when it says yes, the writing ends there.
void writeSeriesCsv(const Recorder &recorder, QIODevice &out, const std::function<bool()> &stop = {});
QByteArray seriesCsv(const Recorder &recorder); ///< the same, in memory (small runs, tests)

/// Chrome trace-event JSON of one or more runs, written to `out` as it goes (a few kilobytes at
/// a time, never the whole trace in memory), each run on its own process track (pid 1, 2...):
/// spans and wait segments as complete ("X") events on one track per task, gauges as counter
/// ("C") events, state events as global instant ("i") events; times in microseconds as the
/// format wants. add() each run, then finish(). `stop`, when given, is asked between chunks:
/// when it says yes, add() returns at once and writes nothing more.
class TraceWriter {
public:
    explicit TraceWriter(QIODevice &out, std::function<bool()> stop = {});
    TraceWriter(const TraceWriter &) = delete;
    TraceWriter &operator=(const TraceWriter &) = delete;
    void add(const Recorder &recorder, const QString &processName);
    void finish();

private:
    bool flush(bool always = false); ///< false: stop writing
    QIODevice &out_;
    std::function<bool()> stop_;
    QByteArray buffer_;
    int pid_ = 0;
    bool first_ = true;
};
QByteArray chromeTrace(const Recorder &recorder, const QString &processName = QStringLiteral("coroscope"));

} // namespace coro
