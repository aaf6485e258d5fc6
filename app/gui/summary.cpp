// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "summary.h"

#include "simulation.h"
#include "format.h"
#include "theme.h"

#include <QStringList>
#include <QTextDocumentFragment>

#include <algorithm>
#include <cmath>

namespace gui {

namespace {
QString ratioNumber(double r) { return r < 10 ? QString::number(r, 'f', 1) : QString::number(std::round(r), 'f', 0); }

/// The words for "better" and "worse" on this metric.
std::pair<QString, QString> directionWords(const coro::MetricSpec &spec)
{
    if (spec.id == "makespan_s")
        return {QStringLiteral("faster"), QStringLiteral("slower")};
    const bool lower = spec.better == coro::Better::Lower;
    switch (spec.unit) {
    case coro::Unit::Money: return {QStringLiteral("cheaper"), QStringLiteral("dearer")};
    case coro::Unit::Count:
        return lower ? std::pair{QStringLiteral("fewer"), QStringLiteral("more")}
                     : std::pair{QStringLiteral("more"), QStringLiteral("fewer")};
    default:
        return lower ? std::pair{QStringLiteral("lower"), QStringLiteral("higher")}
                     : std::pair{QStringLiteral("higher"), QStringLiteral("lower")};
    }
}

/// A variant that completed nothing is no yardstick: "17× slower" than it means nothing.
bool completedNothing(const scenarios::VariantRun &run)
{
    const auto completed = run.metrics.get("completed");
    return (completed && *completed == 0) || (run.outcomes.requests > 0 && run.outcomes.of(coro::Answer::Ok) == 0);
}

constexpr int kUnfinished = coro::kAnswerKinds; // the bar's last kind

std::uint64_t countOf(const scenarios::Outcomes &o, int kind)
{
    return kind == kUnfinished ? o.unfinished : o.answers[kind];
}

/// The requests that got no answer worth having: failed, timed out, refused, cancelled or
/// never answered (a fallback is an answer).
std::uint64_t unanswered(const scenarios::Outcomes &o)
{
    return o.requests - o.of(coro::Answer::Ok) - o.of(coro::Answer::Fallback);
}

/// A metric that counts requests of one bad outcome: fewer of them is no gain if as many went
/// into another.
bool countsABadOutcome(const std::string &id)
{
    return id == "failed" || id == "timed_out" || id == "rejected" || id == "rejected_429" || id == "hung" ||
           id == "cancelled";
}

/// What a better headline of `run` against `base` was bought with, in words ("with 232 more
/// refused", "it answered 11 fewer"), or empty when it was not: a count of one bad outcome is judged by the bad
/// outcomes together; any other metric, by the answers (any fewer).
QString tradedFor(const coro::MetricSpec &spec, const scenarios::Outcomes &run, const scenarios::Outcomes &base)
{
    if (run.requests == 0 || base.requests == 0)
        return {};
    if (countsABadOutcome(spec.id)) {
        if (unanswered(run) < unanswered(base))
            return {};
        QStringList grew;
        for (int k = int(coro::Answer::Failed); k <= kUnfinished; ++k)
            if (k != int(coro::Answer::Fallback) && countOf(run, k) > countOf(base, k))
                grew << QStringLiteral("%1 more %2").arg(countOf(run, k) - countOf(base, k)).arg(answerLabel(k));
        return grew.isEmpty() ? QString() : QStringLiteral("with ") + grew.join(QStringLiteral(", "));
    }
    const std::uint64_t answers = run.requests - unanswered(run), baseAnswers = base.requests - unanswered(base);
    if (answers >= baseAnswers)
        return {};
    return QStringLiteral("it answered %1 fewer").arg(baseAnswers - answers);
}
} // namespace

QString outcomeWords(const scenarios::Outcomes &outcomes)
{
    QStringList words;
    for (int k = 0; k <= kUnfinished; ++k)
        if (const std::uint64_t n = countOf(outcomes, k); n > 0 || (k == 0 && outcomes.requests > 0))
            words << QStringLiteral("%1 %2").arg(formatMetric(double(n), coro::Unit::Count), answerLabel(k));
    return words.join(QStringLiteral(" · "));
}

namespace {
/// The yardstick: the first variant that completed something (retry's "no retry" and
/// "immediate retry" complete nothing; the guide's backoff is then what jitter is held to).
std::size_t yardstick(const Simulation &simulation)
{
    std::size_t i = 0;
    while (i + 1 < simulation.variants.size() && completedNothing(simulation.variants[i].run))
        ++i;
    return i;
}

/// A metric on which a good variant pays a real price against the yardstick, in time or in lost
/// requests: worse by half again or more (batching's latency, 20 times; the semaphore's p99,
/// twice).
bool isPrice(const Simulation &simulation, std::size_t base, const coro::MetricSpec &m)
{
    const auto b = simulation.variants[base].run.metrics.get(m.id);
    // What the learner pays in: waiting, or requests lost (not a busier second, say).
    const bool paid = m.unit == coro::Unit::Seconds || countsABadOutcome(m.id);
    if (m.headline || !paid || !b || m.better == coro::Better::None)
        return false;
    return std::any_of(simulation.variants.begin(), simulation.variants.end(), [&](const VariantResult &v) {
        const auto x = v.run.metrics.get(m.id);
        if (v.run.variant->role != scenarios::Role::Good || !x)
            return false;
        return m.better == coro::Better::Higher ? *x < *b && *x * 1.5 <= *b : *x > *b && *x >= *b * 1.5;
    });
}

/// A long column heading on two lines, broken at the space nearest its middle (the narrowest
/// strip's headings: "peak calls at<br>the server").
QString twoLines(const QString &label)
{
    if (label.size() < 10)
        return label.toHtmlEscaped();
    int best = -1;
    for (int i = 0; i < label.size(); ++i)
        if (label[i] == QLatin1Char(' ') && (best < 0 || std::abs(i - label.size() / 2) < std::abs(best - label.size() / 2)))
            best = i;
    return best < 0 ? label.toHtmlEscaped() : label.left(best).toHtmlEscaped() + QStringLiteral("<br>") + label.mid(best + 1).toHtmlEscaped();
}

/// A stacked bar of the outcomes, in block characters (rich text has no drawing), each kind
/// that occurred at least one block wide, and the counts beside it.
QString outcomeBar(const scenarios::Outcomes &o, const Theme &t, bool counts, bool otherCounts = true)
{
    if (o.requests == 0)
        return QStringLiteral("–");
    const int blockCount = otherCounts ? 10 : 5; // the bar alone: narrow
    int blocks[kUnfinished + 1] = {};
    static_assert(kUnfinished + 1 <= 7);
    double remainders[kUnfinished + 1] = {};
    int given = 0;
    for (int k = 0; k <= kUnfinished; ++k) {
        const double share = double(countOf(o, k)) * blockCount / double(o.requests);
        blocks[k] = countOf(o, k) > 0 ? std::max(1, int(share)) : 0;
        remainders[k] = countOf(o, k) > 0 ? share - int(share) : -1;
        given += blocks[k];
    }
    while (given < blockCount) { // largest remainder first
        const int k = int(std::max_element(std::begin(remainders), std::end(remainders)) - std::begin(remainders));
        ++blocks[k];
        remainders[k] = -1;
        ++given;
    }
    while (given > blockCount) { // a kind given its one block pushed the bar over: the widest gives way
        --*std::max_element(std::begin(blocks), std::end(blocks));
        --given;
    }
    QString bar;
    for (int k = 0; k <= kUnfinished; ++k)
        if (blocks[k] > 0)
            bar += QStringLiteral("<span style='color:%1'>%2</span>").arg(t.answerColor(k).name(), QString(blocks[k], QChar(0x2588)));
    if (!counts && otherCounts) // a narrow strip: the counts of the kinds other than ok, in their colours
        for (int k = 1; k <= kUnfinished; ++k)
            if (countOf(o, k) > 0)
                bar += QStringLiteral(" <span style='color:%1'>%2</span>")
                           .arg(t.answerColor(k).name(), formatMetric(double(countOf(o, k)), coro::Unit::Count));
    return counts ? bar + QStringLiteral(" <span style='color:%1'>%2</span>").arg(t.mutedText.name(), outcomeWords(o)) : bar;
}
} // namespace

QString ratioText(double base, double value, const QString &better, const QString &worse, bool higherIsBetter)
{
    if (base == value)
        return QStringLiteral("same");
    if (base == 0 || value == 0) {
        const double d = value - base;
        return (d > 0 ? QStringLiteral("+") : QStringLiteral("−")) + QString::number(std::abs(d), 'g', 4);
    }
    // r > 1: value is better than base by that factor.
    const double r = higherIsBetter ? value / base : base / value;
    if (r >= 0.95 && r <= 1.05)
        return QStringLiteral("≈ same");
    return r > 1 ? QStringLiteral("%1× %2").arg(ratioNumber(r), better) : QStringLiteral("%1× %2").arg(ratioNumber(1 / r), worse);
}

bool hasPrice(const Simulation &simulation)
{
    const std::size_t base = yardstick(simulation);
    const auto &metrics = simulation.scenario->metrics;
    return std::any_of(metrics.begin(), metrics.end(), [&](const coro::MetricSpec &m) { return isPrice(simulation, base, m); });
}

QString summaryHtml(const Simulation &simulation, bool dark, int maxColumns, OutcomeLayout outcomes)
{
    const Theme &t = theme(dark);
    const scenarios::Scenario &scenario = *simulation.scenario;
    // Headline metrics first, then the other declared ones that moved, as room allows.
    std::vector<const coro::MetricSpec *> columns;
    auto shown = [&](const coro::MetricSpec &m, bool onlyIfItDiffers) {
        std::vector<double> values;
        for (const auto &v : simulation.variants)
            if (const auto x = v.run.metrics.get(m.id))
                values.push_back(*x);
        if (values.empty())
            return false;
        const bool differs = std::any_of(values.begin(), values.end(), [&](double x) { return x != values.front(); });
        return differs || !onlyIfItDiffers;
    };
    for (const auto &m : scenario.metrics)
        if (m.headline && shown(m, false))
            columns.push_back(&m);
    const std::size_t baseIndex = yardstick(simulation);
    // The others, the good patterns' prices first (batching's latency, the semaphore's p99): a
    // narrow strip drops what flatters before what costs.
    std::vector<const coro::MetricSpec *> others;
    for (const auto &m : scenario.metrics)
        if (!m.headline && shown(m, true))
            others.push_back(&m);
    std::stable_partition(others.begin(), others.end(), [&](const coro::MetricSpec *m) { return isPrice(simulation, baseIndex, *m); });
    int left = 0; // declared metrics that moved but found no room
    for (const coro::MetricSpec *m : others) {
        if (int(columns.size()) < maxColumns)
            columns.push_back(m);
        else
            ++left;
    }

    const bool ownColumn = outcomes != OutcomeLayout::BeforeName;
    const bool tiny = outcomes == OutcomeLayout::BarOnly || outcomes == OutcomeLayout::BeforeName;
    const int gap = tiny ? 6 : 14; // the space between columns
    // Every figure here is the whole run's, wherever the cursor stands: the corner says so.
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='3' style='color:%1'><tr><th align='left' "
                                  "style='color:%2; font-weight:normal'>%3</th>")
                       .arg(t.text.name(), t.mutedText.name(), QStringLiteral("the whole run:"));
    if (ownColumn)
        html += QStringLiteral("<th align='left' style='color:%1; font-weight:normal'>outcomes</th>").arg(t.mutedText.name());
    for (const coro::MetricSpec *c : columns)
        html += QStringLiteral("<th align='left' style='color:%1; font-weight:%2'>%3</th>")
                    .arg(t.mutedText.name(), c->headline ? QStringLiteral("bold") : QStringLiteral("normal"),
                         ownColumn ? QString::fromStdString(c->label).toHtmlEscaped() : twoLines(QString::fromStdString(c->label)));
    html += QStringLiteral("</tr>");
    const scenarios::VariantRun &base = simulation.variants[baseIndex].run;
    const bool baseFailed = completedNothing(base);
    QStringList tradeNotes; // "label: better, but with 232 more refused than “base”": a gain bought with another bad outcome
    bool answeredNothing = false; // a variant with a † answered nothing at all
    for (std::size_t i = 0; i < simulation.variants.size(); ++i) {
        const auto &run = simulation.variants[i].run;
        // The variant's colour in the comparison charts: the strip is their legend too.
        const QString bar = outcomeBar(run.outcomes, t, outcomes == OutcomeLayout::Counts, ownColumn && outcomes != OutcomeLayout::BarOnly);
        // The variant's colour swatch: the strip is the comparison charts' legend too (in the
        // narrowest strip the outcome bar takes its place; the charts keep their own legends).
        const QString swatch = QStringLiteral("<span style='color:%1'>━━</span> ").arg(t.variantColor(run.variant->role, roleRank(scenario, int(i))).name());
        html += QStringLiteral("<tr><td style='padding-right:%1px; white-space:nowrap'>%2<b>%3</b></td>")
                    .arg(gap)
                    .arg(ownColumn ? swatch : bar + QLatin1Char(' '), QString::fromStdString(run.variant->label).toHtmlEscaped());
        if (ownColumn)
            html += QStringLiteral("<td style='padding-right:%1px; white-space:nowrap'>%2</td>").arg(gap).arg(bar);
        for (const coro::MetricSpec *c : columns) {
            const auto v = run.metrics.get(c->id);
            QString cell = v ? formatMetric(*v, c->unit) : QStringLiteral("–");
            const auto b = base.metrics.get(c->id);
            // Latencies are of the successes: between a variant that answered a handful and one
            // that answered all, a ratio compares two different crowds.
            const std::uint64_t ok = run.outcomes.of(coro::Answer::Ok), baseOk = base.outcomes.of(coro::Answer::Ok);
            const bool otherCrowd = c->id.starts_with("latency_") && (ok > 2 * baseOk || baseOk > 2 * ok);
            if (i != baseIndex && v && b && !baseFailed && !otherCrowd && c->better != coro::Better::None) {
                const bool higher = c->better == coro::Better::Higher;
                const auto [better, worse] = directionWords(*c);
                QString ratio = ratioText(*b, *v, better, worse, higher);
                // A difference of a few percent in a count is told as it is ("+103 calls" is the
                // hedge's price), not as "≈ same".
                const bool countedApart = c->unit == coro::Unit::Count && *v != *b && ratio == QStringLiteral("≈ same");
                if (countedApart || ratio.startsWith(QLatin1Char('+')) || ratio.startsWith(QStringLiteral("−")))
                    ratio = (*v > *b ? QStringLiteral("+") : QStringLiteral("−")) + formatMetric(std::abs(*v - *b), c->unit);
                const bool improved = higher ? *v > *b : *v < *b;
                const bool same = *v == *b || ratio.contains(QStringLiteral("same"));
                const QString traded = improved && !same ? tradedFor(*c, run.outcomes, base.outcomes) : QString();
                if (!traded.isEmpty()) {
                    ratio += QStringLiteral(" †");
                    if (completedNothing(run)) { // its bar says it; one short note for all such
                        answeredNothing = true;
                    } else { // told below the table, where it does not widen the column
                        const QString note = QStringLiteral("%1: better, but %2 than “%3”")
                                                 .arg(QString::fromStdString(run.variant->label).toHtmlEscaped(), traded,
                                                      QString::fromStdString(base.variant->label).toHtmlEscaped());
                        if (!tradeNotes.contains(note))
                            tradeNotes << note;
                    }
                }
                // Colour tells the lesson on the headline metrics; the others are context
                // (often the price of the good pattern), told in words, not in alarm colours.
                // A gain bought with another bad outcome is told, not coloured.
                const QColor colour = same || !c->headline || !traded.isEmpty() ? t.mutedText : improved ? t.roleGood : t.roleBad;
                if (outcomes == OutcomeLayout::BeforeName) // the narrowest strip: the colour tells it
                    cell = QStringLiteral("<span style='color:%1'>%2</span>%3")
                               .arg(colour.name(), cell, traded.isEmpty() ? QString() : QStringLiteral(" †"));
                else
                    cell += QStringLiteral(" <span style='color:%1'>(%2)</span>").arg(colour.name(), ratio);
            }
            html += QStringLiteral("<td style='padding-right:%1px'>%2</td>").arg(gap).arg(cell);
        }
        html += QStringLiteral("</tr>");
    }
    html += QStringLiteral("</table>");
    QStringList notes;
    for (const QString &note : tradeNotes)
        html += QStringLiteral("<div style='color:%1'>† %2.</div>").arg(t.mutedText.name(), note);
    if (baseFailed && simulation.variants.size() > 1)
        notes << QStringLiteral("No ratios: no variant completed anything.");
    else if (baseIndex > 0)
        notes << QStringLiteral("Compared with “%1”.").arg(QString::fromStdString(base.variant->label).toHtmlEscaped());
    if (answeredNothing) // its bar shows it: the note stays short
        notes << QStringLiteral("† alone: answered nothing.");
    if (left > 0)
        notes << (left == 1 ? QStringLiteral("1 more metric in the Metrics tab.") : QStringLiteral("%1 more metrics in the Metrics tab.").arg(left));
    // On one line, for every line of the strip costs the timelines below it their room; on two
    // when one would be longer than a narrow strip is wide.
    QString noteLine = notes.join(QLatin1Char(' '));
    if (outcomes == OutcomeLayout::BeforeName && notes.size() > 1 && QTextDocumentFragment::fromHtml(noteLine).toPlainText().size() > 90)
        noteLine = notes.mid(0, notes.size() - 1).join(QLatin1Char(' ')) + QStringLiteral("<br>") + notes.back();
    if (!notes.isEmpty())
        html += QStringLiteral("<div style='color:%1'>%2</div>").arg(t.mutedText.name(), noteLine);
    return html;
}

} // namespace gui
