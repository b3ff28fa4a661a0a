#include "data/demo/CsvSink.h"

#include "common/Error.h"

#include <QDir>
#include <charconv>
#include <cmath>

namespace mb::data::demo {

namespace {

constexpr std::size_t kFlushSize = 1 << 20;

void appendInteger(std::string& out, long long value) {
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, result.ptr);
}

void appendFixed(std::string& out, double value, int decimals) {
    long long scale = 1;
    for (int i = 0; i < decimals; ++i) {
        scale *= 10;
    }
    const long long scaled = std::llround(value * static_cast<double>(scale));
    const long long magnitude = scaled < 0 ? -scaled : scaled;
    if (scaled < 0)
        out.push_back('-');
    appendInteger(out, magnitude / scale);
    if (decimals == 0)
        return;
    out.push_back('.');
    const std::string fraction = std::to_string(magnitude % scale);
    out.append(static_cast<std::size_t>(decimals) - fraction.size(), '0');
    out.append(fraction);
}

}  // namespace

std::string formatFixed(double value, int decimals) {
    std::string out;
    appendFixed(out, value, decimals);
    return out;
}

CsvSink::CsvSink(const QString& path) : file_(path) {
    if (!file_.open(QIODevice::WriteOnly)) {
        throw Error(QStringLiteral("%1: cannot write: %2")
                        .arg(QDir::toNativeSeparators(path), file_.errorString()));
    }
    buffer_.reserve(kFlushSize + 4096);
}

CsvSink::~CsvSink() {
    // A sink destroyed without commit() (an exception, a cancel) leaves no file behind.
    if (file_.isOpen())
        file_.cancelWriting();
}

void CsvSink::separate() {
    if (!atRowStart_)
        buffer_.push_back(',');
    atRowStart_ = false;
}

CsvSink& CsvSink::text(std::string_view value) {
    separate();
    buffer_.append(value);
    return *this;
}

CsvSink& CsvSink::integer(long long value) {
    separate();
    appendInteger(buffer_, value);
    return *this;
}

CsvSink& CsvSink::fixed(double value, int decimals) {
    separate();
    appendFixed(buffer_, value, decimals);
    return *this;
}

CsvSink& CsvSink::empty() {
    separate();
    return *this;
}

void CsvSink::endRow() {
    buffer_.push_back('\n');
    atRowStart_ = true;
    ++rows_;
    if (buffer_.size() >= kFlushSize)
        flushBuffer();
}

void CsvSink::flushBuffer() {
    if (buffer_.empty())
        return;
    const auto size = static_cast<qint64>(buffer_.size());
    if (file_.write(buffer_.data(), size) != size) {
        throw Error(QStringLiteral("%1: write failed: %2")
                        .arg(QDir::toNativeSeparators(file_.fileName()), file_.errorString()));
    }
    buffer_.clear();
}

void CsvSink::commit() {
    flushBuffer();
    if (!file_.flush() || !file_.commit()) {  // commit() alone drops the last write's error
        throw Error(QStringLiteral("%1: cannot save: %2")
                        .arg(QDir::toNativeSeparators(file_.fileName()), file_.errorString()));
    }
}

}  // namespace mb::data::demo
