// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "metrics_model.h"

#include "simulation.h"

#include <QFont>

namespace gui {

void MetricsModel::setSimulation(const Simulation &simulation)
{
    beginResetModel();
    std::vector<NamedMetrics> runs;
    for (const auto &v : simulation.variants)
        runs.push_back({QString::fromStdString(v.run.variant->label), &v.run.metrics});
    table_ = metricsTable(*simulation.scenario, runs);
    values_.assign(std::size_t(table_.rows()), {});
    for (int r = 0; r < table_.rows(); ++r)
        for (const auto &run : runs)
            values_[std::size_t(r)].push_back(run.metrics->get(table_.ids[std::size_t(r)]));
    endResetModel();
}

QVariant MetricsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const auto r = std::size_t(index.row()), c = std::size_t(index.column());
    switch (role) {
    case Qt::DisplayRole: return table_.cells[r][int(c)];
    case Qt::UserRole: return values_[r][c] ? QVariant(*values_[r][c]) : QVariant();
    case Qt::ToolTipRole: return QString::fromStdString(table_.ids[r]); // its name in JSON and CSV
    case Qt::TextAlignmentRole: return int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::FontRole:
        if (table_.headline[r]) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    default: return {};
    }
}

QVariant MetricsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (orientation == Qt::Horizontal)
        return section < table_.columns.size() ? QVariant(table_.columns[section]) : QVariant();
    if (section >= table_.rows())
        return {};
    if (role == Qt::ToolTipRole)
        return table_.headline[std::size_t(section)] ? tr("A headline metric: it carries the practice's lesson") : QVariant();
    return table_.labels[section] + (table_.headline[std::size_t(section)] ? QStringLiteral(" ★") : QString());
}

} // namespace gui
