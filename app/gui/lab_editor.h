// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The Policy Lab's editor, in the right panel when the Lab is open: a shipped example to start
// from, and up to four pipelines, each a stack of layer chips, outermost on top. Add a layer
// from the palette (+), drag a chip to reorder, click it to change its settings or remove it.
// The world and the load are the lab's parameters, in the panel below (as a practice's are).
// Every edit can be undone (a QUndoStack of the lab before and after each).
#pragma once

#include "scenarios/lab.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QListWidget;
class QPushButton;
class QToolButton;
class QUndoStack;
class QVBoxLayout;

namespace gui {

class LabEditor : public QWidget {
    Q_OBJECT
public:
    explicit LabEditor(QWidget *parent = nullptr);

    /// Shows this lab (without reporting a change).
    void setLab(const scenarios::Lab &lab);
    const scenarios::Lab &lab() const { return lab_; }

    // Edits, as the chips, the palette and the dialogs make them; each reports labChanged().
    void addLayer(int pipeline, const std::string &kind);
    void removeLayer(int pipeline, int index);
    void moveLayer(int pipeline, int from, int to);
    void setLayer(int pipeline, int index, const scenarios::LabLayer &layer);
    void addPipeline();
    void removePipeline(int pipeline);
    void renamePipeline(int pipeline, const QString &name);

    // Parts, for tests.
    QComboBox *examples() const { return examples_; }
    QListWidget *chips(int pipeline) const { return rows_.at(std::size_t(pipeline)).chips; }
    QToolButton *palette(int pipeline) const { return rows_.at(std::size_t(pipeline)).add; }
    QPushButton *addPipelineButton() const { return addPipeline_; }
    /// Every edit since the lab was opened, to undo and redo (Edit ▸ Undo, Ctrl+Z).
    QUndoStack *undoStack() const { return undo_; }
    /// The dialog a chip's click opens (its settings; Remove); returns once it is closed.
    void editLayer(int pipeline, int index);

    /// The shipped examples: their titles and resource paths (":/labs/hedging.json").
    static std::vector<std::pair<QString, QString>> shippedExamples();

Q_SIGNALS:
    /// The pipelines changed: the window runs the lab again.
    void labChanged();
    /// An example was picked: the window opens it (its world and load too).
    void exampleChosen(const QString &path);

private:
    struct Row {
        QWidget *box = nullptr;
        QListWidget *chips = nullptr;
        QToolButton *add = nullptr;
    };
    void rebuild();
    void changed();
    /// An edit made (lab_ is the lab after it): undoable, and reported.
    void record(const scenarios::Lab &before, const QString &text);
    void restore(const scenarios::Lab &lab);

    scenarios::Lab lab_;
    QComboBox *examples_ = nullptr;
    QVBoxLayout *rowsLayout_ = nullptr;
    std::vector<Row> rows_;
    QPushButton *addPipeline_ = nullptr;
    QUndoStack *undo_ = nullptr;
};

} // namespace gui
