// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "strict_json.h"

#include <QJsonArray>
#include <QJsonParseError>

#include <set>
#include <vector>

namespace scenarios {

namespace {
struct Frame {
    bool object = false;
    std::set<std::string> keys;
    std::string key; ///< the member being read, in an object
    int index = 0;   ///< the element being read, in a list
};

std::string pathOf(const std::vector<Frame> &frames)
{
    std::string path;
    for (std::size_t i = 0; i + 1 < frames.size(); ++i) { // the innermost frame is where the key is
        const Frame &f = frames[i];
        if (f.object) {
            if (!path.empty())
                path += '.';
            path += f.key;
        } else {
            path += '[';
            path += std::to_string(f.index);
            path += ']';
        }
    }
    return path;
}

// A JSON string's text, its escapes read (the bytes from its opening quote to its closing one).
std::string unescaped(const QByteArray &json, qsizetype from, qsizetype to)
{
    const QByteArray raw = json.mid(from, to - from + 1);
    if (!raw.contains('\\'))
        return raw.mid(1, raw.size() - 2).toStdString();
    return QJsonDocument::fromJson("[" + raw + "]").array().at(0).toString().toStdString();
}

// The first key named twice in one object, with where: empty when there is none. `json` is
// known to be valid JSON.
std::string duplicateKey(const QByteArray &json)
{
    std::vector<Frame> frames;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '{' || c == '[') {
            frames.push_back({.object = c == '{'});
        } else if (c == '}' || c == ']') {
            frames.pop_back();
        } else if (c == ',' && !frames.empty() && !frames.back().object) {
            ++frames.back().index;
        } else if (c == '"') {
            const qsizetype start = i;
            for (++i; i < json.size() && json[i] != '"'; ++i)
                if (json[i] == '\\')
                    ++i;
            qsizetype next = i + 1;
            while (next < json.size() && (json[next] == ' ' || json[next] == '\t' || json[next] == '\n' || json[next] == '\r'))
                ++next;
            if (next < json.size() && json[next] == ':' && !frames.empty() && frames.back().object) {
                Frame &f = frames.back();
                f.key = unescaped(json, start, i);
                if (!f.keys.insert(f.key).second) {
                    std::string message = pathOf(frames);
                    if (!message.empty())
                        message += ": ";
                    message += '"';
                    message += QString::fromStdString(f.key).left(40).toStdString(); // whole characters
                    message += "\" is given twice; a key may appear once in an object";
                    return message;
                }
            }
        }
    }
    return {};
}
} // namespace

bool parseStrictJson(const QByteArray &json, QJsonDocument *doc, std::string *error)
{
    QJsonParseError parseError;
    *doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = "not JSON: " + parseError.errorString().toStdString() + " at byte " + std::to_string(parseError.offset);
        return false;
    }
    if (std::string twice = duplicateKey(json); !twice.empty()) {
        *error = std::move(twice);
        return false;
    }
    return true;
}

const char *jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return "null";
    case QJsonValue::Bool: return "true or false";
    case QJsonValue::Double: return "a number";
    case QJsonValue::String: return "a string";
    case QJsonValue::Array: return "a list";
    case QJsonValue::Object: return "an object";
    case QJsonValue::Undefined: break;
    }
    return "nothing";
}

} // namespace scenarios
