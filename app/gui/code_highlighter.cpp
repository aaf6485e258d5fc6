#include "code_highlighter.h"

namespace gui {

namespace {
QTextCharFormat makeFormat(QRgb color, bool bold = false, bool italic = false)
{
    QTextCharFormat f;
    f.setForeground(QColor(color));
    if (bold)
        f.setFontWeight(QFont::Bold);
    f.setFontItalic(italic);
    return f;
}

QString words(const char *list) { return QStringLiteral("\\b(?:%1)\\b").arg(QString::fromLatin1(list)); }

enum BlockState { Normal = 0, InBlockComment = 1, InTripleDouble = 2, InTripleSingle = 3 };
} // namespace

CodeHighlighter::CodeHighlighter(QTextDocument *document, CodeLanguage language, bool dark)
    : QSyntaxHighlighter(document), language_(language)
{
    // Colours chosen for at least 4.5:1 contrast on #ffffff (light) and #1e1f22 (dark).
    const QTextCharFormat keyword = makeFormat(dark ? 0xc792ea : 0x7a1fa2, true);
    const QTextCharFormat awaitWord = makeFormat(dark ? 0xff9e64 : 0xb34700, true);
    const QTextCharFormat number = makeFormat(dark ? 0xf78c6c : 0x005f87);
    const QTextCharFormat decorator = makeFormat(dark ? 0x82aaff : 0x1a4fb5);
    const QTextCharFormat function = makeFormat(dark ? 0x82aaff : 0x1a4fb5);
    comment_ = makeFormat(dark ? 0x8b949e : 0x5c6370, false, true);
    string_ = makeFormat(dark ? 0xa5d6a7 : 0x1b6e20);

    const char *keywords = language == CodeLanguage::Python
        ? "def|return|if|else|elif|for|while|in|not|and|or|try|except|finally|raise|with|as|import|from|class|"
          "None|True|False|pass|break|continue|lambda|yield|is|global|nonlocal|del|assert|async"
        : "auto|const|constexpr|template|typename|namespace|using|struct|class|return|if|else|for|while|try|catch|"
          "throw|nullptr|true|false|void|int|double|bool|char|static|inline|public|private|protected|virtual|"
          "override|std|co_return|co_yield|new|delete|this|operator|enum|switch|case|break|continue|default|noexcept";
    rules_.push_back({QRegularExpression(words(keywords)), keyword});
    rules_.push_back({QRegularExpression(words(language == CodeLanguage::Python ? "await" : "co_await")), awaitWord});
    rules_.push_back({QRegularExpression(QStringLiteral("\\b[A-Za-z_][A-Za-z0-9_]*(?=\\s*\\()")), function});
    rules_.push_back({QRegularExpression(QStringLiteral("\\b\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?(?:ms|s)?\\b")), number});
    if (language == CodeLanguage::Python)
        rules_.push_back({QRegularExpression(QStringLiteral("^\\s*@[A-Za-z_][A-Za-z0-9_.]*")), decorator});
    else
        rules_.push_back({QRegularExpression(QStringLiteral("^\\s*#\\s*\\w+")), decorator});
}

void CodeHighlighter::highlightBlock(const QString &text)
{
    for (const Rule &rule : rules_) {
        auto it = rule.pattern.globalMatch(text);
        while (it.hasNext()) {
            const auto m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), rule.format);
        }
    }
    // Strings and comments last, scanning left to right so a quote inside a comment (or a
    // comment marker inside a string) is read correctly; multi-line ones carry a block state.
    setCurrentBlockState(Normal);
    int i = 0;
    const int n = int(text.size());
    auto closeMulti = [&](const QString &closer, int state, const QTextCharFormat &f) {
        const int end = int(text.indexOf(closer, i));
        if (end < 0) {
            setFormat(i, n - i, f);
            setCurrentBlockState(state);
            i = n;
        } else {
            setFormat(i, end + int(closer.size()) - i, f);
            i = end + int(closer.size());
        }
    };
    switch (previousBlockState()) {
    case InBlockComment: closeMulti(QStringLiteral("*/"), InBlockComment, comment_); break;
    case InTripleDouble: closeMulti(QStringLiteral("\"\"\""), InTripleDouble, string_); break;
    case InTripleSingle: closeMulti(QStringLiteral("'''"), InTripleSingle, string_); break;
    default: break;
    }
    const bool python = language_ == CodeLanguage::Python;
    while (i < n) {
        const QChar c = text[i];
        if ((python && c == QLatin1Char('#')) || (!python && text.mid(i, 2) == QStringLiteral("//"))) {
            setFormat(i, n - i, comment_);
            return;
        }
        if (!python && text.mid(i, 2) == QStringLiteral("/*")) {
            const int start = i;
            i += 2;
            closeMulti(QStringLiteral("*/"), InBlockComment, comment_);
            setFormat(start, 2, comment_);
            continue;
        }
        if (python && (text.mid(i, 3) == QStringLiteral("\"\"\"") || text.mid(i, 3) == QStringLiteral("'''"))) {
            const QString quote = text.mid(i, 3);
            const int start = i;
            i += 3;
            closeMulti(quote, quote.startsWith(QLatin1Char('"')) ? InTripleDouble : InTripleSingle, string_);
            setFormat(start, 3, string_);
            continue;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            int j = i + 1;
            while (j < n && text[j] != c) {
                if (text[j] == QLatin1Char('\\'))
                    ++j;
                ++j;
            }
            setFormat(i, std::min(j + 1, n) - i, string_);
            i = j + 1;
            continue;
        }
        ++i;
    }
}

} // namespace gui
