// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// One variant's tasks on a time axis: a lane per task (or per worker, reused once free),
// segments coloured by what the task waits on. Drawn into a cached image, one pass over the
// segments, so a run of a million events costs one rasterisation and then nothing per frame.
// Hover shows the task and its state; pressing or dragging moves the time cursor, and pressing
// on a task selects its request: every span with its id is outlined, across its attempts,
// the rest dimmed. Lanes thinner than a pixel are drawn as a density band (each pixel row
// blends the states of the lanes it stands for). Lanes are labelled in the left margin; the
// primitives' state events (breaker open, pool exhausted, first 429) are ticks on the top edge.
#pragma once

#include "simulation.h"

#include <QImage>
#include <QWidget>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace gui {

class TimelineView : public QWidget {
    Q_OBJECT
public:
    explicit TimelineView(QWidget *parent = nullptr);

    void setVariant(std::shared_ptr<const Simulation> simulation, int index);
    void setCursorTime(double seconds);
    void setDark(bool dark);
    /// The visible time range (zoom and pan); from == to: the whole run.
    void setWindow(double from, double to);
    /// Horizontal margins, to line the time axis up with the charts' plot areas.
    void setMargins(int left, int right);
    /// Draw big runs on the GUI thread too (for pictures and tests: no frame without its timeline).
    void setSynchronous(bool on) { synchronous_ = on; }
    /// Lane height in pixels (before the gap), 0 when there is nothing to draw.
    double laneHeight() const;
    int variantIndex() const { return index_; }
    /// The tooltip text at a point of the widget (empty over nothing): the task, its state then,
    /// and the line of code it waits at (see setCodeLine()).
    QString describeAt(QPoint position) const;
    /// What the task under a point is doing there; false over nothing.
    bool momentAt(QPoint position, TaskMoment *moment) const;
    /// Where tooltips find the line of code a moment stands at ("" for none).
    void setCodeLine(std::function<QString(int variant, const TaskMoment &)> codeLine) { codeLine_ = std::move(codeLine); }
    /// The middle of a lane at a time, in widget coordinates.
    QPoint positionOf(int lane, double seconds) const;
    /// The request outlined (by its task index); -1: none.
    void setSelectedRequest(qint64 index);
    qint64 selectedRequest() const { return selected_; }
    /// Spans outlined now (those of the selected request).
    int highlightedSpans() const { return int(highlighted_.size()); }
    /// Hides the verdicts' words (predict, then reveal): the diamonds stay, unnamed.
    void setVeiled(bool veiled);
    /// True when lanes are thinner than a pixel and drawn as a density band.
    bool drawsDensity() const;

    QSize sizeHint() const override { return {600, 120}; }
    QSize minimumSizeHint() const override { return {200, 60}; }

Q_SIGNALS:
    void cursorDragged(double seconds);
    /// A press on a task (its index; -1 on nothing): the request to outline in every pane.
    void requestSelected(qint64 index);
    /// The pointer moved onto another task or wait: what the task is doing there.
    void momentHovered(int variant, const gui::TaskMoment &moment);
    /// The pointer left every task.
    void hoverEnded();
    void zoomRequested(double at, double factor); ///< Ctrl+wheel
    void zoomReset();                             ///< double-click

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    bool event(QEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    static QImage render(const Simulation &simulation, int index, QSize size, qreal dpr, bool dark, double laneHeight,
                         double from, double to);
    double viewFrom() const;
    double viewTo() const;
    int xOf(double seconds) const;
    QRect plotRect() const;
    void rasterize();
    double timeAt(int x) const;
    /// The span under a point, or -1.
    int spanAt(QPoint position) const;
    void paintLaneLabels(QPainter &p, const QRect &r);
    void paintEvents(QPainter &p, const QRect &r, const std::vector<QRect> &named);
    void paintSelection(QPainter &p, const QRect &r);

    std::shared_ptr<const Simulation> simulation_;
    int index_ = 0;
    double cursor_ = 0;
    double from_ = 0, to_ = 0; ///< the window; empty: the whole run
    bool dark_ = false;
    int left_ = 56;
    int right_ = 14;
    QImage image_;
    bool dirty_ = true;
    bool synchronous_ = false;
    quint64 generation_ = 0; ///< which request the worker's picture answers
    qint64 selected_ = -1;
    std::vector<std::uint32_t> highlighted_; ///< spans of the selected request
    std::function<QString(int, const TaskMoment &)> codeLine_;
    std::optional<TaskMoment> hovered_;
    bool veiled_ = false;
};

} // namespace gui
