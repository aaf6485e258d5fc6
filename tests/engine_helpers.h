// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Small helpers shared by the engine suites.
#pragma once

#include "engine/loop.h"

#include <QCryptographicHash>
#include <QTest>

#include <string>
#include <vector>

namespace coro::test {

using namespace std::chrono_literals;

/// Counts live instances: a test parks guards inside coroutines and checks that every one was
/// destroyed after a cancellation.
struct Guard {
    explicit Guard(int &live) : live_(live) { ++live_; }
    ~Guard() { --live_; }
    Guard(const Guard &) = delete;
    Guard &operator=(const Guard &) = delete;

private:
    int &live_;
};

/// Appends "label@ms" to a log: the order in which things happened, with their virtual times.
struct Log {
    std::vector<std::string> entries;
    void note(const std::string &what)
    {
        entries.push_back(what + "@" + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(now()).count()));
    }
    QString joined() const
    {
        QString s;
        for (const auto &e : entries)
            s += QString::fromStdString(e) + QLatin1Char(' ');
        return s.trimmed();
    }
};

inline QByteArray sha256(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

} // namespace coro::test
