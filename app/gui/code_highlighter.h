// Syntax colours for the code tab: Python and C++ keywords, strings, comments and numbers,
// with await/co_await in bold, in a light and a dark palette.
#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

#include <vector>

namespace gui {

enum class CodeLanguage { Python, Cpp };

class CodeHighlighter : public QSyntaxHighlighter {
public:
    CodeHighlighter(QTextDocument *document, CodeLanguage language, bool dark);

protected:
    void highlightBlock(const QString &text) override;

private:
    struct Rule {
        QRegularExpression pattern;
        QTextCharFormat format;
    };
    std::vector<Rule> rules_;
    QTextCharFormat comment_;
    QTextCharFormat string_;
    CodeLanguage language_;
};

} // namespace gui
