// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "file_places.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace gui {

namespace {
const QString kFolderKey = QStringLiteral("files/folder");
const QString kRecentKey = QStringLiteral("files/recent");
} // namespace

QString dialogFolder()
{
    const QString last = QSettings().value(kFolderKey).toString();
    if (!last.isEmpty() && QFileInfo(last).isDir())
        return last;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return documents.isEmpty() ? QDir::homePath() : documents;
}

QString inDialogFolder(const QString &fileName) { return QDir(dialogFolder()).filePath(fileName); }

void rememberFolder(const QString &path)
{
    const QFileInfo info(path);
    QSettings().setValue(kFolderKey, info.isDir() ? info.absoluteFilePath() : info.absolutePath());
}

QString chooseSaveFile(QWidget *parent, const QString &title, const QString &fileName, const QString &filter)
{
    const QString path = QFileDialog::getSaveFileName(parent, title, inDialogFolder(fileName), filter);
    if (!path.isEmpty())
        rememberFolder(path);
    return path;
}

QString chooseFolder(QWidget *parent, const QString &title)
{
    const QString folder = QFileDialog::getExistingDirectory(parent, title, dialogFolder());
    if (!folder.isEmpty())
        rememberFolder(folder);
    return folder;
}

QStringList recentFiles()
{
    QStringList kept;
    for (const QString &path : QSettings().value(kRecentKey).toStringList())
        if (QFileInfo(path).isFile())
            kept << path;
    return kept;
}

void addRecentFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = QSettings().value(kRecentKey).toStringList();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kRecentFiles)
        list.removeLast();
    QSettings().setValue(kRecentKey, list);
}

void clearRecentFiles() { QSettings().remove(kRecentKey); }

} // namespace gui
