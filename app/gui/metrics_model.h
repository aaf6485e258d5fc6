// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The Metrics tab's model: every metric of every variant, as MetricsTable formats it. Labels
// and units come from the scenario's MetricSpecs; headline rows are bold and marked ★; the
// raw value in SI units is there for sorting and export (Qt::UserRole), the JSON name as the
// tooltip.
#pragma once

#include "format.h"

#include <QAbstractTableModel>

#include <optional>
#include <vector>

namespace gui {

struct Simulation;

class MetricsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

    void setSimulation(const Simulation &simulation);
    const MetricsTable &table() const { return table_; }

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : table_.rows(); }
    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(table_.columns.size()); }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    MetricsTable table_;
    std::vector<std::vector<std::optional<double>>> values_; ///< [row][column], SI units
};

} // namespace gui
