// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The Code tab: two variants' code side by side (by default the first bad one and the last
// good one, each pane with a picker for any variant), Python or C++, highlighted. Each line of
// a snippet may carry anchors for the waits the variant records, so that a moment on the
// timeline (a task waiting on I/O, for a permit, in backoff) lights up the line that waits.
//
// Snippets live in resources as code/<scenario>/<variant>.py and .cpp. An anchor is a trailing
// comment, `#@ io, queued` in Python or `//@ io` in C++, removed before display. An anchor is
// a wait kind ("io", "queued", "backoff"... as waitKindName() spells them), optionally for one
// task ("io@fetch_user"), or an outcome ("timed-out", "refused"... see outcomeAnchor()). The
// k-th wait of a kind in a task is shown at the k-th line anchored for it (cycling), so two
// sequential awaits light up in turn and a wait inside a loop is one line.
#pragma once

#include "simulation.h"

#include <QStringList>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QPlainTextEdit;

namespace scenarios {
struct Scenario;
}

namespace gui {

/// One variant's snippet, its anchors read and removed.
class CodeSnippet {
public:
    /// Reads a snippet's source; `python` picks the anchor marker (#@ or //@).
    static CodeSnippet parse(const QString &source, bool python);
    const QString &text() const { return text_; }
    /// The line (0-based) that shows the moment, or -1 when the code does not show it.
    int lineFor(const TaskMoment &moment) const;
    /// The displayed text of a line.
    QString line(int index) const;
    /// Anchors that name no wait kind or outcome (a typo would silently link nothing).
    const QStringList &unknownAnchors() const { return unknown_; }

private:
    struct Anchor {
        QString name; ///< a wait kind or an outcome
        QString task; ///< empty: any task
        int line = 0;
    };
    QString text_;
    std::vector<Anchor> anchors_;
    QStringList unknown_;
};

/// The resource path of a variant's snippet.
QString snippetPath(const scenarios::Scenario &scenario, int variant, bool python);
/// A variant's snippet from the resources (empty when there is none).
CodeSnippet loadSnippet(const scenarios::Scenario &scenario, int variant, bool python);

class CodeView : public QWidget {
    Q_OBJECT
public:
    explicit CodeView(QWidget *parent = nullptr);

    void setScenario(const scenarios::Scenario &scenario);
    void setPython(bool python);
    bool python() const;
    void setLook(bool dark, bool presentation);

    /// Shows a task's moment in variant `variant`: in the pane showing that variant, else in
    /// the pane for its role (bad and neutral on the left, good on the right), switched to it;
    /// the anchored line is highlighted and scrolled to. Returns that line, or -1 when the code
    /// does not show the moment (the pane then says what the task is doing).
    int showMoment(int variant, const TaskMoment &moment);
    /// Removes the highlight (the panes keep their variants).
    void clearMoment();
    /// The highlighted line's text for a moment, without switching panes ("" when none).
    QString lineText(int variant, const TaskMoment &moment) const;

    /// 0: the left pane, 1: the right one.
    QPlainTextEdit *editor(int side) const;
    int variantShown(int side) const;
    void showVariant(int side, int variant);
    /// The line highlighted in a pane, -1 for none.
    int highlightedLine(int side) const;
    /// What a pane's status line says (the moment shown, or nothing).
    QString status(int side) const;

Q_SIGNALS:
    void languageChanged(bool python);

protected:
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Pane {
        QComboBox *variant = nullptr;
        QPlainTextEdit *edit = nullptr;
        QLabel *status = nullptr;
        CodeSnippet snippet;
        int shown = -1;
        int line = -1;
    };
    void load(Pane &pane, int variant);
    void highlight(Pane &pane, int line, int variant);
    /// Scrolls each pane to its highlighted line (an editor not yet laid out cannot).
    void recentre();

    const scenarios::Scenario *scenario_ = nullptr;
    QComboBox *language_ = nullptr;
    Pane panes_[2];
    bool dark_ = false;
};

} // namespace gui
