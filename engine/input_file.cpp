// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "input_file.h"

#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace coro {

namespace {
QString sizeText(qint64 bytes)
{
    return bytes >= (qint64(1) << 20) ? QStringLiteral("%1 MB").arg(QString::number(double(bytes) / double(1 << 20), 'g', 3))
                                      : QStringLiteral("%1 bytes").arg(bytes);
}

bool refuse(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// In chunks, to the end: a file that grew since it was looked at is still read whole, and still
// refused past the cap; nothing is set aside for the cap itself.
bool readToEnd(QFile &f, const QString &path, qint64 expected, qint64 maxBytes, QByteArray *bytes, QString *error)
{
    bytes->clear();
    bytes->reserve(qsizetype(std::min(expected, maxBytes)));
    char chunk[1 << 16];
    for (qint64 n; (n = f.read(chunk, sizeof chunk)) != 0;) {
        if (n < 0)
            return refuse(error, QStringLiteral("cannot read '%1': %2").arg(path, f.errorString()));
        bytes->append(chunk, qsizetype(n));
        if (bytes->size() > maxBytes)
            return refuse(error, QStringLiteral("cannot read '%1': it is more than the %2 allowed").arg(path, sizeText(maxBytes)));
    }
    return true;
}
} // namespace

bool readInputFile(const QString &path, qint64 maxBytes, QByteArray *bytes, QString *error)
{
    if (path.startsWith(QLatin1Char(':'))) { // a Qt resource: compiled in, a regular file
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return refuse(error, QStringLiteral("cannot read '%1': %2").arg(path, f.errorString()));
        return readToEnd(f, path, f.size(), maxBytes, bytes, error);
    }
    // Opened without waiting (a FIFO's open would block until a writer comes), then looked at.
    const QByteArray name = QFile::encodeName(path);
    const int fd = ::open(name.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return refuse(error, QStringLiteral("cannot read '%1': %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    struct FdCloser {
        int fd;
        ~FdCloser() { ::close(fd); }
    } closer{fd};
    struct stat info {};
    if (::fstat(fd, &info) != 0)
        return refuse(error, QStringLiteral("cannot read '%1': %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    if (!S_ISREG(info.st_mode))
        return refuse(error, QStringLiteral("cannot read '%1': not a regular file (%2)")
                                 .arg(path, S_ISDIR(info.st_mode)    ? QStringLiteral("a folder")
                                            : S_ISFIFO(info.st_mode) ? QStringLiteral("a FIFO")
                                            : S_ISCHR(info.st_mode) || S_ISBLK(info.st_mode) ? QStringLiteral("a device")
                                                                                           : QStringLiteral("a socket or the like")));
    if (info.st_size > maxBytes)
        return refuse(error, QStringLiteral("cannot read '%1': it is %2, more than the %3 allowed")
                                 .arg(path, sizeText(info.st_size), sizeText(maxBytes)));
    QFile f;
    if (!f.open(fd, QIODevice::ReadOnly, QFileDevice::DontCloseHandle))
        return refuse(error, QStringLiteral("cannot read '%1': %2").arg(path, f.errorString()));
    return readToEnd(f, path, info.st_size, maxBytes, bytes, error);
}

} // namespace coro
