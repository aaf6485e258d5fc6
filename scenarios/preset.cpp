// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "preset.h"

#include "strict_json.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace scenarios {

namespace {
const QString kFormat = QStringLiteral("coroscope-preset");

QString qs(const std::string &s) { return QString::fromStdString(s); }
} // namespace

QByteArray savePreset(const Preset &preset)
{
    QJsonObject parameters;
    for (const auto &[k, v] : preset.params.numbers())
        parameters.insert(qs(k), v);
    for (const auto &[k, v] : preset.params.choices())
        parameters.insert(qs(k), qs(v));
    const QJsonObject o{{"format", kFormat},
                        {"version", 1},
                        {"scenario", qs(preset.scenario->id)},
                        {"seed", double(preset.seed)},
                        {"parameters", parameters}};
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

bool loadPreset(const QByteArray &json, Preset *preset, QString *error)
{
    QJsonDocument doc;
    std::string invalid;
    if (!parseStrictJson(json, &doc, &invalid)) {
        *error = qs(invalid);
        return false;
    }
    if (!doc.isObject() || doc.object().value("format").toString() != kFormat) {
        *error = QStringLiteral("not a Coroscope preset (\"format\" must be \"%1\")").arg(kFormat);
        return false;
    }
    const QJsonObject o = doc.object();
    if (o.value("version").toInt() != 1) {
        *error = QStringLiteral("unsupported preset version %1; this Coroscope reads version 1").arg(o.value("version").toVariant().toString());
        return false;
    }
    const QString id = o.value("scenario").toString();
    std::string unknown;
    const Scenario *scenario = findScenario(id.toStdString(), &unknown);
    if (!scenario) {
        *error = qs(unknown);
        return false;
    }
    const QJsonValue seedValue = o.value("seed");
    const double seed = seedValue.toDouble(-1);
    // A double holds whole numbers exactly up to 2^53: the largest seed a JSON number can carry safely.
    if (!seedValue.isDouble() || seed < 0 || seed > 9007199254740992.0 || std::floor(seed) != seed) {
        *error = QStringLiteral("\"seed\" must be a whole number from 0 to 9007199254740992");
        return false;
    }
    if (!o.value("parameters").isObject()) {
        *error = QStringLiteral("\"parameters\" must be an object of parameter values");
        return false;
    }
    Params params = scenario->defaults();
    const QJsonObject values = o.value("parameters").toObject();
    for (auto it = values.begin(); it != values.end(); ++it) {
        QString text;
        if (it.value().isDouble())
            text = QString::number(it.value().toDouble(), 'g', 17);
        else if (it.value().isString())
            text = it.value().toString();
        else {
            *error = QStringLiteral("parameter '%1' must be a number or a string").arg(it.key());
            return false;
        }
        std::string why;
        if (!applySetting(*scenario, params, (it.key() + QLatin1Char('=') + text).toStdString(), &why)) {
            *error = qs(why);
            return false;
        }
    }
    if (const std::string clash = checkParams(*scenario, params); !clash.empty()) {
        *error = qs(clash);
        return false;
    }
    preset->scenario = scenario;
    preset->params = std::move(params);
    preset->seed = std::uint64_t(seed);
    return true;
}

} // namespace scenarios
