// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// JSON as a person's file is read: QJsonDocument's parse, and a refusal of what it would take
// silently (a key named twice in one object: it keeps the last). Lab and preset files go
// through here.
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonValue>

#include <string>

namespace scenarios {

/// Parses json into *doc. False, with one line in *error, when it is not JSON ("not JSON:
/// ... at byte N") or names a key twice in one object ("pipelines[0]: \"kind\" is given
/// twice...").
bool parseStrictJson(const QByteArray &json, QJsonDocument *doc, std::string *error);

/// What a JSON value is, as a message says it: "a number", "a string", "a list"...
const char *jsonTypeName(const QJsonValue &value);

} // namespace scenarios
