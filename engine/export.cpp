// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "export.h"

#include "metrics.h"
#include "recorder.h"
#include "task.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>

#include <charconv>
#include <cmath>
#include <cstdio>

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

namespace {
constexpr qsizetype kChunk = 1 << 16; // what is handed to the device at a time

// Shortest text that reads back as the same double, as JSON and CSV want it.
void appendNumber(QByteArray &out, double v)
{
    if (!std::isfinite(v)) {
        out += "null"; // JSON has no NaN nor infinity
        return;
    }
    char text[32];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, v);
    out.append(text, ec == std::errc() ? end - text : 0);
}

void appendInteger(QByteArray &out, std::int64_t v)
{
    char text[24];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, v);
    out.append(text, ec == std::errc() ? end - text : 0);
}

// A JSON string: quoted, with quotes, backslashes and control characters escaped.
void appendString(QByteArray &out, QByteArrayView utf8)
{
    out += '"';
    for (const char c : utf8) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", unsigned(static_cast<unsigned char>(c)));
                out += escaped;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void appendMicros(QByteArray &out, Time t) { appendNumber(out, micros(t)); }
} // namespace

void writeSeriesCsv(const Recorder &recorder, QIODevice &out, const std::function<bool()> &stop)
{
    QByteArray buffer = "series,time_s,value\n";
    for (const Gauge &g : recorder.gauges())
        for (const GaugePoint &p : g.points) {
            buffer.append(g.name.data(), qsizetype(g.name.size()));
            buffer += ',';
            buffer += QByteArray::number(toSeconds(p.time), 'g', 12);
            buffer += ',';
            buffer += QByteArray::number(p.value, 'g', 12);
            buffer += '\n';
            if (buffer.size() >= kChunk) {
                out.write(buffer);
                buffer.clear();
                if (stop && stop())
                    return;
            }
        }
    out.write(buffer);
}

QByteArray seriesCsv(const Recorder &recorder)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    writeSeriesCsv(recorder, buffer);
    return bytes;
}

TraceWriter::TraceWriter(QIODevice &out, std::function<bool()> stop) : out_(out), stop_(std::move(stop)) { buffer_ = R"({"displayTimeUnit":"ms","traceEvents":[)"; }

bool TraceWriter::flush(bool always)
{
    if (always || buffer_.size() >= kChunk) {
        out_.write(buffer_);
        buffer_.clear();
        return !(stop_ && stop_());
    }
    return true;
}

void TraceWriter::add(const Recorder &recorder, const QString &processName)
{
    ++pid_;
    QByteArray pid;
    appendInteger(pid, pid_);
    // Each event opens with its separator and its process: {"pid":N,
    auto open = [&] {
        buffer_ += first_ ? "{" : ",{";
        first_ = false;
        buffer_ += "\"pid\":";
        buffer_ += pid;
        buffer_ += ',';
    };
    open();
    buffer_ += R"("name":"process_name","ph":"M","args":{"name":)";
    appendString(buffer_, processName.toUtf8());
    buffer_ += "}}";
    for (const Span &s : recorder.spans()) {
        const QByteArray name = spanName(s).toUtf8();
        open();
        buffer_ += R"("name":"thread_name","ph":"M","tid":)";
        appendInteger(buffer_, s.id);
        buffer_ += R"(,"args":{"name":)";
        appendString(buffer_, name);
        buffer_ += "}}";
        const Time end = s.end.count() < 0 ? s.start : s.end;
        open();
        buffer_ += R"("name":)";
        appendString(buffer_, name);
        buffer_ += R"(,"cat":"task","ph":"X","ts":)";
        appendMicros(buffer_, s.start);
        buffer_ += R"(,"dur":)";
        appendMicros(buffer_, end - s.start);
        buffer_ += R"(,"tid":)";
        appendInteger(buffer_, s.id);
        buffer_ += R"(,"args":{"status":)";
        appendString(buffer_, taskStatusName(s.status));
        buffer_ += "}}";
        if (!flush())
            return;
    }
    for (const Segment &seg : recorder.segments()) {
        open();
        buffer_ += R"("name":)";
        appendString(buffer_, waitKindName(seg.kind));
        buffer_ += R"(,"cat":"wait","ph":"X","ts":)";
        appendMicros(buffer_, seg.start);
        buffer_ += R"(,"dur":)";
        appendMicros(buffer_, seg.end - seg.start);
        buffer_ += R"(,"tid":)";
        appendInteger(buffer_, seg.task);
        buffer_ += '}';
        if (!flush())
            return;
    }
    for (const Gauge &g : recorder.gauges()) {
        QByteArray name;
        appendString(name, g.name);
        for (const GaugePoint &p : g.points) {
            open();
            buffer_ += R"("name":)";
            buffer_ += name;
            buffer_ += R"(,"ph":"C","ts":)";
            appendMicros(buffer_, p.time);
            buffer_ += R"(,"args":{"value":)";
            appendNumber(buffer_, p.value);
            buffer_ += "}}";
            if (!flush())
                return;
        }
    }
    for (const StateEvent &e : recorder.events()) {
        open();
        buffer_ += R"("name":)";
        appendString(buffer_, e.source + ": " + e.state);
        buffer_ += R"(,"cat":"state","ph":"i","s":"g","ts":)";
        appendMicros(buffer_, e.time);
        buffer_ += '}';
        if (!flush())
            return;
    }
}

void TraceWriter::finish()
{
    buffer_ += "]}";
    flush(true);
}

QByteArray chromeTrace(const Recorder &recorder, const QString &processName)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    TraceWriter trace(buffer);
    trace.add(recorder, processName);
    trace.finish();
    return bytes;
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

} // namespace coro
