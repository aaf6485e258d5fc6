// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "lab_editor.h"

#include <QAbstractItemModel>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

namespace gui {

namespace {
QString qs(const std::string &s) { return QString::fromStdString(s); }

constexpr int kIndexRole = Qt::UserRole + 1; // a chip's layer index when the row was built

QString kindLabel(const std::string &kind)
{
    QString s = qs(kind);
    s.replace(QLatin1Char('_'), QLatin1Char(' '));
    return s;
}
} // namespace

std::vector<std::pair<QString, QString>> LabEditor::shippedExamples()
{
    std::vector<std::pair<QString, QString>> list;
    const QStringList files = QDir(QStringLiteral(":/labs")).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &f : files) {
        QFile file(QStringLiteral(":/labs/") + f);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QString title = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("title")).toString();
        list.push_back({title.isEmpty() ? f : title, QStringLiteral(":/labs/") + f});
    }
    return list;
}

LabEditor::LabEditor(QWidget *parent) : QWidget(parent), undo_(new QUndoStack(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Open:")));
    examples_ = new QComboBox;
    examples_->setAccessibleName(tr("Lab examples"));
    examples_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    examples_->setMinimumContentsLength(12);
    examples_->addItem(tr("a shipped example…"), QString());
    for (const auto &[title, path] : shippedExamples())
        examples_->addItem(title, path);
    connect(examples_, &QComboBox::activated, this, [this](int i) {
        const QString path = examples_->itemData(i).toString();
        examples_->setCurrentIndex(0);
        if (!path.isEmpty())
            Q_EMIT exampleChosen(path);
    });
    top->addWidget(examples_, 1);
    layout->addLayout(top);
    auto *hint = new QLabel(tr("Each pipeline is a stack of layers around the call, outermost on top. "
                               "+ layer adds one inside the others; drag a layer to move it; click it to change its settings."));
    hint->setWordWrap(true);
    QFont small = hint->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    hint->setFont(small);
    layout->addWidget(hint);
    rowsLayout_ = new QVBoxLayout;
    rowsLayout_->setSpacing(6);
    layout->addLayout(rowsLayout_);
    addPipeline_ = new QPushButton(tr("Add a pipeline"));
    addPipeline_->setAccessibleName(tr("Add a pipeline"));
    connect(addPipeline_, &QPushButton::clicked, this, &LabEditor::addPipeline);
    layout->addWidget(addPipeline_, 0, Qt::AlignLeft);
}

namespace {
// One edit of the lab, undone and redone whole: the lab before it and after it.
class LabEdit : public QUndoCommand {
public:
    LabEdit(std::function<void(const scenarios::Lab &)> restore, scenarios::Lab before, scenarios::Lab after, const QString &text)
        : QUndoCommand(text), restore_(std::move(restore)), before_(std::move(before)), after_(std::move(after))
    {
    }
    void undo() override { restore_(before_); }
    void redo() override
    {
        if (!first_) // pushed after the edit was made
            restore_(after_);
        first_ = false;
    }

private:
    std::function<void(const scenarios::Lab &)> restore_;
    scenarios::Lab before_, after_;
    bool first_ = true;
};
} // namespace

void LabEditor::setLab(const scenarios::Lab &lab)
{
    // The window hands an edited lab back as it runs it: the same lab keeps its history; another
    // (a file, an example) starts a new one.
    if (lab_.pipelines.empty() || scenarios::labJson(lab) != scenarios::labJson(lab_)) // (none yet: labJson needs a whole lab)
        undo_->clear();
    lab_ = lab;
    rebuild();
}

void LabEditor::record(const scenarios::Lab &before, const QString &text)
{
    undo_->push(new LabEdit([this](const scenarios::Lab &lab) { restore(lab); }, before, lab_, text));
    changed();
}

void LabEditor::restore(const scenarios::Lab &lab)
{
    lab_ = lab;
    changed();
}

void LabEditor::changed()
{
    rebuild();
    Q_EMIT labChanged();
}

void LabEditor::rebuild()
{
    for (Row &row : rows_)
        row.box->deleteLater();
    rows_.clear();
    for (std::size_t p = 0; p < lab_.pipelines.size(); ++p) {
        const auto &pipeline = lab_.pipelines[p];
        Row row;
        row.box = new QWidget;
        auto *v = new QVBoxLayout(row.box);
        v->setContentsMargins(0, 0, 0, 0);
        v->setSpacing(2);
        auto *head = new QHBoxLayout;
        auto *name = new QLineEdit(qs(pipeline.name));
        name->setAccessibleName(tr("Name of pipeline %1").arg(p + 1));
        QFont bold = name->font();
        bold.setBold(true);
        name->setFont(bold);
        name->setFrame(false);
        name->setCursorPosition(0); // the name's start, not its end, when it is longer than the box
        connect(name, &QLineEdit::editingFinished, this, [this, p, name] { renamePipeline(int(p), name->text()); });
        head->addWidget(name, 1);
        v->addLayout(head);
        // The buttons share the caption's row, so that the name has the whole width (a name cut
        // to "retry inside the breake" read as a typo).
        auto *caption = new QHBoxLayout;
        auto *request = new QLabel(tr("a request ↓"));
        request->setIndent(8);
        request->setEnabled(false); // a caption: where the request enters the stack
        caption->addWidget(request, 1);
        row.add = new QToolButton;
        row.add->setText(tr("+ layer"));
        row.add->setAccessibleName(tr("Add a layer to pipeline %1").arg(p + 1));
        row.add->setToolTip(tr("Add a layer (it goes inside the others)"));
        row.add->setPopupMode(QToolButton::InstantPopup);
        row.add->setToolButtonStyle(Qt::ToolButtonTextOnly);
        auto *menu = new QMenu(row.add);
        for (const std::string &kind : scenarios::labLayerKinds()) {
            QAction *a = menu->addAction(kindLabel(kind), this, [this, p, kind] { addLayer(int(p), kind); });
            a->setToolTip(qs(scenarios::labLayerSummary(kind)));
            a->setStatusTip(a->toolTip());
        }
        menu->setToolTipsVisible(true);
        row.add->setMenu(menu);
        caption->addWidget(row.add);
        auto *remove = new QToolButton;
        remove->setText(QStringLiteral("×"));
        remove->setAccessibleName(tr("Remove pipeline %1").arg(p + 1));
        remove->setToolTip(tr("Remove this pipeline"));
        remove->setEnabled(lab_.pipelines.size() > 1);
        connect(remove, &QToolButton::clicked, this, [this, p] { removePipeline(int(p)); });
        caption->addWidget(remove);
        v->addLayout(caption);

        row.chips = new QListWidget;
        row.chips->setAccessibleName(tr("Layers of pipeline %1, outermost first").arg(p + 1));
        row.chips->setSpacing(1);
        row.chips->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        row.chips->setDragDropMode(QAbstractItemView::InternalMove);
        row.chips->setDefaultDropAction(Qt::MoveAction);
        row.chips->setSelectionMode(QAbstractItemView::SingleSelection);
        row.chips->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        row.chips->setStyleSheet(QStringLiteral(
            "QListWidget { background: transparent; border: none; }"
            "QListWidget::item { border: 1px solid palette(mid); border-radius: 9px; padding: 2px 6px; background: palette(button); }"
            "QListWidget::item:selected { border-color: palette(highlight); color: palette(text); }"));
        if (pipeline.layers.empty()) {
            auto *bare = new QListWidgetItem(tr("the bare call"));
            bare->setFlags(Qt::ItemIsEnabled);
            row.chips->addItem(bare);
        }
        for (std::size_t i = 0; i < pipeline.layers.size(); ++i) {
            auto *chip = new QListWidgetItem(qs(scenarios::describeLayer(pipeline.layers[i])));
            chip->setData(kIndexRole, int(i));
            chip->setText(QStringLiteral("⋮⋮ ") + chip->text() + QStringLiteral("  ✎"));
            // A narrow panel cuts a long chip: the tooltip says it whole.
            chip->setToolTip(qs(scenarios::describeLayer(pipeline.layers[i])) + QStringLiteral("\n") +
                             qs(scenarios::labLayerSummary(pipeline.layers[i].kind)) + tr(" — click to edit, drag to move"));
            row.chips->addItem(chip);
        }
        // The whole stack, outermost on top, without a scroll bar.
        int height = 4;
        for (int r = 0; r < row.chips->count(); ++r)
            height += row.chips->sizeHintForRow(r) + 2 * row.chips->spacing();
        row.chips->setFixedHeight(height);
        connect(row.chips, &QListWidget::itemClicked, this, [this, p](QListWidgetItem *item) {
            if (item->data(kIndexRole).isValid())
                editLayer(int(p), item->data(kIndexRole).toInt());
        });
        // A drag moved a chip: read the new order off the chips.
        connect(row.chips->model(), &QAbstractItemModel::rowsMoved, this, [this, p] {
            QListWidget *chips = rows_[p].chips;
            std::vector<scenarios::LabLayer> order;
            for (int r = 0; r < chips->count(); ++r)
                if (chips->item(r)->data(kIndexRole).isValid())
                    order.push_back(lab_.pipelines[p].layers.at(std::size_t(chips->item(r)->data(kIndexRole).toInt())));
            if (order.size() == lab_.pipelines[p].layers.size()) {
                scenarios::Lab before = lab_;
                lab_.pipelines[p].layers = std::move(order);
                QMetaObject::invokeMethod( // after the drop finishes
                    this, [this, before = std::move(before)] { record(before, tr("Move a layer")); }, Qt::QueuedConnection);
            }
        });
        v->addWidget(row.chips);
        auto *service = new QLabel(tr("↓ the service"));
        service->setIndent(8);
        service->setEnabled(false); // drawn as a caption: the call every layer wraps
        v->addWidget(service);
        rowsLayout_->addWidget(row.box);
        rows_.push_back(row);
    }
    addPipeline_->setEnabled(lab_.pipelines.size() < scenarios::kMaxPipelines);
}

void LabEditor::addLayer(int pipeline, const std::string &kind)
{
    const scenarios::Lab before = lab_;
    auto &layers = lab_.pipelines.at(std::size_t(pipeline)).layers;
    if (layers.size() >= 16)
        return;
    layers.push_back(scenarios::defaultLayer(kind));
    record(before, tr("Add a layer"));
}

void LabEditor::removeLayer(int pipeline, int index)
{
    const scenarios::Lab before = lab_;
    auto &layers = lab_.pipelines.at(std::size_t(pipeline)).layers;
    layers.erase(layers.begin() + index);
    record(before, tr("Remove a layer"));
}

void LabEditor::moveLayer(int pipeline, int from, int to)
{
    auto &layers = lab_.pipelines.at(std::size_t(pipeline)).layers;
    if (from == to || from < 0 || to < 0 || from >= int(layers.size()) || to >= int(layers.size()))
        return;
    const scenarios::Lab before = lab_;
    const scenarios::LabLayer moved = layers[std::size_t(from)];
    layers.erase(layers.begin() + from);
    layers.insert(layers.begin() + to, moved);
    record(before, tr("Move a layer"));
}

void LabEditor::setLayer(int pipeline, int index, const scenarios::LabLayer &layer)
{
    const scenarios::Lab before = lab_;
    lab_.pipelines.at(std::size_t(pipeline)).layers.at(std::size_t(index)) = layer;
    record(before, tr("Change a layer"));
}

void LabEditor::addPipeline()
{
    if (lab_.pipelines.size() >= scenarios::kMaxPipelines)
        return;
    const scenarios::Lab before = lab_;
    scenarios::LabPipeline p;
    for (int n = int(lab_.pipelines.size()) + 1;; ++n) {
        p.name = "pipeline " + std::to_string(n);
        if (std::none_of(lab_.pipelines.begin(), lab_.pipelines.end(),
                         [&](const auto &o) { return scenarios::pipelineId(o.name) == scenarios::pipelineId(p.name); }))
            break;
    }
    if (!lab_.pipelines.empty())
        p.layers = lab_.pipelines.back().layers; // a copy to change one thing in
    lab_.pipelines.push_back(std::move(p));
    record(before, tr("Add a pipeline"));
}

void LabEditor::removePipeline(int pipeline)
{
    if (lab_.pipelines.size() <= 1)
        return;
    const scenarios::Lab before = lab_;
    lab_.pipelines.erase(lab_.pipelines.begin() + pipeline);
    record(before, tr("Remove a pipeline"));
}

void LabEditor::renamePipeline(int pipeline, const QString &name)
{
    const std::string wanted = name.trimmed().toStdString();
    auto &p = lab_.pipelines.at(std::size_t(pipeline));
    if (wanted.empty() || wanted == p.name)
        return rebuild(); // back to the name it has
    // Names give the variants' ids: two that give the same one are refused, as a file's would be.
    for (std::size_t i = 0; i < lab_.pipelines.size(); ++i)
        if (int(i) != pipeline && scenarios::pipelineId(lab_.pipelines[i].name) == scenarios::pipelineId(wanted))
            return rebuild();
    const scenarios::Lab before = lab_;
    lab_.pipelines.at(std::size_t(pipeline)).name = wanted;
    record(before, tr("Rename a pipeline"));
}

void LabEditor::editLayer(int pipeline, int index)
{
    const scenarios::LabLayer &layer = lab_.pipelines.at(std::size_t(pipeline)).layers.at(std::size_t(index));
    QDialog dialog(this);
    dialog.setWindowTitle(tr("%1 (layer %2 of %3)").arg(kindLabel(layer.kind)).arg(index + 1).arg(qs(lab_.pipelines[std::size_t(pipeline)].name)));
    auto *form = new QFormLayout(&dialog);
    QString name = kindLabel(layer.kind);
    name[0] = name[0].toUpper();
    auto *heading = new QLabel(name);
    QFont big = heading->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    heading->setFont(big);
    form->addRow(heading);
    QString summary = qs(scenarios::labLayerSummary(layer.kind));
    if (!summary.isEmpty())
        summary[0] = summary[0].toUpper();
    auto *what = new QLabel(summary + QLatin1Char('.'));
    what->setWordWrap(true);
    form->addRow(what);
    std::vector<std::pair<std::string, QDoubleSpinBox *>> numbers;
    std::vector<std::pair<std::string, QComboBox *>> choices;
    for (const auto &setting : scenarios::labLayerSettings(layer.kind)) {
        if (const auto *r = std::get_if<scenarios::NumericRange>(&setting.kind)) {
            auto *spin = new QDoubleSpinBox;
            spin->setRange(r->min, r->max);
            spin->setDecimals(r->step >= 1 ? 0 : r->step >= 0.1 ? 1 : r->step >= 0.01 ? 2 : 3);
            spin->setSingleStep(r->step);
            spin->setValue(layer.numbers.at(setting.id));
            if (!setting.unit.empty())
                spin->setSuffix(QStringLiteral(" ") + qs(setting.unit));
            spin->setAccessibleName(qs(setting.label));
            form->addRow(qs(setting.label) + QLatin1Char(':'), spin);
            numbers.push_back({setting.id, spin});
        } else {
            auto *box = new QComboBox;
            for (const auto &c : std::get<scenarios::Choices>(setting.kind).choices)
                box->addItem(qs(c));
            box->setCurrentText(qs(layer.choices.at(setting.id)));
            box->setAccessibleName(qs(setting.label));
            form->addRow(qs(setting.label) + QLatin1Char(':'), box);
            choices.push_back({setting.id, box});
        }
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    auto *remove = new QPushButton(tr("Remove this layer"));
    remove->setAccessibleName(tr("Remove this layer"));
    form->addRow(remove); // apart from OK and Cancel, above them
    bool removing = false;
    connect(remove, &QPushButton::clicked, &dialog, [&] {
        removing = true;
        dialog.accept();
    });
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (removing)
        return removeLayer(pipeline, index);
    scenarios::LabLayer edited = layer;
    for (const auto &[id, spin] : numbers)
        edited.numbers[id] = spin->value();
    for (const auto &[id, box] : choices)
        edited.choices[id] = box->currentText().toStdString();
    if (edited.kind == "adaptive_limit" && edited.numbers["min"] > edited.numbers["max"])
        std::swap(edited.numbers["min"], edited.numbers["max"]);
    setLayer(pipeline, index, edited);
}

} // namespace gui
