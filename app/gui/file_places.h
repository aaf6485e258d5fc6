// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Where the window's file dialogs open, and the files opened lately: the folder last used (at
// first the user's Documents, from QStandardPaths, never the working directory the program
// happened to start in), and File ▸ Open recent's labs and presets, newest first. Both are
// kept in QSettings.
#pragma once

#include <QStringList>

class QWidget;

namespace gui {

/// A save dialog opened in the dialog folder, with `fileName` suggested; a file chosen there
/// becomes the next dialog's folder. Empty when cancelled.
QString chooseSaveFile(QWidget *parent, const QString &title, const QString &fileName, const QString &filter);
/// The same for a folder to write into.
QString chooseFolder(QWidget *parent, const QString &title);

/// The folder a file dialog opens in.
QString dialogFolder();
/// A file name in that folder: a save dialog's suggestion.
QString inDialogFolder(const QString &fileName);
/// Remembers the folder of a file the user chose, for the next dialog.
void rememberFolder(const QString &path);

/// The labs and presets opened or saved lately, newest first, those that still exist.
QStringList recentFiles();
/// Puts a file first in the list (at most kRecentFiles are kept).
void addRecentFile(const QString &path);
void clearRecentFiles();
inline constexpr int kRecentFiles = 8;

} // namespace gui
