#pragma once

#include "common/Progress.h"
#include "data/CsvReader.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <map>
#include <vector>

namespace mb::data {

class InputFile;
class Project;
struct KindSpec;

enum class FileFormat { Csv, BasketPerLine };
enum class OnError { Reject, Skip };

struct ImportOptions {
    QString kind;
    FileFormat format = FileFormat::Csv;
    char delimiter = 0;                          // 0 = detect
    QString encoding = QStringLiteral("UTF-8");  // or "ISO-8859-1" / "windows-1252"
    QString dateFormat;                          // "", "auto", "iso", "dmy", "mdy"
    bool decimalComma = false;
    char thousandsSeparator = 0;
    OnError onError = OnError::Reject;
    QString errorReportPath;               // skip mode: where rejected rows are listed (CSV)
    std::map<QString, QString> mapping;    // file column (as in the header) -> field; "" = ignore
    std::map<QString, QString> constants;  // field -> value for every row (a file from one store)
    bool createMissing = false;            // unknown products/stores/zones are created
    QString campaign;            // campaign kind: the campaign's name (default: file stem)
    QString controlArm;          // campaign kind: the arm value meaning "no offer"
    QStringList outcomes;        // campaign kind: outcome columns
    int maxListedErrors = 1000;  // more are counted, not listed
    bool snapshot = false;  // customers kind: the file is the full list; the absent lose consent
};

// Where skip mode lists rejected rows when ImportOptions::errorReportPath is empty.
QString defaultErrorReportPath(const QString& importPath);

// One problem in an input file, located as an editor shows it.
struct ImportIssue {
    qint64 line = 0;
    int column = 0;  // 1-based character column where the field starts; 0 = whole row/file
    QString field;   // the column's header name, if known
    QString message;
    QString value;
    QString format(const QString& fileName) const;  // file:line:column: message (value)
};

struct ImportReport {
    QString file;
    QString kind;
    qint64 rowsRead = 0;
    qint64 rowsImported = 0;  // written (inserted or updated)
    qint64 rowsRejected = 0;
    qint64 errorCount = 0;  // may exceed errors.size()
    std::vector<ImportIssue> errors;
    QStringList warnings;
    QStringList unmappedColumns;
    std::map<QString, QString> mapping;  // column -> field actually used
    QString replacedImport;              // set when the same file had been imported before
    qint64 importId = 0;
    bool committed = false;
    bool cancelled = false;
    // Why the project could not take the import (a full disk, a read-only project), when that
    // and not the file stopped it; the import was rolled back whole.
    QString failure;
    char delimiter = ',';
    QJsonObject toJson() const;
};

// What the wizard shows before importing: the detected dialect, the header, the first rows and
// the mapping the importer would use.
struct ImportPreview {
    char delimiter = ',';
    QStringList header;
    std::vector<QStringList> rows;
    std::map<QString, QString> mapping;  // column -> field ("" when unmapped)
    QStringList missingRequired;
    QString error;
};

class Importer {
public:
    explicit Importer(Project& project);

    // Reads, validates and writes the file in one transaction. With OnError::Reject any error
    // rolls the whole file back; a cancel always does. Never throws on bad input.
    ImportReport run(const QString& path, const ImportOptions& options,
                     ProgressToken* progress = nullptr);

    // The same, reading `source` (a database's rows as CSV text) instead of a file; the project
    // records `sourceName` as where the rows came from.
    ImportReport run(InputFile& source, const QString& sourceName, const ImportOptions& options,
                     ProgressToken* progress = nullptr);

    static ImportPreview preview(const QString& path, const ImportOptions& options, int rows = 20);
    // The mapping the importer suggests for a header: aliases, then explicit overrides.
    static std::map<QString, QString> suggestMapping(const KindSpec& kind,
                                                     const QStringList& header,
                                                     const std::map<QString, QString>& overrides);

private:
    Project& project_;
};

}  // namespace mb::data
