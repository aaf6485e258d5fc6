// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Syntax colours for the code tab, Python or C++: keywords, types, function names, strings,
// comments, numbers, decorators and preprocessor lines, with await/co_await in bold. Two
// palettes, one for a light (#ffffff) and one for a dark (#1e1f22) background, every colour
// at least 4.5:1 against its background. Triple-quoted Python strings and C++ block comments
// carry over lines through the block state.
#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

#include <vector>

class QRegularExpression;

namespace gui {

enum class CodeLanguage { Python, Cpp };

// No Q_OBJECT: no signals or slots; findChild<CodeHighlighter *>() finds it as a
// QSyntaxHighlighter (the only kind on the code editors), qobject_cast does not compile.
class CodeHighlighter : public QSyntaxHighlighter {
public:
    /// Attaches to document (which owns it) and highlights it at once.
    CodeHighlighter(QTextDocument *document, CodeLanguage language, bool dark);

protected:
    void highlightBlock(const QString &text) override;

private:
    struct Rule {
        const QRegularExpression *pattern; // compiled once per process, see rulesFor()
        int group;                          // the captured group to colour, 0 for all
        QTextCharFormat format;
    };

    /// Strings and comments, scanned left to right after the word rules so that whichever
    /// starts first wins (a quote in a comment, a # or // in a string).
    void highlightStringsAndComments(const QString &text);

    std::vector<Rule> rules_;
    QTextCharFormat string_;
    QTextCharFormat comment_;
    CodeLanguage language_;
};

} // namespace gui
