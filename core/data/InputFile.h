#pragma once

#include <QIODevice>
#include <QString>
#include <memory>

namespace mb::data {

// An input file opened for streaming: plain, or gzip-compressed (exports often arrive as .gz),
// decompressed on the fly so memory stays flat. UTF-16 text (Excel's "Unicode text") is turned
// into UTF-8 on the fly, so every reader sees UTF-8.
class InputFile {
public:
    // Returns null and sets error when the file cannot be read.
    static std::unique_ptr<InputFile> open(const QString& path, QString* error);
    // Why path cannot be read as an input file ("is a directory", "is not a regular file", ...),
    // or "" when it can. Checked before opening: opening a FIFO would wait for a writer.
    static QString problem(const QString& path);
    // The whole of a small file read at once (a JSON instance, planning rules, a floor plan, a
    // QAP instance). Throws Error naming path when problem() refuses it or it is larger than
    // maxBytes: a FIFO would hang and a device such as /dev/zero would fill memory.
    static QByteArray readSmall(const QString& path, qint64 maxBytes);
    virtual ~InputFile();

    QIODevice* device();
    qint64 size() const { return size_; }  // bytes on disk
    virtual qint64 position() const = 0;   // bytes of the file on disk consumed so far
    virtual bool compressed() const = 0;
    // Why a read failed (a compressed file that ends early or is damaged), or "": what was read
    // is not the whole file, so nothing of it may be kept.
    virtual QString damage() const = 0;
    // What to say about a CSV error met in this file: in a compressed file it may be the garbled
    // text of damage, so the file is read on to its checksum and the damage, if any, named.
    QString explainCsvError(const QString& csvMessage);
    // "UTF-16LE" or "UTF-16BE" when the file was such text and is read as UTF-8; else "".
    const QString& transcodedFrom() const { return transcodedFrom_; }

protected:
    virtual QIODevice* rawDevice() = 0;
    qint64 size_ = 0;

private:
    void detectUtf16();
    std::unique_ptr<QIODevice> utf8_;
    QString transcodedFrom_;
};

}  // namespace mb::data
