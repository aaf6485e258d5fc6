// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "shortcuts_dialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QMenu>
#include <QMenuBar>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace gui {

namespace {
QString plain(const QAction *a) { return a->text().remove(QLatin1Char('&')).remove(QStringLiteral("…")).toHtmlEscaped(); }

// A row per action with a key, a submenu's named after it ("Export ▸ Window as PNG or SVG").
QString rowsOf(const QMenu &menu, const QString &prefix)
{
    QString rows;
    for (const QAction *a : menu.actions()) {
        if (a->menu())
            rows += rowsOf(*a->menu(), prefix + plain(a) + QStringLiteral(" ▸ "));
        else if (!a->shortcut().isEmpty())
            rows += QStringLiteral("<tr><td style='padding-right:24px'><b>%1</b></td><td>%2</td></tr>")
                        .arg(a->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped(), prefix + plain(a));
    }
    return rows;
}
} // namespace

QString shortcutsHtml(const QMenuBar &menus)
{
    QString html = QStringLiteral("<h3>%1</h3>").arg(QObject::tr("Keyboard"));
    for (const QAction *top : menus.actions())
        if (top->menu())
            if (const QString rows = rowsOf(*top->menu(), QString()); !rows.isEmpty())
                html += QStringLiteral("<p><i>%1</i></p><table>%2</table>").arg(plain(top), rows);
    html += QStringLiteral("<h3>%1</h3><table>").arg(QObject::tr("Mouse"));
    const QString gestures[][2] = {
        {QObject::tr("Ctrl + wheel"), QObject::tr("zoom the time axis of every chart and timeline")},
        {QObject::tr("Drag across a chart"), QObject::tr("zoom to that range")},
        {QObject::tr("Double-click a chart"), QObject::tr("show the whole run again")},
        {QObject::tr("Press a lane"), QObject::tr("pick that request: → then steps through its waits, and the Code tab follows it")},
        {QObject::tr("Hover a segment"), QObject::tr("light up its line in the Code tab")},
        {QObject::tr("Drag the time slider"), QObject::tr("go to any moment of the run")},
    };
    for (const auto &g : gestures)
        html += QStringLiteral("<tr><td style='padding-right:24px'><b>%1</b></td><td>%2</td></tr>").arg(g[0].toHtmlEscaped(), g[1].toHtmlEscaped());
    return html + QStringLiteral("</table>");
}

ShortcutsDialog::ShortcutsDialog(const QMenuBar &menus, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Keyboard shortcuts"));
    auto *layout = new QVBoxLayout(this);
    auto *page = new QTextBrowser(this);
    page->setObjectName(QStringLiteral("shortcuts"));
    page->setAccessibleName(tr("Keyboard shortcuts"));
    page->setHtml(shortcutsHtml(menus));
    layout->addWidget(page);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(560, 620);
}

} // namespace gui
