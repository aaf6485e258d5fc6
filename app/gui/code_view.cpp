// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "code_view.h"

#include "code_highlighter.h"
#include "theme.h"

#include "scenarios/scenario.h"

#include <QComboBox>
#include <QFile>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QTextBlock>
#include <QVBoxLayout>

#include <set>

namespace gui {

namespace {

QString qs(const std::string &s) { return QString::fromStdString(s); }

const std::set<QString> &knownAnchors()
{
    static const std::set<QString> known = [] {
        std::set<QString> names;
        for (int k = 0; k <= int(coro::WaitKind::Arrival); ++k)
            names.insert(QString::fromLatin1(coro::waitKindName(coro::WaitKind(k))));
        for (int o = 1; o <= int(coro::TaskOutcome::Orphaned); ++o)
            names.insert(QString::fromLatin1(outcomeAnchor(coro::TaskOutcome(o))));
        return names;
    }();
    return known;
}

/// What a task is doing, in words: "waiting on I/O", "ended: timed out".
QString doing(const TaskMoment &m)
{
    if (!m.wait.empty())
        return m.kind == coro::WaitKind::Arrival ? QObject::tr("waiting for the next arrival")
                                                 : QString::fromUtf8(laneStateLabel(laneState(m.kind)));
    if (m.ended)
        return m.outcome.empty() ? QObject::tr("done") : QObject::tr("ended: %1").arg(qs(m.outcome));
    return QString::fromUtf8(laneStateLabel(LaneState::Running));
}

QString taskTitle(const TaskMoment &m)
{
    return m.index >= 0 ? QStringLiteral("%1 #%2").arg(qs(m.task)).arg(m.index) : qs(m.task);
}

QIcon swatch(const QColor &color)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.fillRect(1, 1, 10, 10, color);
    return QIcon(pixmap);
}

} // namespace

CodeSnippet CodeSnippet::parse(const QString &source, bool python)
{
    const QString marker = python ? QStringLiteral("#@") : QStringLiteral("//@");
    CodeSnippet snippet;
    QStringList lines = source.split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.back().isEmpty())
        lines.removeLast();
    for (int i = 0; i < lines.size(); ++i) {
        QString &line = lines[i];
        const qsizetype at = line.indexOf(marker);
        if (at < 0)
            continue;
        for (const QString &item : line.mid(at + marker.size()).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString anchor = item.trimmed();
            const qsizetype sep = anchor.indexOf(QLatin1Char('@'));
            Anchor a{sep < 0 ? anchor : anchor.left(sep), sep < 0 ? QString() : anchor.mid(sep + 1).trimmed(), i};
            if (!knownAnchors().count(a.name))
                snippet.unknown_ << anchor;
            snippet.anchors_.push_back(std::move(a));
        }
        line.truncate(at);
        while (!line.isEmpty() && line.back().isSpace())
            line.chop(1);
    }
    snippet.text_ = lines.join(QLatin1Char('\n'));
    return snippet;
}

int CodeSnippet::lineFor(const TaskMoment &m) const
{
    if (m.world)
        return -1;
    const QString name = qs(m.ended ? m.outcome : m.wait);
    if (name.isEmpty())
        return -1;
    const QString task = qs(m.task);
    // Anchors for this very task win over those for any task.
    std::vector<int> mine, any;
    for (const Anchor &a : anchors_) {
        if (a.name != name)
            continue;
        if (a.task.isEmpty())
            any.push_back(a.line);
        else if (a.task == task)
            mine.push_back(a.line);
    }
    const std::vector<int> &lines = mine.empty() ? any : mine;
    if (lines.empty())
        return -1;
    return lines[std::size_t(m.ended ? 0 : m.ordinal) % lines.size()];
}

QString CodeSnippet::line(int index) const { return index < 0 ? QString() : text_.section(QLatin1Char('\n'), index, index); }

QString snippetPath(const scenarios::Scenario &scenario, int variant, bool python)
{
    return QStringLiteral(":/code/%1/%2.%3")
        .arg(qs(scenario.id), qs(scenario.variants[std::size_t(variant)].id), python ? QStringLiteral("py") : QStringLiteral("cpp"));
}

CodeSnippet loadSnippet(const scenarios::Scenario &scenario, int variant, bool python)
{
    if (scenario.code) // written by the scenario itself (the Lab)
        return CodeSnippet::parse(QString::fromStdString(scenario.code(variant, scenario.defaults(), python)), python);
    QFile f(snippetPath(scenario, variant, python));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return CodeSnippet::parse(QString::fromUtf8(f.readAll()), python);
}

CodeView::CodeView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    language_ = new QComboBox;
    language_->addItems({QStringLiteral("Python"), QStringLiteral("C++")});
    language_->setAccessibleName(tr("Code language"));
    layout->addWidget(language_, 0, 0, 1, 2, Qt::AlignLeft);
    for (int side = 0; side < 2; ++side) {
        Pane &pane = panes_[side];
        pane.variant = new QComboBox;
        pane.variant->setAccessibleName(side == 0 ? tr("Variant shown on the left") : tr("Variant shown on the right"));
        pane.variant->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        pane.variant->setMinimumContentsLength(24);
        pane.edit = new QPlainTextEdit;
        pane.edit->setReadOnly(true);
        pane.edit->setLineWrapMode(QPlainTextEdit::WidgetWidth); // long lines wrap rather than run off the side
        pane.edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        pane.edit->setAccessibleName(side == 0 ? tr("Code on the left") : tr("Code on the right"));
        pane.status = new QLabel;
        pane.status->setTextFormat(Qt::PlainText);
        pane.status->setWordWrap(true);
        pane.status->setAccessibleName(tr("What the highlighted line is doing"));
        layout->addWidget(pane.variant, 1, side);
        layout->addWidget(pane.edit, 2, side);
        layout->addWidget(pane.status, 3, side);
        connect(pane.variant, &QComboBox::activated, this, [this, side](int index) {
            load(panes_[side], panes_[side].variant->itemData(index).toInt());
        });
    }
    layout->setRowStretch(2, 1);
    connect(language_, &QComboBox::currentIndexChanged, this, [this] {
        for (Pane &pane : panes_)
            load(pane, pane.shown);
        Q_EMIT languageChanged(python());
    });
}

void CodeView::setScenario(const scenarios::Scenario &scenario)
{
    scenario_ = &scenario;
    const Theme &t = theme(dark_);
    int firstBad = -1, lastGood = -1;
    for (int i = 0; i < int(scenario.variants.size()); ++i) {
        if (scenario.variants[std::size_t(i)].role == scenarios::Role::Bad && firstBad < 0)
            firstBad = i;
        if (scenario.variants[std::size_t(i)].role == scenarios::Role::Good)
            lastGood = i;
    }
    if (firstBad < 0)
        firstBad = 0;
    if (lastGood < 0)
        lastGood = int(scenario.variants.size()) - 1;
    for (Pane &pane : panes_) {
        pane.variant->clear();
        for (int i = 0; i < int(scenario.variants.size()); ++i) {
            const auto &v = scenario.variants[std::size_t(i)];
            pane.variant->addItem(swatch(t.variantColor(v.role, roleRank(scenario, i))),
                                  QStringLiteral("%1 · %2").arg(QString::fromLatin1(scenarios::roleName(v.role)).toUpper(), qs(v.label)),
                                  i);
        }
    }
    load(panes_[0], firstBad);
    load(panes_[1], lastGood);
}

void CodeView::setPython(bool python) { language_->setCurrentIndex(python ? 0 : 1); }

bool CodeView::python() const { return language_->currentIndex() == 0; }

void CodeView::setLook(bool dark, bool presentation)
{
    dark_ = dark;
    for (Pane &pane : panes_) {
        QFont code = QFontDatabase::systemFont(QFontDatabase::FixedFont); // a fixed-width font does not follow the application's
        code.setPointSizeF(code.pointSizeF() * (presentation ? 1.45 : 1.0));
        pane.edit->setFont(code);
    }
    if (scenario_) {
        const int left = panes_[0].shown, right = panes_[1].shown;
        setScenario(*scenario_); // the swatches follow the theme
        load(panes_[0], left);
        load(panes_[1], right);
    }
}

void CodeView::load(Pane &pane, int variant)
{
    if (!scenario_ || variant < 0 || variant >= int(scenario_->variants.size()))
        return;
    pane.shown = variant;
    pane.line = -1;
    pane.snippet = loadSnippet(*scenario_, variant, python());
    pane.edit->setPlainText(pane.snippet.text());
    pane.edit->setExtraSelections({});
    pane.status->clear();
    delete pane.edit->document()->findChild<CodeHighlighter *>();
    new CodeHighlighter(pane.edit->document(), python() ? CodeLanguage::Python : CodeLanguage::Cpp, dark_);
    const QSignalBlocker block(pane.variant);
    pane.variant->setCurrentIndex(pane.variant->findData(variant));
}

void CodeView::highlight(Pane &pane, int line, int variant)
{
    pane.line = line;
    if (line < 0) {
        pane.edit->setExtraSelections({});
        return;
    }
    const auto &v = scenario_->variants[std::size_t(variant)];
    QColor tint = theme(dark_).variantColor(v.role, roleRank(*scenario_, variant));
    tint.setAlpha(dark_ ? 110 : 70);
    QTextEdit::ExtraSelection selection;
    selection.format.setBackground(tint);
    selection.format.setProperty(QTextFormat::FullWidthSelection, true);
    selection.cursor = QTextCursor(pane.edit->document()->findBlockByNumber(line));
    pane.edit->setExtraSelections({selection});
    pane.edit->setTextCursor(selection.cursor);
    pane.edit->centerCursor();
}

int CodeView::showMoment(int variant, const TaskMoment &moment)
{
    if (!scenario_ || variant < 0 || variant >= int(scenario_->variants.size()))
        return -1;
    int side = panes_[0].shown == variant ? 0 : panes_[1].shown == variant ? 1 : -1;
    if (side < 0) {
        side = scenario_->variants[std::size_t(variant)].role == scenarios::Role::Good ? 1 : 0;
        load(panes_[side], variant);
    }
    Pane &pane = panes_[side];
    Pane &other = panes_[1 - side];
    highlight(other, -1, other.shown);
    other.status->clear();
    const int line = pane.snippet.lineFor(moment);
    highlight(pane, line, variant);
    QString text = taskTitle(moment) + QStringLiteral(" — ") + doing(moment);
    if (moment.world)
        text += tr(": the simulated world, not this code");
    else if (line >= 0)
        text += tr(" (line %1)").arg(line + 1);
    pane.status->setText(text);
    return line;
}

void CodeView::clearMoment()
{
    for (Pane &pane : panes_) {
        highlight(pane, -1, pane.shown);
        pane.status->clear();
    }
}

QString CodeView::lineText(int variant, const TaskMoment &moment) const
{
    if (!scenario_)
        return {};
    for (const Pane &pane : panes_)
        if (pane.shown == variant)
            return pane.snippet.line(pane.snippet.lineFor(moment)).trimmed();
    const CodeSnippet snippet = loadSnippet(*scenario_, variant, python());
    return snippet.line(snippet.lineFor(moment)).trimmed();
}

void CodeView::recentre()
{
    for (Pane &pane : panes_)
        if (pane.line >= 0) {
            pane.edit->setTextCursor(QTextCursor(pane.edit->document()->findBlockByNumber(pane.line)));
            pane.edit->centerCursor();
        }
}

void CodeView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    recentre();
}

void CodeView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    recentre();
}

QPlainTextEdit *CodeView::editor(int side) const { return panes_[side].edit; }

int CodeView::variantShown(int side) const { return panes_[side].shown; }

void CodeView::showVariant(int side, int variant) { load(panes_[side], variant); }

int CodeView::highlightedLine(int side) const { return panes_[side].line; }

QString CodeView::status(int side) const { return panes_[side].status->text(); }

} // namespace gui
