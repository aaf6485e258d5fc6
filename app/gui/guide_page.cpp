// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "guide_page.h"

#include "format.h"

#include "engine/metrics.h"
#include "scenarios/runner.h"
#include "scenarios/scenario.h"

#include <QRegularExpression>

#include <map>
#include <memory>
#include <mutex>

namespace gui {

namespace {
QString qs(const std::string &s) { return QString::fromStdString(s); }

const scenarios::Variant *firstOfRole(const scenarios::Scenario &s, scenarios::Role role, bool last)
{
    const scenarios::Variant *found = nullptr;
    for (const auto &v : s.variants)
        if (v.role == role) {
            found = &v;
            if (!last)
                break;
        }
    return found;
}
} // namespace

FigureSource defaultRunFigures()
{
    struct Cache {
        std::mutex mutex;
        std::map<const scenarios::Variant *, coro::Metrics> runs;
    };
    auto cache = std::make_shared<Cache>();
    return [cache](const scenarios::Scenario &s, const scenarios::Variant &v, const std::string &metric) -> std::optional<double> {
        const std::lock_guard lock(cache->mutex);
        auto it = cache->runs.find(&v);
        if (it == cache->runs.end())
            it = cache->runs.emplace(&v, scenarios::runVariant(s, v, s.defaults(), 1, {.timeline = false}).metrics).first;
        return it->second.get(metric);
    };
}

QString itemKey(const QString &itemText)
{
    static const QRegularExpression nonWord(QStringLiteral("[^a-z0-9]+"));
    QString plain = itemText.toLower();
    plain.replace(nonWord, QStringLiteral(" "));
    return plain.split(QLatin1Char(' '), Qt::SkipEmptyParts).mid(0, 6).join(QLatin1Char('-'));
}

GuidePage renderGuide(const QString &source, const std::set<QString> &ticked, const FigureSource &figures)
{
    static const QRegularExpression placeholder(QStringLiteral(R"(\{\{([a-z0-9-]+)(?:/([a-z0-9-]+))?:([a-z0-9_]+)\}\})"));
    static const QRegularExpression item(QStringLiteral(R"(^(\s*)- \[[ x]\] (.*)$)"));
    GuidePage page;
    auto figure = [&](const QRegularExpressionMatch &m) -> QString {
        const auto *s = scenarios::findScenario(m.captured(1).toStdString());
        const std::string metric = m.captured(3).toStdString();
        if (!s || !s->findMetric(metric)) {
            page.problems << m.captured(0);
            return QStringLiteral("?");
        }
        const coro::Unit unit = metricUnit(*s, metric);
        auto value = [&](const scenarios::Variant *v) {
            const auto x = v ? figures(*s, *v, metric) : std::nullopt;
            if (!x)
                page.problems << m.captured(0);
            return x ? formatMetric(*x, unit) : QStringLiteral("?");
        };
        if (!m.captured(2).isEmpty()) {
            const auto *v = s->findVariant(m.captured(2).toStdString());
            return value(v);
        }
        const auto *bad = firstOfRole(*s, scenarios::Role::Bad, false);
        const auto *good = firstOfRole(*s, scenarios::Role::Good, true);
        return QStringLiteral("[%1. %2](coroscope:%3): *%4* %5 → %6")
            .arg(s->practice)
            .arg(qs(s->title), qs(s->id), metricLabel(*s, metric), value(bad), value(good));
    };
    QStringList out;
    for (QString line : source.split(QLatin1Char('\n'))) {
        if (const auto m = item.match(line); m.hasMatch()) {
            QString text = m.captured(2);
            const QString key = itemKey(QString(text).remove(placeholder));
            page.items << key;
            line = QStringLiteral("%1- [%2](tick:%3) %4").arg(m.captured(1), ticked.count(key) ? QStringLiteral("☑") : QStringLiteral("☐"), key, text);
        }
        QString filled;
        qsizetype from = 0;
        for (auto it = placeholder.globalMatch(line); it.hasNext();) {
            const auto m = it.next();
            filled += line.mid(from, m.capturedStart() - from) + figure(m);
            from = m.capturedEnd();
        }
        out << filled + line.mid(from);
    }
    page.markdown = out.join(QLatin1Char('\n'));
    return page;
}

} // namespace gui
