#include "data/InputFile.h"

#include "common/Error.h"

#include <zlib.h>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

namespace mb::data {

namespace {

class PlainFile final : public InputFile {
public:
    explicit PlainFile(const QString& path) : file_(path) {}
    bool open(QString* error) {
        if (!file_.open(QIODevice::ReadOnly)) {
            *error = file_.errorString();
            return false;
        }
        size_ = file_.size();
        return true;
    }
    qint64 position() const override { return file_.pos(); }
    bool compressed() const override { return false; }
    QString damage() const override { return {}; }

protected:
    QIODevice* rawDevice() override { return &file_; }

private:
    QFile file_;
};

// Sequential device over zlib's gzip reader.
class GzipDevice final : public QIODevice {
public:
    ~GzipDevice() override { close(); }
    bool openFile(const QString& path, QString* error) {
        file_ = gzopen(path.toUtf8().constData(), "rb");
        if (!file_) {
            *error = QStringLiteral("cannot open the compressed file");
            return false;
        }
        gzbuffer(file_, 1 << 18);
        return QIODevice::open(QIODevice::ReadOnly);
    }
    bool isSequential() const override { return true; }
    void close() override {
        if (file_)
            gzclose(file_);
        file_ = nullptr;
        QIODevice::close();
    }
    qint64 compressedPosition() const { return file_ ? gzoffset(file_) : 0; }
    bool failed() const { return failed_; }

protected:
    qint64 readData(char* data, qint64 maxSize) override {
        if (!file_ || failed_)
            return -1;
        const int chunk = static_cast<int>(std::min<qint64>(maxSize, 1 << 30));
        const int read = gzread(file_, data, static_cast<unsigned>(chunk));
        int code = Z_OK;
        const char* reason = gzerror(file_, &code);
        if (read < 0) {
            failed_ = true;
            setErrorString(QStringLiteral("the compressed file is damaged (%1)")
                               .arg(QString::fromUtf8(reason)));
            return -1;
        }
        // zlib hands out what it could inflate and flags a stream without its end and checksum
        // only as Z_BUF_ERROR at the end: without this check a cut file reads as a short one.
        if (read == 0 && code == Z_BUF_ERROR) {
            failed_ = true;
            setErrorString(
                QStringLiteral("the compressed file ends early (it was cut short: "
                               "its end and checksum are missing)"));
            return -1;
        }
        return read;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    gzFile file_ = nullptr;
    bool failed_ = false;
};

class CompressedFile final : public InputFile {
public:
    bool open(const QString& path, QString* error) {
        size_ = QFile(path).size();
        return device_.openFile(path, error);
    }
    qint64 position() const override { return device_.compressedPosition(); }
    bool compressed() const override { return true; }
    QString damage() const override { return device_.failed() ? device_.errorString() : QString(); }

protected:
    QIODevice* rawDevice() override { return &device_; }

private:
    GzipDevice device_;
};

// UTF-16 text handed out as UTF-8, decoded chunk by chunk (a character split between two chunks
// is kept by the stateful decoder).
class Utf16ToUtf8 final : public QIODevice {
public:
    Utf16ToUtf8(QIODevice* source, QStringConverter::Encoding encoding)
        : source_(source), decoder_(encoding) {
        QIODevice::open(QIODevice::ReadOnly);
    }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char* data, qint64 maxSize) override {
        while (offset_ == pending_.size()) {
            QByteArray raw(1 << 16, Qt::Uninitialized);
            const qint64 n = source_->read(raw.data(), raw.size());
            if (n < 0) {
                setErrorString(source_->errorString());
                return -1;
            }
            if (n == 0)
                return 0;
            raw.truncate(n);
            pending_ = QString(decoder_(raw)).toUtf8();
            offset_ = 0;
        }
        const qint64 count = std::min<qint64>(maxSize, pending_.size() - offset_);
        std::copy_n(pending_.constData() + offset_, count, data);
        offset_ += count;
        return count;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QIODevice* source_;
    QStringDecoder decoder_;
    QByteArray pending_;
    qsizetype offset_ = 0;
};

bool looksGzipped(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray magic = file.read(2);
    return magic.size() == 2 && static_cast<unsigned char>(magic[0]) == 0x1f &&
           static_cast<unsigned char>(magic[1]) == 0x8b;
}

}  // namespace

InputFile::~InputFile() = default;

QIODevice* InputFile::device() {
    return utf8_ ? utf8_.get() : rawDevice();
}

QString InputFile::explainCsvError(const QString& csvMessage) {
    if (compressed() && damage().isEmpty()) {
        QByteArray chunk(1 << 16, Qt::Uninitialized);
        while (rawDevice()->read(chunk.data(), chunk.size()) > 0) {
        }
    }
    const QString reason = damage();
    if (reason.isEmpty() || csvMessage.contains(reason))
        return csvMessage;
    return reason + QStringLiteral(" (the text here is garbled: ") + csvMessage + QLatin1Char(')');
}

void InputFile::detectUtf16() {
    const QByteArray head = rawDevice()->peek(4096);
    QStringConverter::Encoding encoding = QStringConverter::Utf8;
    if (head.startsWith("\xFF\xFE")) {
        encoding = QStringConverter::Utf16LE;
    } else if (head.startsWith("\xFE\xFF")) {
        encoding = QStringConverter::Utf16BE;
    } else {
        // Without a byte-order mark, text of Latin letters and digits in UTF-16 has a zero byte
        // in every pair, on one side; CSV text in any 8-bit encoding has none.
        qsizetype zeroEven = 0, zeroOdd = 0;
        const qsizetype pairs = head.size() / 2;
        for (qsizetype i = 0; i + 1 < head.size(); i += 2) {
            zeroEven += head[i] == '\0';
            zeroOdd += head[i + 1] == '\0';
        }
        if (pairs >= 2 && zeroOdd * 2 > pairs && zeroEven == 0)
            encoding = QStringConverter::Utf16LE;
        else if (pairs >= 2 && zeroEven * 2 > pairs && zeroOdd == 0)
            encoding = QStringConverter::Utf16BE;
    }
    if (encoding == QStringConverter::Utf8)
        return;
    transcodedFrom_ = encoding == QStringConverter::Utf16LE ? QStringLiteral("UTF-16LE")
                                                            : QStringLiteral("UTF-16BE");
    utf8_ = std::make_unique<Utf16ToUtf8>(rawDevice(), encoding);
}

QString InputFile::problem(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists())
        return QStringLiteral("no such file");
    if (info.isDir())
        return QStringLiteral("is a directory, not a file");
    if (!info.isFile()) {
        return QStringLiteral(
            "is not a regular file (a pipe, socket or device); save the data "
            "to a file and give that");
    }
    if (!info.isReadable())
        return QStringLiteral("cannot be read (permission denied)");
    return {};
}

QByteArray InputFile::readSmall(const QString& path, qint64 maxBytes) {
    if (const QString reason = problem(path); !reason.isEmpty())
        throw Error(QStringLiteral("%1: %2").arg(path, reason));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
    if (file.size() > maxBytes)
        throw Error(QStringLiteral("%1: the file is too large (%2 bytes; at most %3 are read)")
                        .arg(path)
                        .arg(file.size())
                        .arg(maxBytes));
    // One byte more than allowed tells a file that grew while read from one that fits.
    QByteArray text = file.read(maxBytes + 1);
    if (file.error() != QFileDevice::NoError)
        throw Error(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
    if (text.size() > maxBytes)
        throw Error(QStringLiteral("%1: the file is too large (at most %2 bytes are read)")
                        .arg(path)
                        .arg(maxBytes));
    return text;
}

std::unique_ptr<InputFile> InputFile::open(const QString& path, QString* error) {
    if (const QString reason = problem(path); !reason.isEmpty()) {
        *error = reason;
        return nullptr;
    }
    std::unique_ptr<InputFile> input;
    if (looksGzipped(path)) {
        auto file = std::make_unique<CompressedFile>();
        if (!file->open(path, error))
            return nullptr;
        input = std::move(file);
    } else {
        auto file = std::make_unique<PlainFile>(path);
        if (!file->open(error))
            return nullptr;
        input = std::move(file);
    }
    input->detectUtf16();
    return input;
}

}  // namespace mb::data
