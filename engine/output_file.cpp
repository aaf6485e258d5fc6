// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "output_file.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cerrno>
#include <cstring>

namespace coro {

namespace {
// Qt keeps the OS's reason in errorString() when a write fails outright; a short write (the
// disk filled up part way) leaves none there, but errno still says why.
QString reasonOf(const QFileDevice &file, int error)
{
    if (error)
        return QString::fromLocal8Bit(std::strerror(error));
    const QString reason = file.errorString();
    return reason.isEmpty() || reason == QStringLiteral("Unknown error") ? QStringLiteral("the write was cut short") : reason;
}

// /dev/stdout is a link to /proc/self/fd/1, itself a link to whatever the shell redirected
// to: QSaveFile would follow the links and put a new file in the redirect's place, taking the
// rest of the output with the old one. Such a target is written in place.
bool reachedThroughDevOrProc(const QString &path)
{
    QString hop = QFileInfo(path).absoluteFilePath();
    for (int links = 0; links < 40; ++links) {
        if (hop.startsWith(QStringLiteral("/dev/")) || hop.startsWith(QStringLiteral("/proc/")))
            return true;
        const QFileInfo info(hop);
        if (!info.isSymLink())
            return false;
        hop = info.symLinkTarget();
    }
    return true; // a loop of links: nothing to replace safely
}

// /dev/stdout, /dev/stderr, /dev/fd/N and /proc/self/fd/N name a descriptor this process
// holds: its number, else -1.
int openDescriptor(const QString &path)
{
    if (path == QStringLiteral("/dev/stdout"))
        return 1;
    if (path == QStringLiteral("/dev/stderr"))
        return 2;
    for (const QString &prefix : {QStringLiteral("/dev/fd/"), QStringLiteral("/proc/self/fd/")})
        if (path.startsWith(prefix)) {
            bool ok = false;
            const int fd = path.mid(prefix.size()).toInt(&ok);
            return ok && fd >= 0 ? fd : -1;
        }
    return -1;
}
} // namespace

// What writers get: every write goes through to the file, and one that writes less than it
// was given (Qt reports a short write without an error, and QSvgGenerator or a QTextStream
// never look) is remembered, with errno, so that commit() refuses to put the file in place.
class OutputFile::CheckedDevice final : public QIODevice {
public:
    explicit CheckedDevice(QFileDevice &file) : file_(file) { open(QIODevice::WriteOnly | QIODevice::Unbuffered); }
    bool failed() const { return failed_; }
    bool isSequential() const override { return true; } // no seeking: it writes straight through
    int error() const { return errno_; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 length) override
    {
        if (failed_)
            return -1;
        errno = 0;
        const qint64 written = file_.write(data, length);
        if (written != length) {
            failed_ = true;
            errno_ = errno;
            return -1;
        }
        return written;
    }

private:
    QFileDevice &file_;
    bool failed_ = false;
    int errno_ = 0;
};

OutputFile::OutputFile(QString path) : path_(std::move(path)) {}

OutputFile::~OutputFile()
{
    checked_.reset();
    if (auto *save = dynamic_cast<QSaveFile *>(file_.get()))
        save->cancelWriting(); // the temporary file goes, the target stays as it was
}

QString OutputFile::message(const QString &reason) const { return QStringLiteral("cannot write '%1': %2").arg(path_, reason); }

bool OutputFile::fail(const QString &reason)
{
    error_ = message(reason);
    if (auto *save = dynamic_cast<QSaveFile *>(file_.get()))
        save->cancelWriting();
    return false;
}

bool OutputFile::open()
{
    if (path_.isEmpty())
        return fail(QStringLiteral("the file name is empty"));
    const QFileInfo info(path_);
    if (info.isDir())
        return fail(QStringLiteral("it is a folder"));
    inPlace_ = info.exists() && (!info.isFile() || reachedThroughDevOrProc(path_));
    errno = 0;
    if (const int fd = openDescriptor(path_); fd >= 0) {
        // The process's own stdout (or another descriptor it holds): written through it, at its
        // offset, as a redirect expects, and left open.
        auto file = std::make_unique<QFile>();
        const bool opened = file->open(fd, QIODevice::WriteOnly, QFileDevice::DontCloseHandle);
        file_ = std::move(file);
        if (!opened)
            return fail(reasonOf(*file_, errno));
    } else {
        if (inPlace_)
            file_ = std::make_unique<QFile>(path_);
        else
            file_ = std::make_unique<QSaveFile>(path_);
        const bool keep = inPlace_ && info.isFile(); // a file reached through /proc: appended to, not cut
        if (!file_->open(keep ? QIODevice::WriteOnly | QIODevice::Append : QIODevice::WriteOnly))
            return fail(reasonOf(*file_, errno));
    }
    checked_ = std::make_unique<CheckedDevice>(*file_);
    return true;
}

QIODevice &OutputFile::device() { return *checked_; }

QString OutputFile::writeFailure() const
{
    return checked_ && checked_->failed() ? message(reasonOf(*file_, checked_->error())) : QString();
}

bool OutputFile::commit()
{
    if (!file_ || !checked_)
        return false;
    if (checked_->failed())
        return fail(reasonOf(*file_, checked_->error()));
    errno = 0;
    // Flushed here, and checked: a write that fails in the flush that closing makes is not
    // remembered by QSaveFile, which would then put a cut file in place.
    if (!file_->flush() || file_->error() != QFileDevice::NoError)
        return fail(reasonOf(*file_, errno));
    if (inPlace_) {
        file_->close();
        if (file_->error() != QFileDevice::NoError)
            return fail(reasonOf(*file_, errno));
        return true;
    }
    if (!static_cast<QSaveFile &>(*file_).commit())
        return fail(reasonOf(*file_, errno));
    return true;
}

bool saveFile(const QString &path, const std::function<bool(QIODevice &)> &write, QString *error)
{
    OutputFile out(path);
    if (out.open()) {
        if (!write(out.device())) { // the temporary file goes with `out`
            if (error) {
                const QString disk = out.writeFailure(); // it may have given up because the disk did
                *error = !disk.isEmpty() ? disk : QStringLiteral("cannot write '%1': what it should hold could not be made").arg(path);
            }
            return false;
        }
        if (out.commit())
            return true;
    }
    if (error)
        *error = out.error();
    return false;
}

bool saveFile(const QString &path, const QByteArray &bytes, QString *error)
{
    return saveFile(
        path,
        [&bytes](QIODevice &device) {
            device.write(bytes);
            return true;
        },
        error);
}

} // namespace coro
