#include "summary.h"

#include "simulation.h"
#include "theme.h"

#include <QStringList>

#include <cmath>

namespace gui {

namespace {
struct Column {
    const char *metric;
    const char *title;
    const char *unit;
    const char *better;
    const char *worse;
    bool higherIsBetter;
};

constexpr Column kColumns[] = {
    {"makespan_s", "makespan", "s", "faster", "slower", false},
    {"completed", "completed", "", "more", "fewer", true},
    {"failed", "failed", "", "fewer", "more", false},
    {"latency_p99_s", "p99 latency", "s", "lower", "higher", false},
    {"service_calls", "service calls", "", "fewer", "more", false},
    {"cost", "cost", "", "cheaper", "dearer", false},
    {"max_loop_lag_s", "max loop lag", "s", "less", "more", false},
    {"rejected_429", "429 answers", "", "fewer", "more", false},
    {"timed_out", "timed out", "", "fewer", "more", false},
};
constexpr int kMaxColumns = 7;

QString formatValue(double v, const char *unit)
{
    QString s = std::abs(v) >= 1000 || v == std::round(v) ? QString::number(v, 'f', v == std::round(v) ? 0 : 1)
                                                          : QString::number(v, 'g', 3);
    if (*unit)
        s += QLatin1Char(' ') + QString::fromUtf8(unit);
    return s;
}

QString ratioNumber(double r) { return r < 10 ? QString::number(r, 'f', 1) : QString::number(std::round(r), 'f', 0); }
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

QString summaryHtml(const Simulation &simulation, bool dark)
{
    const Theme &t = theme(dark);
    std::vector<const Column *> columns;
    for (const Column &c : kColumns) {
        bool present = false, nonzero = false;
        for (const auto &v : simulation.variants)
            if (const auto m = v.run.metrics.get(c.metric)) {
                present = true;
                nonzero = nonzero || *m != 0;
            }
        if (present && (nonzero || std::string_view(c.metric) == "makespan_s") && int(columns.size()) < kMaxColumns)
            columns.push_back(&c);
    }
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='3' style='color:%1'><tr><th></th>").arg(t.text.name());
    for (const Column *c : columns)
        html += QStringLiteral("<th align='left' style='color:%1; font-weight:normal'>%2</th>")
                    .arg(t.mutedText.name(), QString::fromUtf8(c->title));
    html += QStringLiteral("</tr>");
    const auto &base = simulation.variants.front().run.metrics;
    for (std::size_t i = 0; i < simulation.variants.size(); ++i) {
        const auto &run = simulation.variants[i].run;
        html += QStringLiteral("<tr><td style='padding-right:12px'><span style='color:%1'>■</span> <b>%2</b></td>")
                    .arg(t.roleColor(run.variant->role).name(), QString::fromStdString(run.variant->label).toHtmlEscaped());
        for (const Column *c : columns) {
            const auto v = run.metrics.get(c->metric);
            QString cell = v ? formatValue(*v, c->unit) : QStringLiteral("–");
            const auto b = base.get(c->metric);
            if (i > 0 && v && b)
                cell += QStringLiteral(" <span style='color:%1'>(%2)</span>")
                            .arg(t.mutedText.name(), ratioText(*b, *v, QString::fromUtf8(c->better),
                                                              QString::fromUtf8(c->worse), c->higherIsBetter));
            html += QStringLiteral("<td style='padding-right:14px'>%1</td>").arg(cell);
        }
        html += QStringLiteral("</tr>");
    }
    html += QStringLiteral("</table>");
    return html;
}

} // namespace gui
