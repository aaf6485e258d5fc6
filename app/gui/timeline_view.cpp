// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "timeline_view.h"

#include "simulation.h"
#include "theme.h"

#include "engine/recorder.h"
#include "engine/task.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QWheelEvent>
#include <QCoreApplication>
#include <QLocale>
#include <QPainter>
#include <QRegion>
#include <QPointer>
#include <QThreadPool>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace gui {

namespace {
constexpr double kMaxLaneHeight = 16;
constexpr std::size_t kSynchronousWork = 100'000; // spans + segments drawn on the GUI thread

QString seconds(double s) { return QString::number(s, 'f', s < 10 ? 3 : 2) + QStringLiteral(" s"); }

// Lanes thinner than a pixel: each pixel row stands for several lanes, and each pixel blends
// the states of the lanes there by how many are in each, its opacity how many are busy. One
// pass over spans and segments into per-row, per-state difference arrays, then a prefix sum.
void renderDensity(QImage &image, const VariantResult &v, const QRgb *colors, double from, double to)
{
    constexpr int kStates = int(LaneState::BlockedLoop) + 1; // the waits; end marks are points
    const int width = image.width(), rows = image.height();
    const double rowsPerLane = double(rows) / v.laneCount;
    const double lanesPerRow = std::max(1.0, double(v.laneCount) / rows);
    const double xScale = width / std::max(1e-12, to - from);
    std::vector<std::int32_t> diff(std::size_t(rows) * kStates * std::size_t(width + 1), 0);
    auto add = [&](int lane, double t0, double t1, int state, int delta) {
        if (t1 < from || t0 > to)
            return;
        const int row = std::min(rows - 1, int(lane * rowsPerLane));
        const int x0 = std::clamp(int(std::floor((t0 - from) * xScale)), 0, width - 1);
        const int x1 = std::clamp(int(std::ceil((t1 - from) * xScale)), x0 + 1, width);
        std::int32_t *line = diff.data() + (std::size_t(row) * kStates + std::size_t(state)) * std::size_t(width + 1);
        line[x0] += delta;
        line[x1] -= delta;
    };
    const auto &spans = v.recorder().spans();
    for (std::size_t i = 0; i < spans.size(); ++i) {
        const double end = spans[i].end.count() < 0 ? v.run.end_s : coro::toSeconds(spans[i].end);
        add(v.laneOfSpan[i], coro::toSeconds(spans[i].start), end, int(LaneState::Running), 1);
    }
    for (const auto &seg : v.recorder().segments()) {
        if (seg.task >= v.spanOfTask.size() || v.spanOfTask[seg.task] < 0)
            continue;
        const int lane = v.laneOfSpan[std::size_t(v.spanOfTask[seg.task])];
        const double s0 = coro::toSeconds(seg.start), s1 = coro::toSeconds(seg.end);
        add(lane, s0, s1, int(laneState(seg.kind)), 1);
        add(lane, s0, s1, int(LaneState::Running), -1); // a wait is not running
    }
    for (int row = 0; row < rows; ++row) {
        std::int32_t count[kStates] = {};
        auto *out = reinterpret_cast<QRgb *>(image.scanLine(row));
        const std::int32_t *base = diff.data() + std::size_t(row) * kStates * std::size_t(width + 1);
        for (int x = 0; x < width; ++x) {
            double r = 0, g = 0, b = 0, total = 0;
            for (int s = 0; s < kStates; ++s) {
                count[s] += base[std::size_t(s) * std::size_t(width + 1) + std::size_t(x)];
                const double c = std::max(0, count[s]);
                total += c;
                r += c * qRed(colors[s]);
                g += c * qGreen(colors[s]);
                b += c * qBlue(colors[s]);
            }
            if (total <= 0)
                continue;
            const double alpha = std::min(1.0, 0.3 + 0.7 * total / lanesPerRow); // one busy lane still shows
            out[x] = qRgba(int(r / total * alpha), int(g / total * alpha), int(b / total * alpha), int(255 * alpha));
        }
    }
}

QString taskName(const coro::Span &span)
{
    QString name = QString::fromUtf8(span.name ? span.name : "task");
    if (span.index >= 0)
        name += QLatin1Char(' ') + QString::number(span.index);
    return name;
}
} // namespace

TimelineView::TimelineView(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setAccessibleName(tr("Task timeline"));
    setAccessibleDescription(tr("One lane per task, coloured by what it waits on. Press or drag to move the time cursor."));
}

void TimelineView::setVariant(std::shared_ptr<const Simulation> simulation, int index)
{
    simulation_ = std::move(simulation);
    index_ = index;
    dirty_ = true;
    setSelectedRequest(selected_); // the same request in the new run
    update();
}

void TimelineView::setCursorTime(double seconds)
{
    if (seconds == cursor_)
        return;
    cursor_ = seconds;
    update();
}

void TimelineView::setDark(bool dark)
{
    dark_ = dark;
    dirty_ = true;
    update();
}

void TimelineView::setMargins(int left, int right)
{
    left_ = left;
    right_ = right;
    dirty_ = true;
    update();
}

QRect TimelineView::plotRect() const { return rect().adjusted(left_, 2, -right_, -2); }

double TimelineView::laneHeight() const
{
    if (!simulation_ || simulation_->variants[index_].laneCount == 0)
        return 0;
    return std::min(kMaxLaneHeight, double(plotRect().height()) / simulation_->variants[index_].laneCount);
}

double TimelineView::viewFrom() const { return to_ > from_ ? from_ : 0; }

double TimelineView::viewTo() const
{
    const double end = simulation_ ? simulation_->end_s : 1;
    return to_ > from_ ? std::min(to_, end) : end;
}

void TimelineView::setWindow(double from, double to)
{
    if (from == from_ && to == to_)
        return;
    from_ = from;
    to_ = to;
    dirty_ = true;
    update();
}

double TimelineView::timeAt(int x) const
{
    const QRect r = plotRect();
    const double t = viewFrom() + double(x - r.left()) / std::max(1, r.width()) * (viewTo() - viewFrom());
    return std::clamp(t, viewFrom(), viewTo());
}

int TimelineView::xOf(double seconds) const
{
    const QRect r = plotRect();
    return r.left() + int(std::round((seconds - viewFrom()) / std::max(1e-12, viewTo() - viewFrom()) * r.width()));
}

void TimelineView::resizeEvent(QResizeEvent *)
{
    dirty_ = true;
}

// Writes pixels straight into the image: one pass over spans and segments, each a run of
// rows and columns, later writes on top (segments over their task's running bar). Touches
// no widget, so big runs are drawn on a worker thread.
QImage TimelineView::render(const Simulation &simulation, int index, QSize size, qreal dpr, bool dark, double laneHeight,
                            double from, double to)
{
    QImage image(size.expandedTo(QSize(1, 1)), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    image.fill(Qt::transparent);
    const VariantResult &v = simulation.variants[index];
    if (v.laneCount == 0)
        return image;
    const Theme &t = theme(dark);
    QRgb colors[int(LaneState::Count)];
    for (int s = 0; s < int(LaneState::Count); ++s)
        colors[s] = t.stateColor(LaneState(s)).rgba();
    if (laneHeight * dpr < 1.0) {
        renderDensity(image, v, colors, from, to);
        return image;
    }

    const int width = image.width();
    const double laneH = laneHeight * dpr;
    const double xScale = width / std::max(1e-12, to - from);
    const double runEnd = v.run.end_s;
    const double viewFrom = from, viewTo = to;
    auto fill = [&](int lane, double from, double to, QRgb color, int minWidth = 1) {
        int y0 = int(std::floor(lane * laneH));
        int y1 = int(std::floor((lane + 1) * laneH));
        if (y1 - y0 >= 4)
            y1 -= std::max(1, int(dpr));
        y1 = std::min(std::max(y1, y0 + 1), image.height());
        if (to < viewFrom || from > viewTo)
            return; // outside the window
        int x0 = std::clamp(int(std::floor((from - viewFrom) * xScale)), 0, width - 1);
        int x1 = std::clamp(int(std::ceil((to - viewFrom) * xScale)), x0 + minWidth, width);
        for (int y = y0; y < y1; ++y) {
            auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
            std::fill(line + x0, line + x1, color);
        }
    };
    const auto &spans = v.recorder().spans();
    for (std::size_t i = 0; i < spans.size(); ++i) {
        const double end = spans[i].end.count() < 0 ? runEnd : coro::toSeconds(spans[i].end);
        fill(v.laneOfSpan[i], coro::toSeconds(spans[i].start), end, colors[int(LaneState::Running)]);
    }
    for (const auto &seg : v.recorder().segments()) {
        if (seg.task >= v.spanOfTask.size() || v.spanOfTask[seg.task] < 0)
            continue;
        fill(v.laneOfSpan[v.spanOfTask[seg.task]], coro::toSeconds(seg.start), coro::toSeconds(seg.end),
             colors[int(laneState(seg.kind))]);
    }
    // A bad ending gets a mark at the task's end, wide enough to see: timed out, refused,
    // failed, exception never retrieved, cancelled, orphaned (at the run's end).
    const int mark = std::max(3, int(4 * dpr));
    for (std::size_t i = 0; i < spans.size(); ++i) {
        const LaneState endMark = laneState(spans[i].outcome);
        if (endMark == LaneState::Running)
            continue;
        const double end = spans[i].end.count() < 0 ? runEnd : coro::toSeconds(spans[i].end);
        const double from = std::max(coro::toSeconds(spans[i].start), end - mark / xScale);
        fill(v.laneOfSpan[i], from, from + mark / xScale, colors[int(endMark)], mark);
    }
    return image;
}

void TimelineView::rasterize()
{
    dirty_ = false;
    const qreal dpr = devicePixelRatioF();
    const QSize size = plotRect().size() * dpr;
    if (!simulation_) {
        image_ = QImage();
        return;
    }
    const VariantResult &v = simulation_->variants[index_];
    const std::size_t work = v.recorder().spans().size() + v.recorder().segments().size();
    const quint64 generation = ++generation_;
    if (work < kSynchronousWork || synchronous_) {
        image_ = render(*simulation_, index_, size, dpr, dark_, laneHeight(), viewFrom(), viewTo());
        return;
    }
    // A big run: draw on a worker, keep showing the previous picture (scaled) meanwhile.
    QThreadPool::globalInstance()->start([guard = QPointer<TimelineView>(this), sim = simulation_, index = index_, size, dpr,
                                          dark = dark_, laneH = laneHeight(), generation, from = viewFrom(), to = viewTo()] {
        QImage image = render(*sim, index, size, dpr, dark, laneH, from, to);
        QMetaObject::invokeMethod(QCoreApplication::instance(), [guard, image = std::move(image), generation]() mutable {
            if (guard && guard->generation_ == generation) {
                guard->image_ = std::move(image);
                guard->update();
            }
        });
    });
}

void TimelineView::paintEvent(QPaintEvent *)
{
    if (dirty_)
        rasterize();
    QPainter p(this);
    const Theme &t = theme(dark_);
    const QRect r = plotRect();
    p.fillRect(rect(), t.background);
    if (!simulation_)
        return;
    if (simulation_->variants[index_].laneCount == 0) {
        p.setPen(t.mutedText);
        p.drawText(r, Qt::AlignCenter, tr("no tasks recorded"));
        return;
    }
    const int cursorX = std::clamp(xOf(cursor_), r.left(), r.right() + 1);
    // The future, faint: a deterministic run is already known, the cursor shows how far it has played.
    p.setOpacity(0.18);
    p.drawImage(r, image_);
    p.setOpacity(1.0);
    p.setClipRect(QRect(r.left(), r.top(), cursorX - r.left(), r.height()));
    p.drawImage(r, image_);
    p.setClipping(false);
    // Outage and hang windows, shaded and named.
    std::vector<QRect> named; // where band names are: event names keep clear of them
    for (const auto &band : simulation_->scenario->shadedTimes(simulation_->params)) {
        const int x0 = std::clamp(xOf(band.from_s), r.left(), r.right()), x1 = std::clamp(xOf(band.to_s), r.left(), r.right());
        if (x1 <= x0)
            continue;
        p.fillRect(QRect(x0, r.top(), x1 - x0, r.height()), t.bandFill(40));
        QColor edge = t.roleBad;
        edge.setAlpha(140);
        p.setPen(QPen(edge, 1, Qt::DotLine));
        p.drawLine(x0, r.top(), x0, r.bottom());
        p.drawLine(x1, r.top(), x1, r.bottom());
        QFont small = font();
        small.setPointSizeF(small.pointSizeF() * 0.85);
        small.setBold(true);
        p.setFont(small);
        const QString label = QString::fromStdString(band.label);
        const QRect box = p.fontMetrics().boundingRect(label).adjusted(-2, 0, 2, 0);
        const QRect at(x0 + 2, r.top() + 1, box.width(), box.height());
        if (at.right() <= x1) { // named where it fits, on a backing the lanes do not show through
            QColor back = t.background;
            back.setAlpha(210);
            p.fillRect(at, back);
            p.setPen(t.roleBad);
            p.drawText(at, Qt::AlignCenter, label);
            named.push_back(at);
        }
    }
    // The end of this variant's run, if it ends before the shared axis does.
    const double ownEnd = simulation_->variants[index_].run.end_s;
    if (ownEnd < simulation_->end_s * 0.999 && ownEnd >= viewFrom() && ownEnd <= viewTo()) {
        const int x = xOf(ownEnd);
        p.setPen(QPen(t.mutedText, 1, Qt::DashLine));
        p.drawLine(x, r.top(), x, r.bottom());
    }
    paintSelection(p, r);
    paintEvents(p, r, named);
    paintLaneLabels(p, r);
    p.setPen(QPen(t.cursor, 2));
    p.drawLine(cursorX, 0, cursorX, height());
}

bool TimelineView::drawsDensity() const
{
    const double h = laneHeight();
    return h > 0 && h * devicePixelRatioF() < 1.0;
}

// The margin names the lanes: each lane by its first task when there is room, else the
// first and the last lane, and how many lanes a pixel row stands for.
void TimelineView::paintLaneLabels(QPainter &p, const QRect &r)
{
    const VariantResult &v = simulation_->variants[index_];
    const auto &spans = v.recorder().spans();
    const Theme &t = theme(dark_);
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.75));
    p.setFont(small);
    p.setPen(t.mutedText);
    const QFontMetrics fm(small);
    const int w = left_ - 6;
    if (w < 16)
        return;
    auto label = [&](int lane) {
        const auto &members = v.lanes[std::size_t(lane)];
        QString text = members.empty() ? QString() : taskName(spans[members.front()]);
        if (members.size() > 1)
            text += QStringLiteral(" +%1").arg(members.size() - 1); // later tasks reuse the lane
        return fm.elidedText(text, Qt::ElideMiddle, w);
    };
    const double laneH = laneHeight();
    if (laneH >= fm.height() * 0.9) {
        for (int lane = 0; lane < v.laneCount; ++lane)
            p.drawText(QRect(2, r.top() + int(lane * laneH), w, int(laneH)), Qt::AlignRight | Qt::AlignVCenter, label(lane));
        return;
    }
    if (r.height() < 2 * fm.height())
        return;
    p.drawText(QRect(2, r.top(), w, fm.height()), Qt::AlignRight | Qt::AlignTop, label(0));
    p.drawText(QRect(2, r.bottom() - fm.height(), w, fm.height()), Qt::AlignRight | Qt::AlignBottom,
               fm.elidedText(tr("%1 lanes").arg(QLocale().toString(v.laneCount)), Qt::ElideRight, w));
    if (drawsDensity() && r.height() >= 3 * fm.height())
        p.drawText(QRect(2, r.center().y() - fm.height() / 2, w, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
                   tr("%1/row").arg(int(std::ceil(v.laneCount / (r.height() * devicePixelRatioF())))));
}

// The run's story on the top edge: the primitives' state events as ticks named by their state
// ("open", "exhausted"), the scenario's verdicts as diamonds named in full, where there is room.
void TimelineView::paintEvents(QPainter &p, const QRect &r, const std::vector<QRect> &named)
{
    const VariantResult &v = simulation_->variants[index_];
    const Theme &t = theme(dark_);
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.75));
    p.setFont(small);
    const QFontMetrics fm(small);
    p.setRenderHint(QPainter::Antialiasing);
    int freeFrom = r.left(); // labels never overlap: one starts where the last ended
    auto label = [&](int x, const QString &text, const QColor &color, bool alignRight) {
        QRect box(x + 5, r.top(), fm.horizontalAdvance(text) + 4, fm.height());
        if (alignRight || box.right() > r.right())
            box.moveRight(x - 5); // a verdict at the run's end reads leftwards
        const bool clear = std::none_of(named.begin(), named.end(), [&](const QRect &n) { return n.intersects(box); });
        if (!clear || box.left() < std::max(freeFrom, r.left()) || r.height() < 2 * fm.height())
            return;
        QColor back = t.background;
        back.setAlpha(215);
        p.fillRect(box, back);
        p.setPen(color);
        p.drawText(box, Qt::AlignCenter, text);
        freeFrom = box.right() + 4;
    };
    for (const coro::StateEvent &e : v.recorder().events()) {
        const double at = coro::toSeconds(e.time);
        if (at < viewFrom() || at > viewTo())
            continue;
        const int x = xOf(at);
        const QColor color = e.state == "closed" ? t.roleGood : e.state == "half-open" ? t.roleNeutral : t.roleBad;
        p.setPen(QPen(t.background, 1));
        p.setBrush(color);
        p.drawPolygon(QPolygon({QPoint(x - 4, r.top()), QPoint(x + 4, r.top()), QPoint(x, r.top() + 6)}));
        label(x, QString::fromStdString(e.state), color, false);
    }
    for (const scenarios::Mark &m : v.run.marks) {
        const bool cut = m.kind == "truncated"; // where the run stopped early: never veiled
        if ((m.kind != "verdict" && !cut) || m.time_s < viewFrom() || m.time_s > viewTo())
            continue;
        const int x = std::min(xOf(m.time_s), r.right() - 1);
        const QColor color = cut ? t.roleBad : t.text;
        p.setPen(QPen(t.background, 1));
        p.setBrush(color);
        p.drawPolygon(QPolygon({QPoint(x, r.top()), QPoint(x + 4, r.top() + 4), QPoint(x, r.top() + 8), QPoint(x - 4, r.top() + 4)}));
        if (cut)
            label(x, tr("stopped early"), color, x > r.center().x());
        else if (!veiled_)
            label(x, QString::fromStdString(m.text), color, x > r.center().x());
    }
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setBrush(Qt::NoBrush);
}

// The selected request: its spans outlined, everything else dimmed.
void TimelineView::paintSelection(QPainter &p, const QRect &r)
{
    if (highlighted_.empty())
        return;
    const VariantResult &v = simulation_->variants[index_];
    const auto &spans = v.recorder().spans();
    const Theme &t = theme(dark_);
    const double laneH = laneHeight();
    QRegion marked;
    std::vector<QRect> boxes;
    for (std::uint32_t si : highlighted_) {
        const double end = spans[si].end.count() < 0 ? v.run.end_s : coro::toSeconds(spans[si].end);
        const int x0 = std::clamp(xOf(coro::toSeconds(spans[si].start)), r.left(), r.right());
        const int x1 = std::clamp(xOf(end), x0 + 2, r.right() + 1);
        const int y0 = r.top() + int(v.laneOfSpan[si] * laneH);
        const QRect box(x0 - 1, y0 - 1, x1 - x0 + 2, std::max(3, int(laneH)) + 2);
        boxes.push_back(box);
        marked += box;
    }
    QColor veil = t.background;
    veil.setAlpha(150);
    p.setClipRegion(QRegion(r) - marked);
    p.fillRect(r, veil);
    p.setClipping(false);
    p.setPen(QPen(t.cursor, 1.5));
    for (const QRect &box : boxes)
        p.drawRect(box.adjusted(0, 0, -1, -1));
}

void TimelineView::setSelectedRequest(qint64 index)
{
    selected_ = index;
    highlighted_.clear();
    if (simulation_ && index >= 0) {
        const auto &spans = simulation_->variants[index_].recorder().spans();
        for (std::size_t i = 0; i < spans.size(); ++i)
            if (spans[i].index == index)
                highlighted_.push_back(std::uint32_t(i));
    }
    update();
}

QPoint TimelineView::positionOf(int lane, double seconds) const
{
    return {xOf(seconds), plotRect().top() + int((lane + 0.5) * laneHeight())};
}

int TimelineView::spanAt(QPoint position) const
{
    if (!simulation_)
        return -1;
    const VariantResult &v = simulation_->variants[index_];
    const QRect r = plotRect();
    const double laneH = laneHeight();
    if (laneH <= 0 || !r.contains(position))
        return -1;
    const int lane = int((position.y() - r.top()) / laneH);
    if (lane < 0 || lane >= v.laneCount)
        return -1;
    const double t = timeAt(position.x());
    const double slack = (viewTo() - viewFrom()) / std::max(1, r.width()); // one pixel
    const auto &spans = v.recorder().spans();
    const auto &ids = v.lanes[std::size_t(lane)];
    auto it = std::upper_bound(ids.begin(), ids.end(), t + slack,
                               [&](double time, std::uint32_t s) { return time < coro::toSeconds(spans[s].start); });
    if (it == ids.begin())
        return -1;
    const std::uint32_t si = *std::prev(it);
    const double end = spans[si].end.count() < 0 ? v.run.end_s : coro::toSeconds(spans[si].end);
    return t > end + slack ? -1 : int(si);
}

QString TimelineView::describeAt(QPoint position) const
{
    if (!simulation_)
        return {};
    const VariantResult &v = simulation_->variants[index_];
    const QRect r = plotRect();
    // A mark on the top edge: a state event's tick or a verdict's diamond.
    if (position.y() <= r.top() + 8)
        for (const scenarios::Mark &m : v.run.marks)
            if (std::abs(std::min(xOf(m.time_s), r.right() - 1) - position.x()) <= 3)
                return veiled_ && m.kind == "verdict"
                           ? tr("A verdict at %1: answer the question above to read it").arg(seconds(m.time_s))
                           : tr("<b>%1</b> at %2").arg(QString::fromStdString(m.text).toHtmlEscaped(), seconds(m.time_s));
    const int found = spanAt(position);
    if (found < 0)
        return {};
    const std::uint32_t si = std::uint32_t(found);
    const double t = timeAt(position.x());
    const double slack = (viewTo() - viewFrom()) / std::max(1, r.width());
    const coro::Span &span = v.recorder().spans()[si];
    const double start = coro::toSeconds(span.start);
    const double end = span.end.count() < 0 ? v.run.end_s : coro::toSeconds(span.end);
    const TaskMoment moment = momentOf(*simulation_, index_, si, t, slack);
    QString state = QString::fromUtf8(laneStateLabel(LaneState::Running));
    if (!moment.wait.empty())
        state = moment.kind == coro::WaitKind::Arrival ? tr("waiting for the next arrival")
                                                       : QString::fromUtf8(laneStateLabel(laneState(moment.kind)));
    const double from = moment.wait.empty() ? start : moment.from_s, to = moment.wait.empty() ? end : moment.to_s;
    const auto &segments = v.recorder().segments();
    int backoffs = 0, backoffsBefore = 0; // a retried request: which attempt is this?
    for (std::uint32_t k = v.segmentBegin[si]; k < v.segmentEnd[si]; ++k) {
        const coro::Segment &seg = segments[v.segmentOrder[k]];
        if (seg.kind == coro::WaitKind::Backoff) {
            ++backoffs;
            backoffsBefore += coro::toSeconds(seg.end) <= t;
        }
    }
    QString outcome = span.end.count() < 0 ? tr("still running when the run ended")
                                           : QString::fromUtf8(coro::taskStatusName(span.status));
    if (span.outcome != coro::TaskOutcome::None)
        outcome = QString::fromUtf8(coro::outcomeName(span.outcome));
    const QString attempt = backoffs > 0 ? tr(", attempt %1 of %2").arg(backoffsBefore + 1).arg(backoffs + 1) : QString();
    QString code;
    if (moment.world)
        code = tr("<br><i>the simulated world, not the code</i>");
    else if (const QString line = codeLine_ ? codeLine_(index_, moment) : QString(); !line.isEmpty())
        code = QStringLiteral("<br><tt>%1</tt>").arg(line.toHtmlEscaped());
    return tr("<b>%1</b>%9<br>%2 from %3 to %4 (%5)<br>task: %6 to %7, %8")
               .arg(taskName(span).toHtmlEscaped(), state, seconds(from), seconds(to), seconds(to - from), seconds(start),
                    seconds(end), outcome, attempt) +
           code;
}

void TimelineView::setVeiled(bool veiled)
{
    if (veiled == veiled_)
        return;
    veiled_ = veiled;
    update(); // the verdicts are painted over the cached lanes
}

bool TimelineView::momentAt(QPoint position, TaskMoment *moment) const
{
    const int found = spanAt(position);
    if (found < 0)
        return false;
    const double slack = (viewTo() - viewFrom()) / std::max(1, plotRect().width());
    *moment = momentOf(*simulation_, index_, std::uint32_t(found), timeAt(position.x()), slack);
    return true;
}

void TimelineView::leaveEvent(QEvent *event)
{
    if (hovered_) {
        hovered_.reset();
        Q_EMIT hoverEnded();
    }
    QWidget::leaveEvent(event);
}

bool TimelineView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = describeAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !simulation_)
        return;
    const int si = spanAt(event->position().toPoint());
    const qint64 index = si < 0 ? -1 : simulation_->variants[index_].recorder().spans()[std::size_t(si)].index;
    if (index != selected_) {
        setSelectedRequest(index);
        Q_EMIT requestSelected(index);
    }
    // A click on a task picks it and leaves the moment shown as it was; a click between tasks
    // (or a drag) moves the cursor.
    if (index < 0)
        Q_EMIT cursorDragged(timeAt(event->position().toPoint().x()));
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    if (!simulation_)
        return;
    if (event->buttons() & Qt::LeftButton) {
        Q_EMIT cursorDragged(timeAt(event->position().toPoint().x()));
        return;
    }
    TaskMoment moment;
    if (momentAt(event->position().toPoint(), &moment)) {
        if (!hovered_ || !(*hovered_ == moment)) {
            hovered_ = moment;
            Q_EMIT momentHovered(index_, moment);
        }
    } else if (hovered_) {
        hovered_.reset();
        Q_EMIT hoverEnded();
    }
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent *)
{
    Q_EMIT zoomReset();
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    if (!(event->modifiers() & Qt::ControlModifier) || !simulation_) {
        event->ignore(); // plain wheel scrolls the page
        return;
    }
    Q_EMIT zoomRequested(timeAt(int(event->position().x())), event->angleDelta().y() > 0 ? 0.8 : 1.25);
    event->accept();
}

} // namespace gui
