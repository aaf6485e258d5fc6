// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Help ▸ Keyboard shortcuts: every menu action that has a shortcut, read from the menu bar
// itself (so the list cannot fall behind the menus), and the mouse gestures of the charts and
// the timelines.
#pragma once

#include <QDialog>
#include <QString>

class QMenuBar;

namespace gui {

/// The page's HTML: a table per menu, "action: key", then the mouse gestures.
QString shortcutsHtml(const QMenuBar &menus);

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(const QMenuBar &menus, QWidget *parent = nullptr);
};

} // namespace gui
