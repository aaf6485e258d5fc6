// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Reading a file a person named (a lab, a preset, latency data): only a regular file, only up
// to a size, and never waiting: a FIFO without a writer, /dev/zero or a folder is refused at
// once, in one line, instead of blocking or filling the memory.
#pragma once

#include <QByteArray>
#include <QString>

namespace coro {

/// The largest lab or preset file read (16 MB): a lab of four pipelines takes a few kilobytes.
inline constexpr qint64 kMaxSettingsFileBytes = qint64(16) << 20;

/// Reads the whole of `path` into *bytes. False, with a one-line reason in *error, when it is
/// missing or unreadable, not a regular file, or larger than maxBytes. Qt resources (":/...")
/// are read as they are.
bool readInputFile(const QString &path, qint64 maxBytes, QByteArray *bytes, QString *error);

} // namespace coro
