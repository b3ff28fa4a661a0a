#pragma once

#include <QIODevice>
#include <QString>
#include <memory>

namespace mb::data {

// An input file opened for streaming: plain, or gzip-compressed (exports often arrive as .gz),
// decompressed on the fly so memory stays flat.
class InputFile {
public:
    // Returns null and sets error when the file cannot be read.
    static std::unique_ptr<InputFile> open(const QString& path, QString* error);
    virtual ~InputFile() = default;

    virtual QIODevice* device() = 0;
    qint64 size() const { return size_; }  // bytes on disk
    virtual qint64 position() const = 0;   // bytes of the file on disk consumed so far
    virtual bool compressed() const = 0;

protected:
    qint64 size_ = 0;
};

}  // namespace mb::data
