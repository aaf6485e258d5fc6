// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// OutputFile and readInputFile: a file is written whole or not at all, every write checked,
// and a file a person names is read only when it is a regular file under the cap.
#include "engine/input_file.h"
#include "engine/output_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <csignal>

#include <sys/resource.h>
#include <sys/stat.h>

using namespace coro;

namespace {
QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

// A file size limit for the life of the object, as a full disk would stop a write part way.
struct FileSizeLimit {
    explicit FileSizeLimit(rlim_t bytes)
    {
        previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        getrlimit(RLIMIT_FSIZE, &previous);
        const rlimit limit{bytes, previous.rlim_max};
        setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~FileSizeLimit()
    {
        setrlimit(RLIMIT_FSIZE, &previous);
        std::signal(SIGXFSZ, previousHandler);
    }
    rlimit previous{};
    void (*previousHandler)(int) = nullptr;
};

const QByteArray kOld = "the old file\n";
} // namespace

class TestOutputFile : public QObject {
    Q_OBJECT
private slots:
    void aCommittedFileReplacesTheOldOneWhole()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("out.txt");
        QVERIFY(saveFile(path, kOld, nullptr));
        QString error;
        QVERIFY2(saveFile(path, [](QIODevice &d) { return d.write("new ") == 4 && d.write("text") == 4; }, &error), qPrintable(error));
        QCOMPARE(readAll(path), QByteArray("new text"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"out.txt"});
    }

    // Given up before commit() (an interrupted run): the old file and nothing else.
    void anUncommittedFileLeavesTheOldOne()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("out.txt");
        QVERIFY(saveFile(path, kOld, nullptr));
        {
            OutputFile out(path);
            QVERIFY(out.open());
            out.device().write(QByteArray(100000, 'x'));
        }
        QCOMPARE(readAll(path), kOld);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"out.txt"});
    }

    // A write cut short, in one large write or in many small ones that a writer never checks
    // (a QTextStream, as QSvgGenerator uses): the reason is the OS's, and the old file stays.
    void aWriteCutShortKeepsTheOldFile_data()
    {
        QTest::addColumn<bool>("textStream");
        QTest::newRow("one large write") << false;
        QTest::newRow("a text stream") << true;
    }
    void aWriteCutShortKeepsTheOldFile()
    {
        QFETCH(bool, textStream);
        QTemporaryDir dir;
        const QString path = dir.filePath("out.svg");
        QVERIFY(saveFile(path, kOld, nullptr));
        QString error;
        bool saved = true;
        {
            const FileSizeLimit limit(4096);
            saved = saveFile(
                path,
                [textStream](QIODevice &d) {
                    if (textStream) {
                        QTextStream out(&d);
                        for (int i = 0; i < 2000; ++i)
                            out << "<rect x=\"" << i << "\"/>\n";
                    } else {
                        d.write(QByteArray(100000, 'x'));
                    }
                    return true;
                },
                &error);
        }
        QVERIFY(!saved);
        QCOMPARE(error, QStringLiteral("cannot write '%1': File too large").arg(path));
        QCOMPARE(readAll(path), kOld);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"out.svg"});
    }

    // A writer that could not make what it writes (an image that would not encode) puts
    // nothing in place.
    void aWriterThatFailsWritesNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("shot.png");
        QVERIFY(saveFile(path, kOld, nullptr));
        QString error;
        QVERIFY(!saveFile(path, [](QIODevice &d) { d.write("half a picture"); return false; }, &error));
        QCOMPARE(error, QStringLiteral("cannot write '%1': what it should hold could not be made").arg(path));
        QCOMPARE(readAll(path), kOld);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"shot.png"});
    }

    // /dev/stdout stands for what the shell redirected to: written in place, so the redirect's
    // file keeps what came before and takes what comes after.
    void aTargetReachedThroughProcIsWrittenInPlace()
    {
        QTemporaryDir dir;
        QFile redirect(dir.filePath("out.log"));
        QVERIFY(redirect.open(QIODevice::WriteOnly));
        redirect.write("before\n");
        redirect.flush();
        const QString viaProc = QStringLiteral("/proc/self/fd/%1").arg(redirect.handle());
        if (!QFileInfo(viaProc).isSymLink())
            QSKIP("no /proc/self/fd here");
        QString error;
        QVERIFY2(saveFile(viaProc, QByteArray("the trace\n"), &error), qPrintable(error));
        redirect.write("after\n");
        redirect.close();
        QCOMPARE(readAll(dir.filePath("out.log")), QByteArray("before\nthe trace\nafter\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"out.log"});
    }

    // A device cannot be replaced: it is written in place, and a failure is still seen.
    void aFullDeviceSaysSo()
    {
        if (!QFile::exists(QStringLiteral("/dev/full")))
            QSKIP("no /dev/full here");
        QString error;
        QVERIFY(!saveFile(QStringLiteral("/dev/full"), QByteArray(10, 'x'), &error));
        QCOMPARE(error, QStringLiteral("cannot write '/dev/full': No space left on device"));
        QVERIFY(saveFile(QStringLiteral("/dev/null"), QByteArray(10, 'x'), &error)); // a device that takes it
    }

    void whatCannotBeAFileIsRefused()
    {
        QTemporaryDir dir;
        QString error;
        QVERIFY(!saveFile(dir.path(), kOld, &error));
        QCOMPARE(error, QStringLiteral("cannot write '%1': it is a folder").arg(dir.path()));
        QVERIFY(!saveFile(QString(), kOld, &error));
        QCOMPARE(error, QStringLiteral("cannot write '': the file name is empty"));
        QVERIFY(!saveFile(dir.filePath("no/such/folder/x"), kOld, &error));
        QVERIFY2(error.startsWith(QStringLiteral("cannot write '%1': ").arg(dir.filePath("no/such/folder/x"))), qPrintable(error));
    }

    void anInputFileIsARegularFileUnderTheCap()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("lab.json");
        QVERIFY(saveFile(path, QByteArray(1000, ' '), nullptr));
        QByteArray bytes;
        QString error;
        QVERIFY(readInputFile(path, 1000, &bytes, &error));
        QCOMPARE(bytes.size(), 1000);
        QVERIFY(!readInputFile(path, 999, &bytes, &error));
        QCOMPARE(error, QStringLiteral("cannot read '%1': it is 1000 bytes, more than the 999 bytes allowed").arg(path));
        QVERIFY(!readInputFile(dir.path(), 1000, &bytes, &error));
        QCOMPARE(error, QStringLiteral("cannot read '%1': not a regular file (a folder)").arg(dir.path()));
        const QString fifo = dir.filePath("fifo");
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QVERIFY(!readInputFile(fifo, 1000, &bytes, &error)); // at once: no writer is waited for
        QCOMPARE(error, QStringLiteral("cannot read '%1': not a regular file (a FIFO)").arg(fifo));
    }
};

QTEST_GUILESS_MAIN(TestOutputFile)
#include "tst_output_file.moc"
