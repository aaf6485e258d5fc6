// Exporters of a finished run: the metrics as JSON, the gauge series as CSV, and the whole
// timeline as Chrome trace-event JSON, which Perfetto (ui.perfetto.dev) and chrome://tracing
// open as they are.
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace coro {

class Metrics;
class Recorder;

QJsonObject metricsToJson(const Metrics &metrics);
/// The state events, in time order: [{"time_s", "source", "state"}].
QJsonArray eventsToJson(const Recorder &recorder);
/// One row per gauge point: series,time_s,value (a step function: a value holds until the next).
QByteArray seriesCsv(const Recorder &recorder);
/// Spans and wait segments as complete ("X") events on one track per task, gauges as counter
/// ("C") events, state events as global instant ("i") events; times in microseconds as the
/// format wants.
QByteArray chromeTrace(const Recorder &recorder, const QString &processName = QStringLiteral("coroscope"));
/// Writes bytes to path; on failure returns false and says why in *error.
bool writeFile(const QString &path, const QByteArray &bytes, QString *error);

} // namespace coro
