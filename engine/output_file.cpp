#include "output_file.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cerrno>
#include <cstring>

namespace coro {

namespace {
// Qt keeps the OS's reason in errorString(); a short write without one (the disk filled up
// between two writes) still has errno.
QString reasonOf(const QFileDevice &file)
{
    QString reason = file.errorString();
    if (reason.isEmpty() || reason == QStringLiteral("Unknown error"))
        reason = errno ? QString::fromLocal8Bit(std::strerror(errno)) : QStringLiteral("the write was cut short");
    return reason;
}
} // namespace

OutputFile::OutputFile(QString path) : path_(std::move(path)) {}

OutputFile::~OutputFile()
{
    if (auto *save = dynamic_cast<QSaveFile *>(file_.get()))
        save->cancelWriting(); // the temporary file goes, the target stays as it was
}

bool OutputFile::fail(const QString &reason)
{
    error_ = QStringLiteral("cannot write '%1': %2").arg(path_, reason);
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
    inPlace_ = info.exists() && !info.isFile();
    if (inPlace_) {
        auto file = std::make_unique<QFile>(path_);
        errno = 0;
        const bool opened = file->open(QIODevice::WriteOnly);
        file_ = std::move(file);
        if (!opened)
            return fail(reasonOf(static_cast<QFileDevice &>(*file_)));
        return true;
    }
    auto file = std::make_unique<QSaveFile>(path_);
    errno = 0;
    const bool opened = file->open(QIODevice::WriteOnly);
    file_ = std::move(file);
    if (!opened)
        return fail(reasonOf(static_cast<QFileDevice &>(*file_)));
    return true;
}

QIODevice &OutputFile::device() { return *file_; }

bool OutputFile::commit()
{
    if (!file_)
        return false;
    auto &file = static_cast<QFileDevice &>(*file_);
    errno = 0;
    if (inPlace_) {
        const bool flushed = file.flush();
        const QFileDevice::FileError error = file.error();
        const QString reason = reasonOf(file);
        file.close();
        if (!flushed || error != QFileDevice::NoError)
            return fail(reason);
        return true;
    }
    auto &save = static_cast<QSaveFile &>(file);
    if (save.error() != QFileDevice::NoError)
        return fail(reasonOf(save)); // a write already failed: commit() would only say so later
    if (!save.commit())
        return fail(reasonOf(save));
    return true;
}

bool saveFile(const QString &path, const std::function<void(QIODevice &)> &write, QString *error)
{
    OutputFile out(path);
    if (out.open()) {
        write(out.device());
        if (out.commit())
            return true;
    }
    if (error)
        *error = out.error();
    return false;
}

bool saveFile(const QString &path, const QByteArray &bytes, QString *error)
{
    return saveFile(path, [&bytes](QIODevice &device) { device.write(bytes); }, error);
}

} // namespace coro
