#include "summary.h"

#include "simulation.h"
#include "format.h"
#include "theme.h"

#include <QStringList>

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
    return completed && *completed == 0;
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

QString summaryHtml(const Simulation &simulation, bool dark, int maxColumns)
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
    int left = 0; // declared metrics that moved but found no room
    for (const auto &m : scenario.metrics)
        if (!m.headline && shown(m, true)) {
            if (int(columns.size()) < maxColumns)
                columns.push_back(&m);
            else
                ++left;
        }

    QString html = QStringLiteral("<table cellspacing='0' cellpadding='3' style='color:%1'><tr><th></th>").arg(t.text.name());
    for (const coro::MetricSpec *c : columns)
        html += QStringLiteral("<th align='left' style='color:%1; font-weight:%2'>%3</th>")
                    .arg(t.mutedText.name(), c->headline ? QStringLiteral("bold") : QStringLiteral("normal"),
                         QString::fromStdString(c->label).toHtmlEscaped());
    html += QStringLiteral("</tr>");
    const scenarios::VariantRun &base = simulation.variants.front().run;
    const bool baseFailed = completedNothing(base);
    for (std::size_t i = 0; i < simulation.variants.size(); ++i) {
        const auto &run = simulation.variants[i].run;
        // The variant's colour in the comparison charts: the strip is their legend too.
        html += QStringLiteral("<tr><td style='padding-right:12px'><span style='color:%1'>━━</span> <b>%2</b></td>")
                    .arg(t.variantColor(run.variant->role, roleRank(scenario, int(i))).name(),
                         QString::fromStdString(run.variant->label).toHtmlEscaped());
        for (const coro::MetricSpec *c : columns) {
            const auto v = run.metrics.get(c->id);
            QString cell = v ? formatMetric(*v, c->unit) : QStringLiteral("–");
            const auto b = base.metrics.get(c->id);
            if (i > 0 && v && b && !baseFailed && c->better != coro::Better::None) {
                const bool higher = c->better == coro::Better::Higher;
                const auto [better, worse] = directionWords(*c);
                QString ratio = ratioText(*b, *v, better, worse, higher);
                if (ratio.startsWith(QLatin1Char('+')) || ratio.startsWith(QStringLiteral("−")))
                    ratio = (*v > *b ? QStringLiteral("+") : QStringLiteral("−")) + formatMetric(std::abs(*v - *b), c->unit);
                const bool improved = higher ? *v > *b : *v < *b;
                const bool same = *v == *b || ratio.contains(QStringLiteral("same"));
                // Colour tells the lesson on the headline metrics; the others are context
                // (often the price of the good pattern), told in words, not in alarm colours.
                const QColor colour = same || !c->headline ? t.mutedText : improved ? t.roleGood : t.roleBad;
                cell += QStringLiteral(" <span style='color:%1'>(%2)</span>").arg(colour.name(), ratio);
            }
            html += QStringLiteral("<td style='padding-right:14px'>%1</td>").arg(cell);
        }
        html += QStringLiteral("</tr>");
    }
    html += QStringLiteral("</table>");
    QStringList notes;
    if (baseFailed && simulation.variants.size() > 1)
        notes << QStringLiteral("No ratios against “%1”: it completed nothing.").arg(QString::fromStdString(base.variant->label).toHtmlEscaped());
    if (left > 0)
        notes << (left == 1 ? QStringLiteral("1 more metric in the Metrics tab.") : QStringLiteral("%1 more metrics in the Metrics tab.").arg(left));
    if (!notes.isEmpty())
        html += QStringLiteral("<div style='color:%1'>%2</div>").arg(t.mutedText.name(), notes.join(QLatin1Char(' ')));
    return html;
}

} // namespace gui
