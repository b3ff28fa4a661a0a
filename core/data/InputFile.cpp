#include "data/InputFile.h"

#include <zlib.h>
#include <QFile>

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
    QIODevice* device() override { return &file_; }
    qint64 position() const override { return file_.pos(); }
    bool compressed() const override { return false; }

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

protected:
    qint64 readData(char* data, qint64 maxSize) override {
        if (!file_)
            return -1;
        const int chunk = static_cast<int>(std::min<qint64>(maxSize, 1 << 30));
        const int read = gzread(file_, data, static_cast<unsigned>(chunk));
        if (read < 0) {
            int code = 0;
            setErrorString(QString::fromUtf8(gzerror(file_, &code)));
            return -1;
        }
        return read;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    gzFile file_ = nullptr;
};

class CompressedFile final : public InputFile {
public:
    bool open(const QString& path, QString* error) {
        size_ = QFile(path).size();
        return device_.openFile(path, error);
    }
    QIODevice* device() override { return &device_; }
    qint64 position() const override { return device_.compressedPosition(); }
    bool compressed() const override { return true; }

private:
    GzipDevice device_;
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

std::unique_ptr<InputFile> InputFile::open(const QString& path, QString* error) {
    if (looksGzipped(path)) {
        auto file = std::make_unique<CompressedFile>();
        if (!file->open(path, error))
            return nullptr;
        return file;
    }
    auto file = std::make_unique<PlainFile>(path);
    if (!file->open(error))
        return nullptr;
    return file;
}

}  // namespace mb::data
