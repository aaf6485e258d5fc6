#include "export.h"

#include "metrics.h"
#include "recorder.h"
#include "task.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace coro {

namespace {
double micros(Time t) { return double(t.count()) / 1000.0; }

QString spanName(const Span &s)
{
    QString name = QString::fromUtf8(s.name ? s.name : "task");
    if (s.index >= 0)
        name += QStringLiteral(" #%1").arg(s.index);
    return name;
}
} // namespace

QJsonObject metricsToJson(const Metrics &metrics)
{
    QJsonObject o;
    for (const auto &[name, value] : metrics.values())
        o.insert(QString::fromStdString(name), value);
    return o;
}

QByteArray seriesCsv(const Recorder &recorder)
{
    QByteArray out = "series,time_s,value\n";
    for (const Gauge &g : recorder.gauges())
        for (const GaugePoint &p : g.points) {
            out += QByteArray::fromStdString(g.name);
            out += ',';
            out += QByteArray::number(toSeconds(p.time), 'g', 12);
            out += ',';
            out += QByteArray::number(p.value, 'g', 12);
            out += '\n';
        }
    return out;
}

QByteArray chromeTrace(const Recorder &recorder, const QString &processName)
{
    QJsonArray events;
    events.append(QJsonObject{{"name", "process_name"}, {"ph", "M"}, {"pid", 1}, {"args", QJsonObject{{"name", processName}}}});
    for (const Span &s : recorder.spans()) {
        const QString name = spanName(s);
        events.append(QJsonObject{{"name", "thread_name"}, {"ph", "M"}, {"pid", 1}, {"tid", qint64(s.id)},
                                  {"args", QJsonObject{{"name", name}}}});
        const Time end = s.end.count() < 0 ? s.start : s.end;
        events.append(QJsonObject{{"name", name},
                                  {"cat", "task"},
                                  {"ph", "X"},
                                  {"ts", micros(s.start)},
                                  {"dur", micros(end - s.start)},
                                  {"pid", 1},
                                  {"tid", qint64(s.id)},
                                  {"args", QJsonObject{{"status", taskStatusName(s.status)}}}});
    }
    for (const Segment &seg : recorder.segments())
        events.append(QJsonObject{{"name", waitKindName(seg.kind)},
                                  {"cat", "wait"},
                                  {"ph", "X"},
                                  {"ts", micros(seg.start)},
                                  {"dur", micros(seg.end - seg.start)},
                                  {"pid", 1},
                                  {"tid", qint64(seg.task)}});
    for (const Gauge &g : recorder.gauges()) {
        const QString name = QString::fromStdString(g.name);
        for (const GaugePoint &p : g.points)
            events.append(QJsonObject{{"name", name}, {"ph", "C"}, {"ts", micros(p.time)}, {"pid", 1},
                                      {"args", QJsonObject{{"value", p.value}}}});
    }
    for (const StateEvent &e : recorder.events())
        events.append(QJsonObject{{"name", QString::fromStdString(e.source + ": " + e.state)},
                                  {"cat", "state"},
                                  {"ph", "i"},
                                  {"s", "g"},
                                  {"ts", micros(e.time)},
                                  {"pid", 1}});
    return QJsonDocument(QJsonObject{{"traceEvents", events}, {"displayTimeUnit", "ms"}}).toJson(QJsonDocument::Compact);
}

QJsonArray eventsToJson(const Recorder &recorder)
{
    QJsonArray out;
    for (const StateEvent &e : recorder.events())
        out.append(QJsonObject{{"time_s", toSeconds(e.time)},
                               {"source", QString::fromStdString(e.source)},
                               {"state", QString::fromStdString(e.state)}});
    return out;
}

bool writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

} // namespace coro
