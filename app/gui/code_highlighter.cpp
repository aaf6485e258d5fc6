// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Word rules (regular expressions, compiled once per process) colour function names, types,
// keywords, await/co_await, numbers and decorators; a left-to-right scan then colours strings
// and comments over them, carrying triple-quoted strings and /* */ comments to the next line.
#include "code_highlighter.h"

#include <QRegularExpression>
#include <QStringView>

#include <algorithm>

namespace gui {

namespace {

enum BlockState { Normal = 0, InBlockComment = 1, InTripleDouble = 2, InTripleSingle = 3 };

enum class Kind { Function, Type, Keyword, Await, Number, Decorator, String };

struct Palette {
    QRgb function, type, keyword, await, number, decorator, string, comment;
};

// WCAG contrast on #ffffff: 7.4, 5.8, 8.3, 5.5, 5.9, 7.0, 6.4, 6.1.
constexpr Palette lightPalette{0x1a4fb5, 0x00707a, 0x7a1fa2, 0xb34700, 0x8a5a00, 0xad1457, 0x1b6e20, 0x5c6370};
// WCAG contrast on #1e1f22: 7.2, 8.1, 6.9, 8.1, 9.5, 7.0, 10.0, 5.4.
constexpr Palette darkPalette{0x82aaff, 0x4ec9b0, 0xc792ea, 0xff9e64, 0xe5c07b, 0xff7eb6, 0xa5d6a7, 0x8b949e};

struct Pattern {
    QRegularExpression re;
    int group;
    Kind kind;
};

QString anyWord(const char *alternatives)
{
    return QStringLiteral("\\b(?:%1)\\b").arg(QLatin1String(alternatives));
}

/// The word rules of a language, in the order they are applied: a later match recolours an
/// earlier one (so "if (" is a keyword, not a call).
std::vector<Pattern> makePatterns(CodeLanguage language)
{
    const auto re = [](const QString &pattern) { return QRegularExpression(pattern); };
    const QString call = QStringLiteral("\\b[A-Za-z_]\\w*(?=\\s*\\()");
    const QString capitalised = QStringLiteral("\\b[A-Z][A-Za-z0-9_]*[a-z][A-Za-z0-9_]*\\b");
    const QString number = QStringLiteral(
        "\\b(?:0[xX][0-9A-Fa-f](?:'?[0-9A-Fa-f])*|\\d(?:['_]?\\d)*(?:\\.\\d*)?(?:[eE][+-]?\\d+)?)"
        "(?:ms|us|ns|min|s|h|[uUlLfFjJ]{1,3})?\\b");

    if (language == CodeLanguage::Python) {
        return {
            {re(call), 0, Kind::Function},
            {re(QStringLiteral("\\bdef\\s+([A-Za-z_]\\w*)")), 1, Kind::Function},
            {re(QStringLiteral("\\bclass\\s+([A-Za-z_]\\w*)")), 1, Kind::Type},
            {re(capitalised), 0, Kind::Type},
            {re(anyWord("int|float|str|bytes|bool|list|dict|set|tuple|object|type")), 0, Kind::Type},
            {re(anyWord("def|async|return|if|else|elif|for|while|in|not|and|or|try|except|finally|raise|"
                        "with|as|import|from|class|None|True|False|pass|break|continue|lambda|yield|is|"
                        "global|nonlocal|del|assert")),
             0, Kind::Keyword},
            {re(anyWord("await")), 0, Kind::Await},
            {re(number), 0, Kind::Number},
            {re(QStringLiteral("^\\s*(@[A-Za-z_][\\w.]*)")), 1, Kind::Decorator},
        };
    }
    return {
        {re(call), 0, Kind::Function},
        {re(QStringLiteral("\\b(?:class|struct|enum|union|namespace|concept)\\s+([A-Za-z_]\\w*)")), 1, Kind::Type},
        {re(capitalised), 0, Kind::Type},
        {re(anyWord("void|bool|char|char8_t|short|int|long|float|double|signed|unsigned|size_t|ptrdiff_t|"
                    "u?int(?:8|16|32|64)_t|string|string_view|vector|array|span|deque|list|map|unordered_map|"
                    "set|unordered_set|optional|variant|expected|pair|tuple|function|shared_ptr|unique_ptr|"
                    "weak_ptr|mutex|atomic|thread|jthread|exception|exception_ptr|runtime_error|"
                    "coroutine_handle|suspend_always|suspend_never|counting_semaphore|duration|time_point|"
                    "seconds|milliseconds|microseconds|nanoseconds")),
         0, Kind::Type},
        {re(anyWord("alignas|alignof|auto|break|case|catch|class|co_return|co_yield|concept|const|consteval|"
                    "constexpr|constinit|const_cast|continue|decltype|default|delete|do|dynamic_cast|else|"
                    "enum|explicit|export|extern|false|final|for|friend|goto|if|inline|mutable|namespace|new|"
                    "noexcept|nullptr|operator|override|private|protected|public|reinterpret_cast|requires|"
                    "return|sizeof|static|static_assert|static_cast|struct|switch|template|this|"
                    "thread_local|throw|true|try|typedef|typeid|typename|union|using|virtual|volatile|while")),
         0, Kind::Keyword},
        {re(anyWord("co_await")), 0, Kind::Await},
        {re(number), 0, Kind::Number},
        {re(QStringLiteral("^\\s*#\\s*[a-z]+")), 0, Kind::Decorator},
        {re(QStringLiteral("^\\s*#\\s*include\\s*(<[^>]*>)")), 1, Kind::String},
    };
}

const std::vector<Pattern> &patterns(CodeLanguage language)
{
    static const std::vector<Pattern> python = makePatterns(CodeLanguage::Python);
    static const std::vector<Pattern> cpp = makePatterns(CodeLanguage::Cpp);
    return language == CodeLanguage::Python ? python : cpp;
}

QTextCharFormat makeFormat(QRgb color, bool bold = false, bool italic = false)
{
    QTextCharFormat format;
    format.setForeground(QColor(color));
    if (bold)
        format.setFontWeight(QFont::Bold);
    if (italic)
        format.setFontItalic(true);
    return format;
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

/// Whether the letters right before a quote make it a prefixed literal: f"", rb'', u8"", L''.
bool isStringPrefix(QStringView word, bool python)
{
    static const QStringList pythonPrefixes{"r", "u", "f", "b", "br", "rb", "fr", "rf"};
    static const QStringList cppPrefixes{"L", "u", "U", "u8", "R", "LR", "uR", "UR", "u8R"};
    if (python)
        return pythonPrefixes.contains(word.toString().toLower());
    return cppPrefixes.contains(word.toString());
}

} // namespace

CodeHighlighter::CodeHighlighter(QTextDocument *document, CodeLanguage language, bool dark)
    : QSyntaxHighlighter(document), language_(language)
{
    const Palette &p = dark ? darkPalette : lightPalette;
    string_ = makeFormat(p.string);
    comment_ = makeFormat(p.comment, false, true);
    for (const Pattern &pattern : patterns(language)) {
        QTextCharFormat format;
        switch (pattern.kind) {
        case Kind::Function: format = makeFormat(p.function); break;
        case Kind::Type: format = makeFormat(p.type); break;
        case Kind::Keyword: format = makeFormat(p.keyword); break;
        case Kind::Await: format = makeFormat(p.await, true); break;
        case Kind::Number: format = makeFormat(p.number); break;
        case Kind::Decorator: format = makeFormat(p.decorator); break;
        case Kind::String: format = string_; break;
        }
        rules_.push_back({&pattern.re, pattern.group, format});
    }
    // The base class only schedules a highlight; do it now so the text never shows uncoloured.
    rehighlight();
}

void CodeHighlighter::highlightBlock(const QString &text)
{
    for (const Rule &rule : rules_) {
        auto it = rule.pattern->globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            setFormat(int(m.capturedStart(rule.group)), int(m.capturedLength(rule.group)), rule.format);
        }
    }
    highlightStringsAndComments(text);
}

void CodeHighlighter::highlightStringsAndComments(const QString &text)
{
    const bool python = language_ == CodeLanguage::Python;
    const qsizetype n = text.size();
    qsizetype i = 0;
    setCurrentBlockState(Normal);

    const auto startsHere = [&](QLatin1String s) { return QStringView(text).sliced(i).startsWith(s); };
    // Colours from `from` through `closer` (searched from i); without one, to the end of the
    // line, and the next line starts in `state`.
    const auto runTo = [&](qsizetype from, QLatin1String closer, int state, const QTextCharFormat &format) {
        const qsizetype end = text.indexOf(closer, i);
        if (end < 0) {
            setFormat(int(from), int(n - from), format);
            setCurrentBlockState(state);
            i = n;
        } else {
            i = end + closer.size();
            setFormat(int(from), int(i - from), format);
        }
    };

    const QLatin1String tripleDouble("\"\"\"");
    const QLatin1String tripleSingle("'''");
    switch (previousBlockState()) {
    case InBlockComment: runTo(0, QLatin1String("*/"), InBlockComment, comment_); break;
    case InTripleDouble: runTo(0, tripleDouble, InTripleDouble, string_); break;
    case InTripleSingle: runTo(0, tripleSingle, InTripleSingle, string_); break;
    default: break;
    }

    while (i < n) {
        const QChar c = text[i];
        if (python ? c == QLatin1Char('#') : startsHere(QLatin1String("//"))) {
            setFormat(int(i), int(n - i), comment_);
            return;
        }
        if (!python && startsHere(QLatin1String("/*"))) {
            const qsizetype start = i;
            i += 2;
            runTo(start, QLatin1String("*/"), InBlockComment, comment_);
            continue;
        }
        if (c != QLatin1Char('"') && c != QLatin1Char('\'')) {
            ++i;
            continue;
        }
        qsizetype word = i;
        while (word > 0 && isWordChar(text[word - 1]))
            --word;
        if (!python && c == QLatin1Char('\'') && word < i && text[word].isDigit()) {
            ++i; // a digit separator: 1'000'000
            continue;
        }
        const QStringView prefix = QStringView(text).sliced(word, i - word);
        const qsizetype start = isStringPrefix(prefix, python) ? word : i;
        if (python && (startsHere(tripleDouble) || startsHere(tripleSingle))) {
            const bool doubleQuoted = c == QLatin1Char('"');
            i += 3;
            runTo(start, doubleQuoted ? tripleDouble : tripleSingle, doubleQuoted ? InTripleDouble : InTripleSingle,
                  string_);
            continue;
        }
        if (!python && prefix.endsWith(QLatin1Char('R')) && start == word) {
            // A raw string, R"delim( ... )delim" on one line; one spanning lines is not tracked.
            const qsizetype open = text.indexOf(QLatin1Char('('), i + 1);
            if (open > 0) {
                const QString closer = QLatin1Char(')') + text.mid(i + 1, open - i - 1) + QLatin1Char('"');
                const qsizetype end = text.indexOf(closer, open + 1);
                i = end < 0 ? n : end + closer.size();
                setFormat(int(start), int(i - start), string_);
                continue;
            }
        }
        qsizetype j = i + 1;
        while (j < n && text[j] != c)
            j += text[j] == QLatin1Char('\\') ? 2 : 1;
        i = std::min(j + 1, n);
        setFormat(int(start), int(i - start), string_);
    }
}

} // namespace gui
