#include "QapReader.h"

#include "data/InputFile.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace mb::layout {

namespace {

constexpr double largestEntry = 1e12;
constexpr qint64 largestFileBytes = qint64(1) << 30;

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Splits the text into whitespace-separated words and knows each one's line and column.
class WordReader {
public:
    explicit WordReader(const QByteArray& text) : text_(text) {}

    // Moves to the next word; false at the end of the text.
    bool next() {
        const char* data = text_.constData();
        const qsizetype size = text_.size();
        while (position_ < size && isSpace(data[position_])) {
            if (data[position_] == '\n') {
                ++line_;
                lineStart_ = position_ + 1;
            }
            ++position_;
        }
        wordLine_ = line_;
        wordColumn_ = static_cast<int>(std::min<qsizetype>(position_ - lineStart_ + 1, INT32_MAX));
        wordStart_ = position_;
        while (position_ < size && !isSpace(data[position_]))
            ++position_;
        return position_ > wordStart_;
    }

    const char* begin() const { return text_.constData() + wordStart_; }
    const char* end() const { return text_.constData() + position_; }
    int line() const { return wordLine_; }
    int column() const { return wordColumn_; }

    // The word as shown in a message: at most 32 characters, control bytes made visible.
    QString shown() const {
        QByteArray word(begin(), std::min<qsizetype>(position_ - wordStart_, 32));
        for (char& c : word) {
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
                c = '?';
        }
        QString text = QString::fromUtf8(word);
        if (position_ - wordStart_ > 32)
            text += QStringLiteral("...");
        return text;
    }

private:
    const QByteArray& text_;
    qsizetype position_ = 0;
    qsizetype lineStart_ = 0;
    qsizetype wordStart_ = 0;
    int line_ = 1;
    int wordLine_ = 1;
    int wordColumn_ = 1;
};

[[noreturn]] void fail(const QString& fileName, const WordReader& words, const QString& message) {
    throw QapFormatError(QStringLiteral("%1:%2:%3: %4")
                             .arg(fileName)
                             .arg(words.line())
                             .arg(words.column())
                             .arg(message),
                         words.line(), words.column());
}

bool parseNumber(const char* begin, const char* end, double& value) {
    const bool plus = begin < end && *begin == '+';  // from_chars takes no leading '+'
    if (plus)
        ++begin;
    const char* digits = begin < end && *begin == '-' && !plus ? begin + 1 : begin;
    // Only a digit or a point may start a number: from_chars would also read "inf" and "nan".
    if (digits == end || !(std::isdigit(static_cast<unsigned char>(*digits)) || *digits == '.'))
        return false;
    const auto [stop, error] = std::from_chars(begin, end, value);
    return error == std::errc() && stop == end && std::isfinite(value);
}

}  // namespace

QapProblem readQapProblem(const QByteArray& text, const QString& fileName) {
    WordReader words(text);
    if (!words.next())
        fail(fileName, words,
             QStringLiteral("expected the problem size n at the start of the file, found end of "
                            "file"));
    std::int64_t size = 0;
    const auto [stop, error] = std::from_chars(words.begin(), words.end(), size);
    if (error != std::errc() || stop != words.end() || size < 1 || size > maximumQapSize)
        fail(fileName, words,
             QStringLiteral("expected the problem size n, a whole number from 1 to %1 (%2)")
                 .arg(maximumQapSize)
                 .arg(words.shown()));

    QapProblem problem;
    problem.size = static_cast<int>(size);
    const auto cells = static_cast<std::size_t>(size * size);
    // Grown as numbers arrive, so a huge n in a short file costs no memory.
    for (std::size_t read = 0; read < 2 * cells; ++read) {
        const bool flow = read < cells;
        const std::size_t cell = flow ? read : read - cells;
        // Built only for a message: formatting it for every number would dominate the reading.
        const auto where = [&] {
            return QStringLiteral("%1 matrix, row %2, column %3")
                .arg(flow ? QStringLiteral("flow") : QStringLiteral("distance"))
                .arg(cell / static_cast<std::size_t>(size) + 1)
                .arg(cell % static_cast<std::size_t>(size) + 1);
        };
        if (!words.next())
            fail(fileName, words,
                 QStringLiteral("unexpected end of file: expected the %1 (%2 of %3 numbers read)")
                     .arg(where())
                     .arg(read)
                     .arg(2 * cells));
        double value = 0.0;
        if (!parseNumber(words.begin(), words.end(), value))
            fail(fileName, words,
                 QStringLiteral("expected a number for the %1 (%2)").arg(where(), words.shown()));
        if (std::fabs(value) > largestEntry)
            fail(fileName, words,
                 QStringLiteral("number too large for the %1: at most 1e12 in size (%2)")
                     .arg(where(), words.shown()));
        (flow ? problem.flow : problem.distance).push_back(value);
    }
    if (words.next())
        fail(fileName, words,
             QStringLiteral("expected the end of the file after the %1 x %1 distance matrix (%2)")
                 .arg(size)
                 .arg(words.shown()));
    return problem;
}

QapProblem readQapFile(const QString& path) {
    return readQapProblem(data::InputFile::readSmall(path, largestFileBytes), path);
}

}  // namespace mb::layout
