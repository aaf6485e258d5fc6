// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// A file written whole or not at all, every write checked: the bytes go to a temporary file
// beside the target (QSaveFile) that replaces it only when commit() succeeds, so a failed or
// interrupted write leaves the old file as it was. A target that exists and is not a regular
// file (a FIFO, a device), or that is reached through /dev or /proc (/dev/stdout, which may
// stand for a file the shell redirected to), cannot be replaced: it is written in place, and
// every write, the flush and the close are still checked.
#pragma once

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

#include <QFileDevice>

namespace coro {

class OutputFile {
public:
    explicit OutputFile(QString path);
    ~OutputFile(); ///< without commit(): the temporary file is removed, the target untouched
    OutputFile(const OutputFile &) = delete;
    OutputFile &operator=(const OutputFile &) = delete;

    /// Opens the temporary file (or the device). False, with error(), when it cannot.
    bool open();
    /// What to write to; buffered, so a failure may show only at commit(). A write that does not
    /// go through whole is remembered, even when the writer ignores what write() returned.
    QIODevice &device();
    /// Flushes, closes and puts the file in place. False, with error(), when any write, the
    /// flush or the rename failed: the target is then as it was before.
    bool commit();
    /// What a write on device() failed with so far ("cannot write 'PATH': File too large");
    /// empty while none has.
    QString writeFailure() const;
    /// "cannot write 'PATH': No space left on device", the OS's reason.
    QString error() const { return error_; }
    const QString &path() const { return path_; }

private:
    bool fail(const QString &reason);
    QString message(const QString &reason) const; ///< "cannot write 'PATH': REASON"
    class CheckedDevice;

    QString path_;
    QString error_;
    std::unique_ptr<QFileDevice> file_;
    std::unique_ptr<CheckedDevice> checked_;
    bool inPlace_ = false;
};

/// Writes a file whole with what `write` puts on the device, atomically and checked (above).
/// `write` returns false when it could not make what it writes (an image that would not
/// encode): nothing is then put in place. On failure returns false and says why in *error,
/// in one line.
bool saveFile(const QString &path, const std::function<bool(QIODevice &)> &write, QString *error);
bool saveFile(const QString &path, const QByteArray &bytes, QString *error);

} // namespace coro
