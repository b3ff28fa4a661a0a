#pragma once

#include "data/InputFile.h"

#include <QIODevice>
#include <cstdint>
#include <vector>

namespace mb::pg {

class PgConnection;

// The rows of `COPY (...) TO STDOUT (FORMAT csv, HEADER)` as an input file: the importer reads it
// as it reads a CSV file, so every row passes the same validation. Rows are pulled from the
// server as the reader asks for them, one at a time, so memory does not grow with the table.
// A server error met part way (a failing cast in the query, a lost connection) makes the read
// fail with damage() set: what arrived is not the whole answer, so the importer keeps none of it.
class PgCopySource final : public data::InputFile {
public:
    // Starts the COPY of `select` (a query without its trailing semicolon). Throws Error when the
    // server refuses it (no such table, a syntax error, no permission).
    PgCopySource(PgConnection& connection, const QString& select);
    ~PgCopySource() override;

    qint64 position() const override { return device_.bytesRead(); }
    bool compressed() const override { return false; }
    QString damage() const override { return device_.failure(); }
    // The source row (1 = the first data row) of a CSV line the reader reported; a row whose
    // values hold line breaks spans several lines.
    std::int64_t rowOfLine(std::int64_t line) const { return device_.rowOfLine(line); }

protected:
    QIODevice* rawDevice() override { return &device_; }

private:
    class CopyDevice final : public QIODevice {
    public:
        explicit CopyDevice(PgConnection& connection) : connection_(connection) {}
        ~CopyDevice() override;
        CopyDevice(const CopyDevice&) = delete;
        CopyDevice& operator=(const CopyDevice&) = delete;
        bool isSequential() const override { return true; }
        qint64 bytesRead() const { return bytesRead_; }
        const QString& failure() const { return failure_; }
        std::int64_t rowOfLine(std::int64_t line) const;

    protected:
        qint64 readData(char* data, qint64 maxSize) override;
        qint64 writeData(const char*, qint64) override { return -1; }

    private:
        bool fetchRow();
        void noteLines(const char* row, int size);

        // A message of more than one line: its lines [firstLine, firstLine + lines) are `message`.
        struct Span {
            std::int64_t firstLine;
            std::int64_t message;
            std::int64_t lines;
        };
        PgConnection& connection_;
        char* row_ = nullptr;  // libpq's buffer for the current row
        int rowSize_ = 0;
        int offset_ = 0;
        bool finished_ = false;
        qint64 bytesRead_ = 0;
        QString failure_;
        std::int64_t nextLine_ = 1;  // the line the next message starts on
        std::int64_t messages_ = 0;  // messages so far; the header is message 0
        std::vector<Span> spans_;    // only the rows with line breaks in their values
    };
    CopyDevice device_;
};

}  // namespace mb::pg
