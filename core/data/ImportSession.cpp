#include "data/ImportSession.h"
#include "data/RecordPipeline.h"

#include "common/Error.h"
#include "data/ConsentStatements.h"
#include "data/CustomerErasure.h"
#include "data/InputFile.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "export/CsvExport.h"
#include "export/OutputPaths.h"

#include <sqlite3.h>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSaveFile>
#include <cmath>

namespace mb::data {

namespace {

// Thrown after the reason was added to the report: rolls the import back without repeating it.
struct RejectFile {};

constexpr std::size_t kDateSampleRows = 2000;
constexpr std::int64_t kProgressEvery = 8192;

QString quoted(const QString& text) {
    return QLatin1Char('\'') + text + QLatin1Char('\'');
}

QString shortValue(QString text) {
    if (text.size() > 80)
        text = text.left(77) + QStringLiteral("...");
    return text;
}

// Writes an ISO date (10 bytes) or date-time (19 bytes) into out without allocating.
void appendDigits(std::string& out, int value, int width) {
    char buffer[8];
    for (int i = width - 1; i >= 0; --i) {
        buffer[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    out.append(buffer, static_cast<std::size_t>(width));
}

void appendIsoDate(std::string& out, std::int32_t days) {
    int year = 0, month = 0, day = 0;
    civilFromDays(days, year, month, day);
    if (year < 0 || year > 9999)
        year = 0;  // out of ISO's four digits; parsing never yields it
    appendDigits(out, year, 4);
    out.push_back('-');
    appendDigits(out, month, 2);
    out.push_back('-');
    appendDigits(out, day, 2);
}

void appendIsoTime(std::string& out, std::int32_t seconds) {
    out.push_back('T');
    appendDigits(out, seconds / 3600, 2);
    out.push_back(':');
    appendDigits(out, (seconds / 60) % 60, 2);
    out.push_back(':');
    appendDigits(out, seconds % 60, 2);
}

void appendJsonString(std::string& out, std::string_view text) {
    out.push_back('"');
    for (const char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buffer[8];
                    std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
                    out += buffer;
                } else {
                    out.push_back(c);
                }
        }
    }
    out.push_back('"');
}

bool isValidUtf8(std::string_view text) {
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        std::uint32_t codePoint = 0;
        if ((c & 0xE0) == 0xC0) {
            extra = 1;
            codePoint = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            codePoint = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            codePoint = c & 0x07;
        } else {
            return false;
        }
        for (int k = 1; k <= extra; ++k) {
            if (i + static_cast<std::size_t>(k) >= n)
                return false;
            const auto next = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
            if ((next & 0xC0) != 0x80)
                return false;
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
        const std::uint32_t smallest[] = {0, 0x80, 0x800, 0x10000};
        if (codePoint < smallest[extra] || codePoint > 0x10FFFF ||
            (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
            return false;
        }
        i += static_cast<std::size_t>(extra) + 1;
    }
    return true;
}

DateOrder orderFromOption(const QString& option) {
    const QString text = option.trimmed().toLower();
    if (text == QStringLiteral("iso") || text == QStringLiteral("ymd"))
        return DateOrder::Iso;
    if (text == QStringLiteral("dmy") || text == QStringLiteral("d/m/y")) {
        return DateOrder::DayMonthYear;
    }
    if (text == QStringLiteral("mdy") || text == QStringLiteral("m/d/y")) {
        return DateOrder::MonthDayYear;
    }
    return DateOrder::Auto;
}

bool isDateType(FieldType type) {
    return type == FieldType::Date || type == FieldType::Week || type == FieldType::DateTime;
}

// 10000000 as "10,000,000": bounds are read by people, not parsed.
QString boundText(double bound) {
    const QLocale english(QLocale::English);
    return std::floor(bound) == bound ? english.toString(bound, 'f', 0)
                                      : english.toString(bound, 'g', 6);
}

// The side of the field's range the value is on, with the bound it broke.
QString rangeText(const FieldSpec& field, double value) {
    if (value < field.minimum)
        return QStringLiteral("at least %1").arg(boundText(field.minimum));
    return QStringLiteral("at most %1 (a larger value is taken for an export or unit error)")
        .arg(boundText(field.maximum));
}

}  // namespace

bool isLatin1(const QString& encoding) {
    const QString text = encoding.trimmed().toLower();
    return text == QStringLiteral("iso-8859-1") || text == QStringLiteral("latin1") ||
           text == QStringLiteral("latin-1") || text == QStringLiteral("iso8859-1");
}

ImportSession::ImportSession(Project& project, const QString& path, const ImportOptions& options,
                             ProgressToken* progress)
    : project_(project),
      path_(path),
      fileName_(QFileInfo(path).fileName()),
      options_(options),
      progress_(progress) {
    report_.file = path;
    report_.kind = options.kind;
    latin1_ = isLatin1(options.encoding);
    numberFormat_.decimalComma = options.decimalComma;
    numberFormat_.thousandsSeparator = options.thousandsSeparator;
}

ImportSession::ImportSession(Project& project, InputFile& source, const QString& sourceName,
                             const ImportOptions& options, ProgressToken* progress)
    : ImportSession(project, sourceName, options, progress) {
    fileName_ = sourceName;
    source_ = &source;
}

ImportSession::~ImportSession() = default;

void ImportSession::addIssue(std::int64_t line, int column, const QString& field,
                             const QString& message, const QString& value) {
    ++report_.errorCount;
    rowFailed_ = true;
    ImportIssue issue{line, column, field, message, value};
    // Skip mode streams every issue to the report as it is found, so the report is complete
    // however many rows are rejected while memory holds only the first ones.
    if (options_.onError == OnError::Skip)
        addToErrorReport(issue);
    if (static_cast<int>(report_.errors.size()) < options_.maxListedErrors)
        report_.errors.push_back(std::move(issue));
}

void ImportSession::addFileIssue(const QString& message) {
    addIssue(0, 0, QString(), message, QString());
}

QString ImportSession::textOf(std::string_view bytes) const {
    const auto size = static_cast<qsizetype>(bytes.size());
    return latin1_ ? QString::fromLatin1(bytes.data(), size)
                   : QString::fromUtf8(bytes.data(), size);
}

bool ImportSession::validText(std::string_view bytes) const {
    return latin1_ || isValidUtf8(bytes);
}

ImportReport ImportSession::run() {
    kind_ = findKind(options_.kind);
    if (!kind_) {
        QStringList names;
        for (const KindSpec& kind : allKinds())
            names.append(kind.name);
        addFileIssue(QStringLiteral("unknown kind %1; kinds are: %2")
                         .arg(quoted(options_.kind), names.join(QStringLiteral(", "))));
        return report_;
    }
    report_.kind = kind_->name;
    if (options_.snapshot && kind_->name != QStringLiteral("customers")) {
        addFileIssue(QStringLiteral("--snapshot is only for the customers kind"));
        return report_;
    }
    const QString encoding = options_.encoding.trimmed().toLower().remove(u'-');
    // UTF-16 is recognised from the file itself (InputFile); saying so is allowed.
    const bool utf16 = encoding.startsWith(QStringLiteral("utf16"));
    if (!options_.encoding.isEmpty() && !latin1_ && !utf16 && encoding != QStringLiteral("utf8")) {
        addFileIssue(QStringLiteral("unsupported encoding %1; use UTF-8, UTF-16 or ISO-8859-1")
                         .arg(quoted(options_.encoding)));
        return report_;
    }
    if (project_.isReadOnly()) {
        report_.failure = QStringLiteral(
                              "the project %1 is read-only (%2): nothing can be "
                              "written to it")
                              .arg(project_.path(), project_.readOnlyReason());
        addFileIssue(report_.failure);
        return report_;
    }
    if (options_.onError == OnError::Skip && !input_ && source_) {
        addFileIssue(
            QStringLiteral("--on-error skip is for files; a database source is imported "
                           "whole or not at all"));
        return report_;
    }
    if (options_.onError == OnError::Skip) {
        // The wizard and every other caller get the check the CLI makes before it starts.
        exporting::CommandFiles files;
        files.addProject(project_.path());
        files.addInput(QStringLiteral("the import file"), path_);
        files.addOutput(QStringLiteral("the error report"), options_.errorReportPath.isEmpty()
                                                                ? defaultErrorReportPath(path_)
                                                                : options_.errorReportPath);
        if (const auto clash = files.firstClash()) {
            // Not through addIssue: skip mode would stream it into the very report refused.
            ++report_.errorCount;
            report_.errors.push_back(ImportIssue{0, 0, QString(), clash->message(), QString()});
            return report_;
        }
    }
    if (!source_) {
        QString openError;
        input_ = InputFile::open(path_, &openError);
        if (!input_) {
            addFileIssue(QStringLiteral("cannot read the file: %1").arg(openError));
            return report_;
        }
        source_ = input_.get();
    }
    fileBytes_ = source_->size();
    if (utf16 && source_->transcodedFrom().isEmpty()) {
        addFileIssue(QStringLiteral("--encoding %1: the file does not look like UTF-16 text (no "
                                    "byte-order mark); save it as UTF-8")
                         .arg(options_.encoding));
        return report_;
    }
    if (!source_->transcodedFrom().isEmpty()) {
        latin1_ = false;  // the text arrives as UTF-8, whatever --encoding said
        report_.warnings.append(QStringLiteral("the file is %1 text; it was read as such")
                                    .arg(source_->transcodedFrom()));
    }
    CsvReader reader(source_->device(), CsvDialect{options_.delimiter, '"', latin1_});
    reader.setRawDataObserver([this](const char* data, std::int64_t size) {
        fingerprint_.addData(QByteArrayView(data, static_cast<qsizetype>(size)));
    });
    report_.delimiter = reader.delimiter();

    CsvRecord record;
    QStringList header;
    if (options_.format == FileFormat::Csv) {
        if (!reader.next(record)) {
            if (const CsvSyntaxError* error = reader.error()) {
                addIssue(error->position.line, error->position.column, QString(), error->message,
                         QString());
            } else {
                addFileIssue(QStringLiteral("the file is empty (no header line)"));
            }
            return report_;
        }
        for (const std::string& field : record.fields)
            header.append(textOf(field).trimmed());
        headerWidth_ = record.fields.size();
    } else {
        if (kind_->name != QStringLiteral("baskets")) {
            addFileIssue(QStringLiteral("--format lines is only for the baskets kind"));
            return report_;
        }
        header = {QStringLiteral("item")};
    }
    if (!prepareColumns(header))
        return report_;

    // Read a sample first so date columns can be told apart (d/m/Y or m/d/Y) before any row is
    // written; the sample is then processed like every other row.
    std::vector<CsvRecord> sample;
    while (sample.size() < kDateSampleRows && reader.next(record))
        sample.push_back(record);
    detectDateOrders(sample);

    // References are checked here, row by row, with a clear message; SQLite's own foreign-key
    // checks would only repeat them (twice per sales row), so they are paused for the import.
    exec(project_.db(), "PRAGMA foreign_keys = OFF");
    struct RestoreForeignKeys {
        sqlite3* db;
        ~RestoreForeignKeys() {
            sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
        }
    } restoreForeignKeys{project_.db()};
    bool failed = false;  // the project or the disk failed: no error report is written
    try {
        Transaction transaction(project_.db());
        {
            Statement insertImport(project_.db(),
                                   "INSERT INTO imports(kind, file_name, file_sha256, options, "
                                   "imported_at, program_version) VALUES(?1, ?2, '', ?3, ?4, ?5)");
            insertImport.bind(1, kind_->name);
            insertImport.bind(2, input_ ? QFileInfo(path_).absoluteFilePath() : path_);
            QJsonObject optionsJson{
                {QStringLiteral("delimiter"), QString(QLatin1Char(report_.delimiter))},
                {QStringLiteral("encoding"), options_.encoding},
                {QStringLiteral("date_format"), options_.dateFormat},
                {QStringLiteral("decimal_comma"), options_.decimalComma},
                {QStringLiteral("on_error"), options_.onError == OnError::Skip
                                                 ? QStringLiteral("skip")
                                                 : QStringLiteral("reject")}};
            insertImport.bind(
                3, QString::fromUtf8(QJsonDocument(optionsJson).toJson(QJsonDocument::Compact)));
            insertImport.bind(4, QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
            insertImport.bind(5, QStringLiteral(MERCHBENCH_VERSION));
            insertImport.step();
            importId_ = sqlite3_last_insert_rowid(project_.db());
            report_.importId = importId_;
        }
        loadReferences();
        if (kind_->keepsOtherColumns) {
            campaignUtf8_ = campaignName().toStdString();
            registerCampaign();  // the rows reference their campaign
        }
        prepareStatements();

        auto handle = [&](const CsvRecord& current, const ImportRow* converted) {
            ++report_.rowsRead;
            rowFailed_ = false;
            if (options_.format == FileFormat::BasketPerLine) {
                processBasketLine(current);
            } else {
                processRecord(current, converted);
            }
            if (rowFailed_)
                ++report_.rowsRejected;
        };
        for (const CsvRecord& current : sample) {
            handle(current, nullptr);
            if ((report_.rowsRead % kProgressEvery) == 0)
                reportProgress();
        }
        sample.clear();
        // The rest of the file is parsed on a second thread while this one validates and writes.
        RecordPipeline::Converter convert;
        if (options_.format == FileFormat::Csv)
            convert = [this](const CsvRecord& current, ImportRow& row) {
                convertRow(current, row);
            };
        RecordPipeline pipeline(reader, convert, [this, &reader] {
            return source_->compressed() ? source_->position() : reader.bytesConsumed();
        });
        pipeline.start();
        while (!report_.cancelled) {
            RecordPipeline::Batch* batch = pipeline.next();
            if (!batch)
                break;
            for (std::size_t i = 0; i < batch->size; ++i)
                handle(batch->records[i], batch->rows.empty() ? nullptr : &batch->rows[i]);
            bytesDone_ = batch->progressMark;
            pipeline.recycle(batch);
            reportProgress();
        }
        pipeline.finish();
        if (report_.cancelled) {
            report_.rowsImported = 0;
            return report_;  // the transaction rolls back
        }
        if (const CsvSyntaxError* error = reader.error()) {
            addIssue(error->position.line, error->position.column, QString(),
                     source_->explainCsvError(error->message) +
                         QStringLiteral("; the rest of the file cannot be read"),
                     QString());
            // Rows of a file that could not be read to its end are not kept, even with
            // --on-error skip: it is not known what the rest would have changed.
            if (!source_->damage().isEmpty())
                throw RejectFile{};
        }
        if (report_.rowsRead == 0)
            report_.warnings.append(QStringLiteral("the file has no data rows"));

        if (report_.errorCount > 0 && options_.onError == OnError::Reject) {
            report_.rowsImported = 0;
            return report_;  // rolled back: a rejected file changes nothing
        }
        report_.rowsImported = report_.rowsRead - report_.rowsRejected;
        if (options_.format == FileFormat::BasketPerLine) {
            // Rows of this format are baskets; what was written is one row per item.
            report_.rowsImported =
                queryInt(project_.db(),
                         QStringLiteral("SELECT count(*) FROM basket_lines WHERE import_id = %1")
                             .arg(importId_)
                             .toStdString());
        }
        if (report_.rowsImported == 0 && report_.errorCount > 0) {
            // Skip mode with every row rejected: an empty import is not a success.
            report_.failure = QStringLiteral(
                "every row was rejected, so nothing was imported; the error report lists why");
            addFileIssue(report_.failure);
            throw RejectFile{};  // rolled back; the error report is still written
        }
        const QString sha = QString::fromLatin1(fingerprint_.result().toHex());
        {
            Statement finish(project_.db(),
                             "UPDATE imports SET file_sha256 = ?1, rows_read = ?2, "
                             "rows_imported = ?3, rows_rejected = ?4 WHERE id = ?5");
            finish.bind(1, sha);
            finish.bind(2, static_cast<std::int64_t>(report_.rowsRead));
            finish.bind(3, static_cast<std::int64_t>(report_.rowsImported));
            finish.bind(4, static_cast<std::int64_t>(report_.rowsRejected));
            finish.bind(5, importId_);
            finish.step();
        }
        replaceEarlierImports();
        if (kind_->name == QStringLiteral("customers"))
            recordConsent();
        warnOfErasedCustomers();
        if (kind_->keepsOtherColumns)
            checkControlArm();
        if (progress_ && progress_->isCancelled()) {
            report_.cancelled = true;
            report_.rowsImported = 0;
            return report_;
        }
        insert_.reset();
        createReference_.reset();
        findDuplicate_.reset();
        // The rejected rows live only in the error report: without it the import would lose
        // them, so a report that cannot be written rolls the import back.
        if (options_.onError == OnError::Skip && report_.errorCount > 0)
            writeErrorReport();
        transaction.commit();
        report_.committed = true;
    } catch (const RejectFile&) {
        report_.rowsImported = 0;  // the reason is already in the report
        report_.committed = false;
        if (options_.onError == OnError::Skip && report_.errorCount > 0) {
            try {
                writeErrorReport();
            } catch (const Error& error) {
                report_.warnings.append(error.message());
            }
        }
    } catch (const Error& error) {
        failed = true;
        // The project or the disk failed (a full disk, a read-only file, an I/O error), not the
        // file: the transaction is rolled back whole, so nothing of this import stays. That is
        // not a rejected row, so the error report is dropped rather than given it.
        if (errorReport_)
            errorReport_->cancelWriting();
        report_.failure = error.message();
        addFileIssue(error.message());
        report_.rowsImported = 0;
        report_.committed = false;
    }
    if (report_.errorCount > static_cast<qint64>(report_.errors.size()))
        report_.warnings.append(
            QStringLiteral("only the first %1 of %2 errors are listed here; %3")
                .arg(report_.errors.size())
                .arg(report_.errorCount)
                .arg(failed ? QStringLiteral("the import failed, so no error report was written")
                     : options_.onError == OnError::Skip
                         ? QStringLiteral("the error report lists every one")
                         : QStringLiteral("--on-error skip lists every one in an error report "
                                          "(and imports the good rows)")));
    if (progress_)
        progress_->report(1.0);
    return report_;
}

bool ImportSession::prepareColumns(const QStringList& header) {
    std::map<QString, QString> overrides = options_.mapping;
    for (const auto& [column, field] : overrides) {
        if (!field.isEmpty() && field != QStringLiteral("ignore") && !kind_->field(field)) {
            QStringList names;
            for (const FieldSpec& spec : kind_->fields)
                names.append(spec.name);
            addFileIssue(QStringLiteral("--map %1=%2: %3 has no field %4; its fields are: %5")
                             .arg(column, field, kind_->name, quoted(field),
                                  names.join(QStringLiteral(", "))));
        }
        bool present = false;
        for (const QString& name : header) {
            present |= name == column || normalizedHeader(name) == normalizedHeader(column);
        }
        if (!present) {
            addFileIssue(
                QStringLiteral("--map %1=%2: the file has no column %3 (its columns: %4)")
                    .arg(column, field, quoted(column), header.join(QStringLiteral(", "))));
        }
    }
    if (options_.format == FileFormat::BasketPerLine && overrides.empty()) {
        overrides[QStringLiteral("item")] = QStringLiteral("product");
    }
    report_.mapping = Importer::suggestMapping(*kind_, header, overrides);

    QMap<QString, QString> fieldToColumn;
    for (int i = 0; i < header.size(); ++i) {
        const QString& field = report_.mapping[header[i]];
        Column column;
        column.fileIndex = i;
        column.header = header[i];
        if (field.isEmpty()) {
            if (kind_->keepsOtherColumns) {
                dataColumns_.push_back(static_cast<int>(columns_.size()));
                columns_.push_back(column);
            } else {
                report_.unmappedColumns.append(header[i]);
            }
            continue;
        }
        if (fieldToColumn.contains(field)) {
            addIssue(1, 0, header[i],
                     QStringLiteral("columns %1 and %2 both map to the field %3")
                         .arg(quoted(fieldToColumn[field]), quoted(header[i]), quoted(field)),
                     QString());
            continue;
        }
        column.field = kind_->field(field);
        if (!column.field)
            continue;  // reported with the --map check above
        fieldToColumn.insert(field, header[i]);
        column.referencedTable = column.field->references.isEmpty()
                                     ? QString()
                                     : findKind(column.field->references)->table;
        columns_.push_back(column);
    }
    for (const auto& [fieldName, value] : options_.constants) {
        const FieldSpec* field = kind_->field(fieldName);
        if (!field) {
            addFileIssue(QStringLiteral("--set %1=%2: %3 has no field %4")
                             .arg(fieldName, value, kind_->name, quoted(fieldName)));
            continue;
        }
        if (fieldToColumn.contains(fieldName)) {
            addFileIssue(QStringLiteral("--set %1: the column %2 already gives that field")
                             .arg(fieldName, quoted(fieldToColumn[fieldName])));
            continue;
        }
        Column column;
        column.header = QStringLiteral("--set ") + fieldName;
        column.field = field;
        column.constant = value.toStdString();
        column.referencedTable =
            field->references.isEmpty() ? QString() : findKind(field->references)->table;
        fieldToColumn.insert(fieldName, column.header);
        columns_.push_back(column);
    }
    for (const FieldSpec& field : kind_->fields) {
        const bool generated =
            options_.format == FileFormat::BasketPerLine && field.name == QStringLiteral("basket");
        if (field.required && !generated && !fieldToColumn.contains(field.name)) {
            addIssue(1, 0, field.name,
                     QStringLiteral("required column %1 not found; map one of the file's columns "
                                    "to it with --map COLUMN=%2 (the file's columns: %3)")
                         .arg(quoted(field.name), field.name, header.join(QStringLiteral(", "))),
                     QString());
        }
    }
    if (!kind_->oneOf.isEmpty()) {
        bool any = false;
        for (const QString& name : kind_->oneOf)
            any |= fieldToColumn.contains(name);
        if (!any) {
            addIssue(1, 0, QString(),
                     QStringLiteral("the file needs a %1 column")
                         .arg(kind_->oneOf.join(QStringLiteral(" or "))),
                     QString());
        }
    }
    if (kind_->keepsOtherColumns) {
        for (const QString& outcome : options_.outcomes) {
            if (!header.contains(outcome)) {
                addFileIssue(
                    QStringLiteral("outcome column %1 is not in the file").arg(quoted(outcome)));
            }
        }
    }
    if (!report_.unmappedColumns.isEmpty()) {
        report_.warnings.append(
            QStringLiteral("columns left out (they map to no field of %1): %2")
                .arg(kind_->name, report_.unmappedColumns.join(QStringLiteral(", "))));
    }
    return report_.errorCount == 0;
}

void ImportSession::detectDateOrders(const std::vector<CsvRecord>& sample) {
    const DateOrder chosen = orderFromOption(options_.dateFormat);
    for (Column& column : columns_) {
        if (!column.field || !isDateType(column.field->type))
            continue;
        if (chosen != DateOrder::Auto) {
            column.dateOrder = chosen;
            continue;
        }
        std::vector<std::string> values;
        values.reserve(sample.size());
        if (column.fileIndex < 0)
            values.push_back(column.constant);
        for (const CsvRecord& record : sample) {
            if (column.fileIndex >= 0 &&
                static_cast<std::size_t>(column.fileIndex) < record.fields.size()) {
                values.push_back(record.fields[static_cast<std::size_t>(column.fileIndex)]);
            }
        }
        column.dateOrder = detectDateOrder(values);
        if (column.dateOrder == DateOrder::Auto)
            warnIfEveryDateReadsBothWays(column, values);
    }
}

// 03/04/2024 is 3 April or 4 March: when no value in the sample has a part above 12 the order is
// a guess, and a wrong guess moves every date silently, so the guess is said with its remedy.
void ImportSession::warnIfEveryDateReadsBothWays(const Column& column,
                                                 const std::vector<std::string>& values) {
    const std::string* example = nullptr;
    for (const std::string& value : values) {
        if (parseDateTime(value, DateOrder::Iso))
            continue;
        const auto dayFirst = parseDateTime(value, DateOrder::DayMonthYear);
        const auto monthFirst = parseDateTime(value, DateOrder::MonthDayYear);
        if (dayFirst.has_value() != monthFirst.has_value())
            return;  // this one reads only one way, so the order is not a guess
        if (dayFirst && !example && dayFirst->days != monthFirst->days)
            example = &value;
    }
    if (!example)
        return;
    const QString text = textOf(trimmed(*example));
    const auto read = parseDateTime(*example, DateOrder::DayMonthYear);
    report_.warnings.append(
        QStringLiteral("column %1: every date in the first %2 rows reads both as day/month/year "
                       "and as month/day/year; read as day/month/year (%3 = %4). If the file "
                       "means month/day/year, import it again with --date-format mdy; "
                       "--date-format dmy confirms the reading")
            .arg(quoted(column.header))
            .arg(values.size())
            .arg(text, formatIsoDate(read->days)));
}

void ImportSession::loadReferences() {
    for (Column& column : columns_) {
        if (column.referencedTable.isEmpty())
            continue;
        auto [it, inserted] = knownKeys_.try_emplace(column.referencedTable);
        column.known = &it->second;
        if (!inserted)
            continue;
        const KindSpec* referenced = findKind(column.field->references);
        Statement select(project_.db(), QStringLiteral("SELECT %1 FROM %2")
                                            .arg(referenced->key.first(), referenced->table)
                                            .toStdString());
        while (select.step())
            it->second.emplace(select.textView(0));
    }
    loadStoreZones();
}

// A layout row or a zone link names a zone of its store's floor plan: the store's own zones or
// the shared ones (store ''). Kept as "store<US>zone" keys.
void ImportSession::loadStoreZones() {
    storeColumn_ = -1;
    bool namesZones = false;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        const Column& column = columns_[i];
        if (!column.field)
            continue;
        if (column.field->name == QStringLiteral("store"))
            storeColumn_ = static_cast<int>(i);
        namesZones |= column.field->references == QStringLiteral("zones");
    }
    storeScopedZones_ = namesZones && kind_->field(QStringLiteral("store"));
    if (!storeScopedZones_)
        return;
    storeZones_.clear();
    Statement select(project_.db(), "SELECT store, zone FROM zones WHERE zone IS NOT NULL");
    while (select.step())
        storeZones_.emplace(storeZoneKey(select.textView(0), select.textView(1)));
}

std::string ImportSession::storeZoneKey(std::string_view store, std::string_view zone) {
    std::string key;
    key.reserve(store.size() + zone.size() + 1);
    key.append(store).push_back('\x1f');
    key.append(zone);
    return key;
}

std::string_view ImportSession::storeOf(const CsvRecord& record) const {
    if (storeColumn_ < 0)
        return std::string_view("");
    const std::string_view store =
        trimmed(rawOf(columns_[static_cast<std::size_t>(storeColumn_)], record));
    return isMissing(store) ? std::string_view("") : store;  // never null: bound as ''
}

bool ImportSession::checkStoreZone(const Column& column, std::string_view zone,
                                   const CsvRecord& record, const TextPosition& position) {
    const std::string_view store = storeOf(record);
    if (storeZones_.contains(storeZoneKey(store, zone)) ||
        storeZones_.contains(storeZoneKey({}, zone)))
        return true;
    if (options_.createMissing) {
        Statement create(project_.db(),
                         "INSERT OR IGNORE INTO zones(zone, store, import_id) VALUES(?1, ?2, ?3)");
        create.bind(1, zone);
        create.bind(2, store);
        create.bind(3, importId_);
        create.step();
        storeZones_.emplace(storeZoneKey(store, zone));
        return true;
    }
    const QString plan = store.empty()
                             ? QStringLiteral("of the shared floor plan (without a store)")
                             : QStringLiteral(
                                   "of store %1's floor plan (its own and the shared "
                                   "ones)")
                                   .arg(textOf(store));
    addIssue(position.line > 0 ? position.line : record.line, position.column, column.header,
             QStringLiteral("unknown %1: not in the project's zones %2 (import its zones first, "
                            "or use --create-missing)")
                 .arg(column.field->name, plan),
             shortValue(textOf(zone)));
    return false;
}

void ImportSession::prepareStatements() {
    QStringList names;
    QStringList placeholders;
    QStringList updates;
    int parameter = 0;
    for (Column& column : columns_) {
        if (!column.field)
            continue;
        column.bindIndex = ++parameter;
        names.append(column.field->name);
        placeholders.append(QStringLiteral("?%1").arg(parameter));
        if (!kind_->key.contains(column.field->name)) {
            updates.append(QStringLiteral("%1 = excluded.%1").arg(column.field->name));
        }
        if (kind_->key.contains(column.field->name)) {
            keyColumns_.push_back(static_cast<int>(&column - columns_.data()));
        }
    }
    if (kind_->keepsOtherColumns) {
        names << QStringLiteral("campaign") << QStringLiteral("data");
        placeholders << QStringLiteral("?%1").arg(parameter + 1)
                     << QStringLiteral("?%1").arg(parameter + 2);
        parameter += 2;
    }
    if (options_.format == FileFormat::BasketPerLine) {
        names << QStringLiteral("basket");
        placeholders << QStringLiteral("?%1").arg(++parameter);
    }
    names << QStringLiteral("import_id") << QStringLiteral("line");
    placeholders << QStringLiteral("?%1").arg(parameter + 1)
                 << QStringLiteral("?%1").arg(parameter + 2);
    QString sql = QStringLiteral("INSERT INTO %1(%2) VALUES(%3)")
                      .arg(kind_->table, names.join(u','), placeholders.join(u','));
    if (!kind_->key.isEmpty()) {
        // Re-importing updates rows in place; a key seen twice in this file leaves the row alone
        // (changes() == 0), which is how in-file duplicates are found without a key index in
        // memory.
        updates << QStringLiteral("import_id = excluded.import_id")
                << QStringLiteral("line = excluded.line");
        sql += QStringLiteral(
                   " ON CONFLICT(%1) DO UPDATE SET %2 WHERE %3.import_id IS NOT excluded.import_id")
                   .arg(kind_->key.join(u','), updates.join(u','), kind_->table);
        QStringList conditions;
        for (int i = 0; i < kind_->key.size(); ++i) {
            // A key field the file lacks is '' (the column's default), as the insert stores it.
            conditions.append(
                QStringLiteral("%1 = COALESCE(?%2, '')").arg(kind_->key[i]).arg(i + 1));
        }
        findDuplicate_ = std::make_unique<Statement>(
            project_.db(), QStringLiteral("SELECT line FROM %1 WHERE %2")
                               .arg(kind_->table, conditions.join(QStringLiteral(" AND ")))
                               .toStdString());
    }
    insert_ = std::make_unique<Statement>(project_.db(), sql.toStdString());
}

bool ImportSession::checkReference(Column& column, std::string_view key,
                                   const TextPosition& position, std::int64_t line) {
    if (!column.known || column.known->find(key) != column.known->end())
        return true;
    if (options_.createMissing) {
        const KindSpec* referenced = findKind(column.field->references);
        Statement create(project_.db(), QStringLiteral("INSERT OR IGNORE INTO %1(%2, import_id) "
                                                       "VALUES(?1, ?2)")
                                            .arg(referenced->table, referenced->key.first())
                                            .toStdString());
        create.bind(1, key);
        create.bind(2, importId_);
        create.step();
        column.known->emplace(key);
        return true;
    }
    const KindSpec* referenced = findKind(column.field->references);
    addIssue(position.line > 0 ? position.line : line, position.column, column.header,
             QStringLiteral("unknown %1: not in the project's %2 (import %2 first, or use "
                            "--create-missing)")
                 .arg(column.field->name, referenced->name),
             shortValue(textOf(key)));
    return false;
}

void ImportSession::convertField(const Column& column, const std::string& raw,
                                 ImportCell& cell) const {
    const FieldSpec& field = *column.field;
    const std::string_view text = trimmed(raw);
    auto fail = [&](const QString& message) {
        cell.type = ImportCell::Type::Invalid;
        cell.problem = message;
    };
    if (isMissing(text)) {
        if (field.required) {
            fail(QStringLiteral("%1 is required but missing").arg(field.name));
        } else {
            cell.type = ImportCell::Type::Null;
        }
        return;
    }
    switch (field.type) {
        case FieldType::Text:
            if (text.find('\0') != std::string_view::npos) {
                // A NUL ends the text in C, SQLite's shell and spreadsheets: ids would
                // silently differ from what the planner sees.
                return fail(QStringLiteral("%1 holds a NUL byte (character 0), which no text "
                                           "may hold; is the file UTF-16 or binary? Save it as "
                                           "UTF-8 text")
                                .arg(field.name));
            }
            if (!validText(text)) {
                return fail(QStringLiteral("%1 is not valid UTF-8 text (is the file ISO-8859-1? "
                                           "use --encoding ISO-8859-1)")
                                .arg(field.name));
            }
            if (latin1_) {
                cell.type = ImportCell::Type::OwnedText;
                cell.owned = textOf(text).toStdString();
            } else {
                cell.type = ImportCell::Type::Text;
                cell.text = text;
            }
            return;
        case FieldType::Number:
        case FieldType::Integer: {
            const std::optional<double> value = parseNumber(text, numberFormat_);
            if (!value || !std::isfinite(*value)) {
                return fail(
                    QStringLiteral("%1 must be a number").arg(field.name) +
                    (numberFormat_.decimalComma ? QStringLiteral(" (decimal comma)") : QString()));
            }
            if (field.type == FieldType::Integer && std::floor(*value) != *value) {
                return fail(QStringLiteral("%1 must be a whole number").arg(field.name));
            }
            if (*value < field.minimum || *value > field.maximum) {
                return fail(
                    QStringLiteral("%1 must be %2").arg(field.name, rangeText(field, *value)));
            }
            if (field.type == FieldType::Integer) {
                cell.type = ImportCell::Type::Integer;
                cell.integer = static_cast<std::int64_t>(*value);
            } else {
                cell.type = ImportCell::Type::Number;
                cell.number = *value;
            }
            return;
        }
        case FieldType::Flag: {
            const std::optional<bool> value = parseFlag(text);
            if (!value) {
                return fail(
                    QStringLiteral("%1 must be a flag: 0/1, true/false or yes/no").arg(field.name));
            }
            cell.type = ImportCell::Type::Integer;
            cell.integer = *value ? 1 : 0;
            return;
        }
        case FieldType::Date:
        case FieldType::Week:
        case FieldType::DateTime: {
            if (!storedDate(column, text, cell.owned)) {
                return fail(QStringLiteral("%1 must be a date (ISO 2024-03-31, d/m/Y or m/d/Y%2)")
                                .arg(field.name, field.type == FieldType::DateTime
                                                     ? QStringLiteral(", with an optional time")
                                                     : QString()));
            }
            // A typo such as 2099 would be the latest statement for ever and outlast every
            // later withdrawal. Local or UTC, whichever is later, is "today" for the user.
            if (field.name == QLatin1String("consent_date")) {
                const QDate today =
                    std::max(QDate::currentDate(), QDateTime::currentDateTimeUtc().date());
                if (QDate::fromString(QString::fromStdString(cell.owned.substr(0, 10)),
                                      Qt::ISODate) > today) {
                    return fail(QStringLiteral(
                                    "consent_date: expected a date not in the future (today is %1)")
                                    .arg(today.toString(Qt::ISODate)));
                }
            }
            cell.type = ImportCell::Type::OwnedText;
            return;
        }
    }
}

void ImportSession::convertRow(const CsvRecord& record, ImportRow& row) const {
    row.resize(columns_.size());
    if (record.fields.size() != headerWidth_)
        return;  // reported as a whole by processRecord
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        if (columns_[i].field)
            convertField(columns_[i], rawOf(columns_[i], record), row[i]);
    }
}

// Binds a converted cell; an invalid one becomes an issue at the field's position instead.
bool ImportSession::bindCell(const Column& column, const ImportCell& cell, const std::string& raw,
                             const TextPosition& position, std::int64_t line) {
    switch (cell.type) {
        case ImportCell::Type::Invalid:
            addIssue(position.line > 0 ? position.line : line, position.column, column.header,
                     cell.problem, shortValue(textOf(trimmed(raw))));
            return false;
        case ImportCell::Type::Null:
            // An optional key field (a layout's store or valid_from) left blank is stored as ''
            // so the row still has one key and a re-import updates it.
            if (kind_->key.contains(column.field->name))
                insert_->bind(column.bindIndex, std::string_view(""));  // '', not NULL
            else
                insert_->bindNull(column.bindIndex);
            return true;
        case ImportCell::Type::Integer:
            insert_->bind(column.bindIndex, cell.integer);
            return true;
        case ImportCell::Type::Number:
            insert_->bind(column.bindIndex, cell.number);
            return true;
        case ImportCell::Type::Text:
            insert_->bindStatic(column.bindIndex, cell.text);  // the record outlives the step
            return true;
        case ImportCell::Type::OwnedText:
            insert_->bindStatic(column.bindIndex, std::string_view(cell.owned));
            return true;
    }
    return false;
}

void ImportSession::processRecord(const CsvRecord& record, const ImportRow* converted) {
    if (record.fields.size() != headerWidth_) {
        const bool tooMany = record.fields.size() > headerWidth_;
        const TextPosition where =
            tooMany ? record.positions[headerWidth_] : record.positions.back();
        addIssue(record.line, where.column, QString(),
                 QStringLiteral("expected %1 fields as in the header, found %2")
                     .arg(headerWidth_)
                     .arg(record.fields.size()),
                 QString());
        return;
    }
    if (!converted) {
        convertRow(record, scratchRow_);
        converted = &scratchRow_;
    }
    bool ok = true;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        Column& column = columns_[i];
        if (!column.field)
            continue;
        const ImportCell& cell = (*converted)[i];
        const std::string& raw = rawOf(column, record);
        const TextPosition position = positionOf(column, record);
        if (!bindCell(column, cell, raw, position, record.line)) {
            ok = false;
            continue;
        }
        if (column.known && cell.type != ImportCell::Type::Null) {
            ok &= storeScopedZones_ && column.field->references == QStringLiteral("zones")
                      ? checkStoreZone(column, trimmed(raw), record, position)
                      : checkReference(column, trimmed(raw), position, record.line);
        }
    }
    if (!kind_->oneOf.isEmpty()) {
        bool any = false;
        for (const Column& column : columns_) {
            if (column.field && kind_->oneOf.contains(column.field->name)) {
                any |= !isMissing(trimmed(rawOf(column, record)));
            }
        }
        if (!any && ok) {
            addIssue(record.line, record.positions.front().column, QString(),
                     QStringLiteral("the row names no %1")
                         .arg(kind_->oneOf.join(QStringLiteral(" or "))),
                     QString());
            ok = false;
        }
    }
    if (!ok) {
        insert_->resetForRebind();
        return;
    }
    insertRow(record);
}

void ImportSession::processBasketLine(const CsvRecord& record) {
    // One basket per line: the basket is numbered by its line in the file, every field an item.
    Column& item = columns_.front();
    const int basketParameter = item.bindIndex + 1;
    const std::string basket = std::to_string(record.line);
    bool any = false;
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
        const std::string_view text = trimmed(record.fields[i]);
        if (isMissing(text))
            continue;
        convertField(item, record.fields[i], scratchCell_);
        if (!bindCell(item, scratchCell_, record.fields[i], record.positions[i], record.line))
            continue;
        any = true;
        insert_->bind(basketParameter, std::string_view(basket));
        insert_->bind(basketParameter + 1, importId_);
        insert_->bind(basketParameter + 2, static_cast<std::int64_t>(record.line));
        if (insert_->stepCode() != SQLITE_DONE) {
            addIssue(record.line, record.positions[i].column, QString(), lastError(project_.db()),
                     QString());
        }
        insert_->resetForRebind();
    }
    if (!any && !rowFailed_)
        report_.warnings.append(QStringLiteral("line %1: empty basket").arg(record.line));
}

void ImportSession::insertRow(const CsvRecord& record) {
    int next = 0;
    for (const Column& column : columns_)
        next = std::max(next, column.bindIndex);
    if (kind_->keepsOtherColumns) {
        insert_->bind(++next, std::string_view(campaignUtf8_));
        json_.clear();
        json_.push_back('{');
        bool first = true;
        for (const int index : dataColumns_) {
            const Column& column = columns_[static_cast<std::size_t>(index)];
            if (!first)
                json_.push_back(',');
            first = false;
            appendJsonString(json_, column.header.toStdString());
            json_.push_back(':');
            const std::string_view value =
                trimmed(record.fields[static_cast<std::size_t>(column.fileIndex)]);
            if (isMissing(value)) {
                json_ += "null";
            } else if (const auto number = parseNumber(value, numberFormat_);
                       number && std::isfinite(*number)) {
                char buffer[32];
                const int length = std::snprintf(buffer, sizeof buffer, "%.17g", *number);
                json_.append(buffer, static_cast<std::size_t>(length));
            } else {
                appendJsonString(json_, latin1_ ? textOf(value).toStdString() : std::string(value));
            }
        }
        json_.push_back('}');
        insert_->bind(++next, std::string_view(json_));
    }
    insert_->bind(next + 1, importId_);
    insert_->bind(next + 2, static_cast<std::int64_t>(record.line));
    const int rc = insert_->stepCode();
    const bool duplicate =
        rc == SQLITE_DONE && !kind_->key.isEmpty() && sqlite3_changes(project_.db()) == 0;
    if (rc != SQLITE_DONE) {
        addIssue(record.line, record.positions.front().column, QString(),
                 QStringLiteral("the project refused the row: %1").arg(lastError(project_.db())),
                 QString());
    }
    insert_->resetForRebind();
    if (duplicate)
        reportDuplicate(record);
}

void ImportSession::reportDuplicate(const CsvRecord& record) {
    QStringList keyText;
    const Column* first = nullptr;
    findDuplicate_->reset();
    int parameter = 1;
    for (const QString& keyField : kind_->key) {
        for (const Column& column : columns_) {
            if (!column.field || column.field->name != keyField)
                continue;
            if (!first)
                first = &column;
            const std::string_view raw = trimmed(rawOf(column, record));
            keyText.append(QStringLiteral("%1=%2").arg(keyField, textOf(raw)));
            if (isMissing(raw)) {
                findDuplicate_->bind(parameter, std::string_view(""));
            } else if (isDateType(column.field->type)) {
                std::string stored;
                storedDate(column, raw, stored);
                findDuplicate_->bind(parameter, std::string_view(stored));
            } else if (latin1_) {
                findDuplicate_->bind(parameter, textOf(raw));
            } else {
                findDuplicate_->bind(parameter, raw);
            }
        }
        ++parameter;
    }
    qint64 firstLine = 0;
    if (findDuplicate_->step())
        firstLine = findDuplicate_->int64(0);
    findDuplicate_->reset();
    addIssue(record.line, first ? positionOf(*first, record).column : 1,
             first ? first->header : QString(),
             QStringLiteral("duplicate %1 (first at line %2)")
                 .arg(kind_->key.join(QStringLiteral(" + ")))
                 .arg(firstLine),
             keyText.join(QStringLiteral(", ")));
}

const std::string& ImportSession::rawOf(const Column& column, const CsvRecord& record) const {
    return column.fileIndex < 0 ? column.constant
                                : record.fields[static_cast<std::size_t>(column.fileIndex)];
}

TextPosition ImportSession::positionOf(const Column& column, const CsvRecord& record) const {
    return column.fileIndex < 0 ? TextPosition{record.line, 0}
                                : record.positions[static_cast<std::size_t>(column.fileIndex)];
}

bool ImportSession::storedDate(const Column& column, std::string_view text,
                               std::string& out) const {
    out.clear();
    if (column.field->type == FieldType::Week && !text.empty() && text.size() <= 5 &&
        text.find_first_not_of("0123456789") == std::string_view::npos && text != "0") {
        // Week numbers (as in Dominick's data): week N is the N-th week from that of 2000-01-03.
        const std::int32_t number = std::stoi(std::string(text));
        appendIsoDate(out, daysFromCivil(2000, 1, 3) + 7 * (number - 1));
        return true;
    }
    const std::optional<DateTimeValue> value = parseDateTime(text, column.dateOrder);
    if (!value)
        return false;
    if (column.field->type == FieldType::Week) {
        appendIsoDate(out, value->days - weekdayMondayZero(value->days));
    } else {
        appendIsoDate(out, value->days);
        if (column.field->type == FieldType::DateTime)
            appendIsoTime(out, value->seconds);
    }
    return true;
}

void ImportSession::replaceEarlierImports() {
    // The same file imported again replaces its earlier import instead of adding to it. Keyed
    // kinds were already updated in place; keyless kinds (basket lines, paths, campaign rows)
    // drop the earlier import's rows.
    const QString sha = QString::fromLatin1(fingerprint_.result().toHex());
    Statement earlier(project_.db(),
                      "SELECT id, imported_at FROM imports WHERE kind = ?1 AND file_sha256 = ?2 "
                      "AND id <> ?3 ORDER BY id");
    earlier.bind(1, kind_->name);
    earlier.bind(2, sha);
    earlier.bind(3, importId_);
    QList<qint64> ids;
    while (earlier.step()) {
        ids.append(earlier.int64(0));
        report_.replacedImport =
            QStringLiteral("import %1 of %2").arg(earlier.int64(0)).arg(earlier.text(1));
    }
    for (const qint64 id : ids) {
        if (kind_->key.isEmpty()) {
            exec(project_.db(), QStringLiteral("DELETE FROM %1 WHERE import_id = %2")
                                    .arg(kind_->table)
                                    .arg(id)
                                    .toStdString());
        }
        exec(project_.db(),
             QStringLiteral("DELETE FROM imports WHERE id = %1").arg(id).toStdString());
    }
    if (!ids.isEmpty()) {
        report_.warnings.append(
            QStringLiteral("this file was imported before (%1); its rows were replaced, not added")
                .arg(report_.replacedImport));
    }
}

void ImportSession::recordConsent() {
    ConsentImport consent;
    consent.importId = importId_;
    Statement importedAt(project_.db(), "SELECT imported_at FROM imports WHERE id = ?1");
    importedAt.bind(1, importId_);
    importedAt.step();
    consent.importedAt = importedAt.text(0);
    for (const Column& column : columns_) {
        if (!column.field)
            continue;
        consent.statesOffers |= column.field->name == QStringLiteral("consent_offers");
        consent.statesEmail |= column.field->name == QStringLiteral("consent_email");
        consent.dated |= column.field->name == QStringLiteral("consent_date");
    }
    // A rejected row may be a customer the file does list: then it is not the full list.
    consent.snapshot = options_.snapshot && report_.rowsRejected == 0;
    if (options_.snapshot && !consent.snapshot) {
        report_.warnings.append(
            QStringLiteral("snapshot not applied: %1 rows were rejected, so the file is not the "
                           "full customer list and no consent was withdrawn; fix them and import "
                           "the file again")
                .arg(report_.rowsRejected));
    }
    const SnapshotOutcome outcome = recordConsentStatements(project_.db(), consent);
    auto customersText = [](std::int64_t n) {
        return n == 1 ? QStringLiteral("1 customer") : QStringLiteral("%1 customers").arg(n);
    };
    // Every customer the snapshot leaves out is accounted for in one of these lines.
    if (outcome.withdrawn > 0) {
        QString line = QStringLiteral("snapshot: %1 not in the file no longer consent")
                           .arg(customersText(outcome.withdrawn));
        if (outcome.withdrawnAtImport > 0) {
            line += QStringLiteral(
                        " (%1 of them as of this import: their consent came from an "
                        "undated import later than the file's latest consent date %2)")
                        .arg(outcome.withdrawnAtImport)
                        .arg(outcome.asOf);
        }
        report_.warnings.append(line);
    }
    if (outcome.kept > 0) {
        report_.warnings.append(
            QStringLiteral("snapshot: %1 not in the file keep consent: a dated statement after "
                           "the file's date %2 says so")
                .arg(customersText(outcome.kept), outcome.asOf));
    }
    if (outcome.restatedAtImport > 0) {
        report_.warnings.append(
            QStringLiteral("snapshot: %1 in the file had flags from an undated import later than "
                           "their consent_date; the file's flags replace them, as of this import")
                .arg(customersText(outcome.restatedAtImport)));
    }
    if (outcome.notConsenting > 0) {
        report_.warnings.append(
            QStringLiteral("snapshot: %1 not in the file did not consent before either")
                .arg(customersText(outcome.notConsenting)));
    }
}

void ImportSession::warnOfErasedCustomers() {
    if (!kind_->field(QStringLiteral("customer")))
        return;
    const QStringList erased = erasedCustomersIn(project_, kind_->table, importId_);
    if (erased.isEmpty())
        return;
    report_.warnings.append(
        QStringLiteral(
            "the file names %1 erased earlier (%2): erase them again with merchbench-cli "
            "erase, and remove them from the file")
            .arg(erased.size() == 1 ? QStringLiteral("a customer")
                                    : QStringLiteral("%1 customers").arg(erased.size()),
                 erased.mid(0, 20).join(QStringLiteral(", ")) +
                     (erased.size() > 20 ? QStringLiteral(", ...") : QString())));
}

void ImportSession::registerCampaign() {
    const QString campaign = campaignName();
    QStringList features;
    for (const int index : dataColumns_) {
        const QString& header = columns_[static_cast<std::size_t>(index)].header;
        if (!options_.outcomes.contains(header))
            features.append(header);
    }
    Statement upsert(project_.db(),
                     "INSERT INTO campaigns(name, control_arm, outcomes, features, import_id) "
                     "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(name) DO UPDATE SET "
                     "control_arm = excluded.control_arm, outcomes = excluded.outcomes, "
                     "features = excluded.features, import_id = excluded.import_id");
    upsert.bind(1, campaign);
    if (options_.controlArm.isEmpty()) {
        upsert.bindNull(2);
    } else {
        upsert.bind(2, options_.controlArm);
    }
    auto jsonList = [](const QStringList& list) {
        return QString::fromUtf8(
            QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
    };
    upsert.bind(3, jsonList(options_.outcomes));
    upsert.bind(4, jsonList(features));
    upsert.bind(5, importId_);
    upsert.step();
}

void ImportSession::checkControlArm() {
    // A campaign is one experiment: importing it again (from any file) replaces its rows.
    const QString campaign = campaignName();
    Statement drop(project_.db(),
                   "DELETE FROM campaign_rows WHERE campaign = ?1 AND import_id <> ?2");
    drop.bind(1, campaign);
    drop.bind(2, importId_);
    drop.step();
    if (options_.controlArm.isEmpty())
        return;
    Statement arms(project_.db(),
                   "SELECT count(*) FROM campaign_rows WHERE campaign = ?1 AND arm = ?2");
    arms.bind(1, campaign);
    arms.bind(2, options_.controlArm);
    if (arms.step() && arms.int64(0) == 0) {
        addFileIssue(
            QStringLiteral("no row has the control arm %1").arg(quoted(options_.controlArm)));
        if (options_.onError == OnError::Reject)
            throw RejectFile{};
    }
}

QString ImportSession::campaignName() const {
    return options_.campaign.isEmpty() ? QFileInfo(path_).completeBaseName() : options_.campaign;
}

void ImportSession::addToErrorReport(const ImportIssue& issue) {
    if (!errorReport_) {
        errorReportTarget_ = options_.errorReportPath.isEmpty() ? defaultErrorReportPath(path_)
                                                                : options_.errorReportPath;
        errorReport_ = std::make_unique<QSaveFile>(errorReportTarget_);
        if (errorReport_->open(QIODevice::WriteOnly))
            errorReport_->write("file,line,column,field,message,value\r\n");
    }
    if (!errorReport_->isOpen())
        return;
    auto cell = [](const QString& field) {
        // Formula-injection safe and RFC 4180 quoted.
        QString text = exporting::spreadsheetSafe(field);
        text.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        return QLatin1Char('"') + text + QLatin1Char('"');
    };
    errorReport_->write(QStringList{cell(fileName_), QString::number(issue.line),
                                    QString::number(issue.column), cell(issue.field),
                                    cell(issue.message), cell(issue.value)}
                            .join(u',')
                            .toUtf8() +
                        "\r\n");
}

void ImportSession::writeErrorReport() {
    // Flushed first: commit() alone drops the error of its last buffered write (a full disk).
    if (!errorReport_ || !errorReport_->isOpen() || !errorReport_->flush() ||
        !errorReport_->commit()) {
        const QString why = errorReport_ ? errorReport_->errorString() : QString();
        throw Error(
            QStringLiteral("cannot write the error report %1 (%2), so the rejected rows "
                           "would be lost; give --error-report a path in a folder with room "
                           "that you may write to")
                .arg(errorReportTarget_, exporting::writeFailureReason(errorReportTarget_, why)));
    }
    report_.warnings.append(QStringLiteral("rejected rows are listed in %1 (all %2 errors)")
                                .arg(errorReportTarget_)
                                .arg(report_.errorCount));
}

void ImportSession::reportProgress() {
    if (!progress_)
        return;
    if (progress_->isCancelled()) {
        report_.cancelled = true;
        return;
    }
    if (fileBytes_ > 0 && bytesDone_ > 0) {
        progress_->report(
            std::min(0.99, static_cast<double>(bytesDone_) / static_cast<double>(fileBytes_)));
    }
}

}  // namespace mb::data
