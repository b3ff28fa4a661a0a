#pragma once

#include "data/ImportCell.h"
#include "data/Importer.h"
#include "data/Kind.h"
#include "data/ValueParser.h"

#include <QCryptographicHash>
#include <QSaveFile>
#include <QSet>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

namespace mb::data {

class Statement;

// Keys of a referenced table, looked up by string_view without building a string per row.
struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const {
        return std::hash<std::string_view>{}(key);
    }
};
using KeySet = std::unordered_set<std::string, KeyHash, std::equal_to<>>;

bool isLatin1(const QString& encoding);

// One import of one file: reads, validates, writes inside one transaction, and reports. Kept
// apart from Importer so the per-row state lives in one place and the public API stays small.
class ImportSession {
public:
    ImportSession(Project& project, const QString& path, const ImportOptions& options,
                  ProgressToken* progress);
    // Rows from an input that is not a file (a database's COPY stream); `sourceName` is what the
    // project records and the report names, and must hold no secret.
    ImportSession(Project& project, InputFile& source, const QString& sourceName,
                  const ImportOptions& options, ProgressToken* progress);
    ~ImportSession();
    ImportReport run();

private:
    // A file column that feeds a field of the kind (or, for campaigns, the row's data).
    struct Column {
        int fileIndex = -1;
        QString header;
        const FieldSpec* field = nullptr;  // null: campaign data column
        int bindIndex = 0;                 // 1-based parameter of the insert statement
        DateOrder dateOrder = DateOrder::Auto;
        KeySet* known = nullptr;  // referenced keys, when it references
        QString referencedTable;
        std::string constant;  // the value of a --set field (fileIndex -1)
    };
    const std::string& rawOf(const Column& column, const CsvRecord& record) const;
    TextPosition positionOf(const Column& column, const CsvRecord& record) const;

    bool prepareColumns(const QStringList& header);
    void detectDateOrders(const std::vector<CsvRecord>& sample);
    void warnIfEveryDateReadsBothWays(const Column& column, const std::vector<std::string>& values);
    void prepareStatements();
    void loadReferences();
    // `converted` is the record's row from the reading thread, or null to convert it here.
    void processRecord(const CsvRecord& record, const ImportRow* converted);
    void processBasketLine(const CsvRecord& record);
    // Thread-safe once the session is prepared: reads the columns and options only.
    void convertField(const Column& column, const std::string& raw, ImportCell& cell) const;
    void convertRow(const CsvRecord& record, ImportRow& row) const;
    bool bindCell(const Column& column, const ImportCell& cell, const std::string& raw,
                  const TextPosition& position, std::int64_t line);
    bool checkReference(Column& column, std::string_view key, const TextPosition& position,
                        std::int64_t line);
    void loadStoreZones();
    static std::string storeZoneKey(std::string_view store, std::string_view zone);
    std::string_view storeOf(const CsvRecord& record) const;
    bool checkStoreZone(const Column& column, std::string_view zone, const CsvRecord& record,
                        const TextPosition& position);
    void insertRow(const CsvRecord& record);
    void reportDuplicate(const CsvRecord& record);
    bool storedDate(const Column& column, std::string_view text, std::string& out) const;
    void addIssue(std::int64_t line, int column, const QString& field, const QString& message,
                  const QString& value);
    void addFileIssue(const QString& message);
    QString textOf(std::string_view bytes) const;
    bool validText(std::string_view bytes) const;
    void recordConsent();
    void warnOfErasedCustomers();
    void registerCampaign();
    void checkControlArm();
    QString campaignName() const;
    void replaceEarlierImports();
    void addToErrorReport(const ImportIssue& issue);
    // Throws Error when the report cannot be written.
    void writeErrorReport();
    void reportProgress();

    Project& project_;
    QString path_;
    QString fileName_;
    ImportOptions options_;
    ProgressToken* progress_;
    const KindSpec* kind_ = nullptr;
    ImportReport report_;
    bool latin1_ = false;
    NumberFormat numberFormat_;
    std::vector<Column> columns_;
    std::vector<int> keyColumns_;          // indexes into columns_
    std::vector<int> dataColumns_;         // campaign: columns kept in the row's data
    std::map<QString, KeySet> knownKeys_;  // table -> keys
    bool storeScopedZones_ = false;        // layout, zone links: zones checked per store
    int storeColumn_ = -1;                 // index into columns_ of the store field
    KeySet storeZones_;                    // storeZoneKey(store, zone) of every zone
    std::unique_ptr<Statement> insert_;
    std::unique_ptr<Statement> createReference_;
    std::unique_ptr<Statement> findDuplicate_;
    std::int64_t importId_ = 0;
    std::int64_t fileBytes_ = 0;
    std::int64_t bytesDone_ = 0;  // read so far, as of the batch being written
    std::int64_t basketNumber_ = 0;
    std::size_t headerWidth_ = 0;
    bool rowFailed_ = false;
    std::string json_;
    ImportRow scratchRow_;    // rows converted on this thread (the date sample)
    ImportCell scratchCell_;  // basket-per-line items
    std::string campaignUtf8_;
    QCryptographicHash fingerprint_{QCryptographicHash::Sha256};
    std::unique_ptr<class InputFile> input_;  // the file, when the session opened one
    InputFile* source_ = nullptr;             // what is read: input_ or the caller's source
    std::unique_ptr<QSaveFile> errorReport_;  // skip mode, opened at the first issue
    QString errorReportTarget_;
};

}  // namespace mb::data
