#include "data/CsvReader.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QTemporaryFile>
#include <QtTest>
#include <optional>

using namespace mb::data;

namespace {

// A field whose position the case checks: record and field index (0-based), line and column.
struct FieldAt {
    int record = 0;
    int field = 0;
    qint64 line = 0;
    int column = 0;
};

using Records = QList<QByteArrayList>;
using FieldPositions = QList<FieldAt>;

struct ReadResult {
    Records records;
    QList<std::vector<TextPosition>> positions;
    QList<qint64> recordLines;
    std::optional<CsvSyntaxError> error;
    char delimiter = 0;
    QByteArray observed;
    qint64 consumed = 0;
};

ReadResult readAll(QIODevice* device, char delimiter, qint64 chunkSize) {
    ReadResult result;
    CsvReader reader(device, CsvDialect{delimiter, '"'});
    if (chunkSize > 0) {
        reader.setChunkSize(chunkSize);
    }
    reader.setRawDataObserver([&result](const char* data, std::int64_t size) {
        result.observed.append(data, static_cast<qsizetype>(size));
    });
    CsvRecord record;
    while (reader.next(record)) {
        QByteArrayList fields;
        for (const std::string& field : record.fields) {
            fields.append(QByteArray(field.data(), static_cast<qsizetype>(field.size())));
        }
        result.records.append(fields);
        result.positions.append(record.positions);
        result.recordLines.append(record.line);
    }
    if (reader.error()) {
        result.error = *reader.error();
    }
    result.delimiter = reader.delimiter();
    result.consumed = reader.bytesConsumed();
    return result;
}

ReadResult readAll(const QByteArray& input, char delimiter, qint64 chunkSize) {
    QBuffer buffer;
    buffer.setData(input);
    buffer.open(QIODevice::ReadOnly);
    return readAll(&buffer, delimiter, chunkSize);
}

// A pipe-like device that hands out at most a few bytes per read.
class TricklingDevice : public QIODevice {
public:
    TricklingDevice(QByteArray data, qint64 piece, qint64 failAfter = -1)
        : data_(std::move(data)), piece_(piece), failAfter_(failAfter) {
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override {
        return data_.size() - position_ + QIODevice::bytesAvailable();
    }

protected:
    qint64 readData(char* into, qint64 maxSize) override {
        if (failAfter_ >= 0 && position_ >= failAfter_) {
            setErrorString(QStringLiteral("disk on fire"));
            return -1;
        }
        const qint64 n = std::min({maxSize, piece_, data_.size() - position_});
        std::memcpy(into, data_.constData() + position_, static_cast<std::size_t>(n));
        position_ += n;
        return n;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QByteArray data_;
    qint64 position_ = 0;
    qint64 piece_;
    qint64 failAfter_;
};

QByteArray repeated(const QByteArray& piece, int times) {
    QByteArray result;
    for (int i = 0; i < times; ++i) {
        result += piece;
    }
    return result;
}

QString describe(const Records& records) {
    QStringList lines;
    for (const QByteArrayList& record : records) {
        QStringList fields;
        for (const QByteArray& field : record) {
            fields << QString::fromUtf8(field.left(40).toPercentEncoding(" ,;|"));
        }
        lines << QLatin1Char('[') + fields.join(QLatin1String("] [")) + QLatin1Char(']');
    }
    return lines.join(QLatin1Char('\n'));
}

}  // namespace

Q_DECLARE_METATYPE(Records)
Q_DECLARE_METATYPE(FieldPositions)

class TestCsvReader : public QObject {
    Q_OBJECT

private slots:
    void edgeCases_data();
    void edgeCases();
    void trickledInput_data();
    void trickledInput();
    void detectDelimiter_data();
    void detectDelimiter();
    void observerSeesTheFileOnce();
    void observerSetAfterDetectionGetsTheSample();
    void readFailureIsReported();
    void fieldStorageIsReused();

private:
    void addCase(const char* name, const QByteArray& input, char delimiter, const Records& records,
                 const FieldPositions& positions = {},
                 const QList<qint64>& chunkSizes = {0, 1, 2, 3, 7});
    void addError(const char* name, const QByteArray& input, char delimiter, const Records& records,
                  qint64 line, int column, const QString& message);
};

void TestCsvReader::addCase(const char* name, const QByteArray& input, char delimiter,
                            const Records& records, const FieldPositions& positions,
                            const QList<qint64>& chunkSizes) {
    for (const qint64 chunk : chunkSizes) {
        QTest::addRow("%s / chunk %lld", name, static_cast<long long>(chunk))
            << input << delimiter << chunk << records << positions << qint64(0) << 0 << QString();
    }
}

void TestCsvReader::addError(const char* name, const QByteArray& input, char delimiter,
                             const Records& records, qint64 line, int column,
                             const QString& message) {
    for (const qint64 chunk : {0, 1, 2, 5}) {
        QTest::addRow("%s / chunk %lld", name, static_cast<long long>(chunk))
            << input << delimiter << chunk << records << FieldPositions{} << line << column
            << message;
    }
}

void TestCsvReader::edgeCases_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<char>("delimiter");    // 0 = detect
    QTest::addColumn<qint64>("chunkSize");  // 0 = the reader's default
    QTest::addColumn<Records>("records");
    QTest::addColumn<FieldPositions>("positions");
    QTest::addColumn<qint64>("errorLine");  // 0 = no error expected
    QTest::addColumn<int>("errorColumn");
    QTest::addColumn<QString>("errorMessage");

    addCase("plain", "sku,store,units\nA1,S1,3\n", ',',
            {{"sku", "store", "units"}, {"A1", "S1", "3"}},
            {{0, 1, 1, 5}, {0, 2, 1, 11}, {1, 2, 2, 7}});
    addCase("quoted delimiter", "\"a,b\",c\n", ',', {{"a,b", "c"}}, {{0, 0, 1, 1}, {0, 1, 1, 7}});
    addCase("embedded newline shifts later lines", "\"line one\nline two\",x\ny,z\n", ',',
            {{"line one\nline two", "x"}, {"y", "z"}},
            {{0, 0, 1, 1}, {0, 1, 2, 11}, {1, 0, 3, 1}, {1, 1, 3, 3}});
    addCase("doubled quotes", "\"say \"\"hi\"\"\",x\n", ',', {{"say \"hi\"", "x"}},
            {{0, 1, 1, 14}});
    addCase("only a doubled quote", "\"\"\"\"\n", ',', {{"\""}});
    addCase("crlf", "a,b\r\nc,d\r\n", ',', {{"a", "b"}, {"c", "d"}}, {{1, 1, 2, 3}});
    addCase("lone cr", "a,b\rc,d\r", ',', {{"a", "b"}, {"c", "d"}}, {{1, 0, 2, 1}, {1, 1, 2, 3}});
    addCase("mixed line ends", "a\r\nb\nc\rd", ',', {{"a"}, {"b"}, {"c"}, {"d"}},
            {{1, 0, 2, 1}, {2, 0, 3, 1}, {3, 0, 4, 1}});
    addCase("crlf inside quotes kept", "\"a\r\nb\",c\r\nd\r\n", ',', {{"a\r\nb", "c"}, {"d"}},
            {{0, 1, 2, 4}, {1, 0, 3, 1}});
    addCase("lone cr inside quotes", "\"a\rb\",c\n", ',', {{"a\rb", "c"}}, {{0, 1, 2, 4}});
    addCase("byte-order mark", "\xEF\xBB\xBFid,name\n1,x\n", ',', {{"id", "name"}, {"1", "x"}},
            {{0, 0, 1, 1}, {0, 1, 1, 4}});
    addCase("byte-order mark then quote", "\xEF\xBB\xBF\"id\",n\n", ',', {{"id", "n"}},
            {{0, 0, 1, 1}, {0, 1, 1, 6}});
    addCase("byte-order mark only", "\xEF\xBB\xBF", ',', {});
    addCase("empty input", "", ',', {});
    addCase("only blank lines", "\n\r\n\r\n", ',', {});
    addCase("empty fields", "a,,c\n,,\n", ',', {{"a", "", "c"}, {"", "", ""}},
            {{0, 2, 1, 4}, {1, 1, 2, 2}, {1, 2, 2, 3}});
    addCase("trailing delimiter", "a,b,\nc,d,\n", ',', {{"a", "b", ""}, {"c", "d", ""}},
            {{0, 2, 1, 5}});
    addCase("trailing delimiter at end of input", "a,b,", ',', {{"a", "b", ""}}, {{0, 2, 1, 5}});
    addCase("empty quoted field", "\"\",x\n\"\"\n", ',', {{"", "x"}, {""}}, {{0, 1, 1, 4}});
    addCase("no final newline", "a,b\nc,d", ',', {{"a", "b"}, {"c", "d"}}, {{1, 1, 2, 3}});
    addCase("quoted field at end of input", "x,\"abc\"", ',', {{"x", "abc"}}, {{0, 1, 1, 3}});
    addCase("cr at end of input", "a\r", ',', {{"a"}});
    addCase("blank lines skipped", "\n\na,b\n\n\r\n\nc,d\n\n", ',', {{"a", "b"}, {"c", "d"}},
            {{0, 0, 3, 1}, {1, 1, 7, 3}});
    addCase("whitespace kept", " a , b \t\n", ',', {{" a ", " b \t"}}, {{0, 1, 1, 5}});
    addCase("quote after a space is text", " \"a\",b\n", ',', {{" \"a\"", "b"}}, {{0, 1, 1, 6}});
    addCase("quote inside unquoted field", "ab\"c,d\"\n", ',', {{"ab\"c", "d\""}});
    addCase("spaces only line is a record", "a\n   \nb\n", ',', {{"a"}, {"   "}, {"b"}},
            {{2, 0, 3, 1}});
    addCase("two-byte characters", "\xC3\xA9t\xC3\xA9,b\n", ',', {{"\xC3\xA9t\xC3\xA9", "b"}},
            {{0, 1, 1, 5}});
    addCase("three-byte characters", "\xE4\xB8\xAD\xE6\x96\x87,x,\xE4\xB8\xAD\n", ',',
            {{"\xE4\xB8\xAD\xE6\x96\x87", "x", "\xE4\xB8\xAD"}}, {{0, 1, 1, 4}, {0, 2, 1, 6}});
    addCase("four-byte character", "\xF0\x9F\x98\x80,x\n", ',', {{"\xF0\x9F\x98\x80", "x"}},
            {{0, 1, 1, 3}});
    addCase("non-ascii in a quoted multi-line field", "\"\xC3\xA9\n\xE4\xB8\xAD\",x\n", ',',
            {{"\xC3\xA9\n\xE4\xB8\xAD", "x"}}, {{0, 0, 1, 1}, {0, 1, 2, 4}});
    addCase("tab delimiter", "a\tb c\n1\t2,5\n", '\t', {{"a", "b c"}, {"1", "2,5"}},
            {{1, 1, 2, 3}});
    addCase("semicolon delimiter", "price;units\n1,5;2\n", ';', {{"price", "units"}, {"1,5", "2"}},
            {{0, 1, 1, 7}});
    addCase("pipe delimiter", "a|b|c\n", '|', {{"a", "b", "c"}}, {{0, 2, 1, 5}});
    addCase("given delimiter not in the file", "a;b\n", ',', {{"a;b"}});
    addCase("nul byte is data", QByteArray("a\0b,c\n", 6), ',', {{QByteArray("a\0b", 3), "c"}},
            {{0, 1, 1, 5}});
    addCase("detect semicolon with quoted decimal commas",
            "name;price\n\"A\";\"1,5\"\n\"B\";\"2,25\"\n", 0,
            {{"name", "price"}, {"A", "1,5"}, {"B", "2,25"}});
    addCase("detect semicolon with bare decimal commas", "price;qty\n1,5;3\n2,5;4\n12;1\n", 0,
            {{"price", "qty"}, {"1,5", "3"}, {"2,5", "4"}, {"12", "1"}});
    addCase("detect tab with commas in text", "name\tnote\nA\tred, blue\nB\tgreen\n", 0,
            {{"name", "note"}, {"A", "red, blue"}, {"B", "green"}});
    addCase("detect pipe", "a|b\n1|2\n", 0, {{"a", "b"}, {"1", "2"}});
    addCase("detect single column", "name\nx;y\nz\n", 0, {{"name"}, {"x;y"}, {"z"}});
    addCase("detect comma with semicolons in quotes", "\"a;b\",c\n\"d;e;f\",g\n", 0,
            {{"a;b", "c"}, {"d;e;f", "g"}});
    addCase("detect after byte-order mark",
            "\xEF\xBB\xBF"
            "a;b\n1;2\n",
            0, {{"a", "b"}, {"1", "2"}}, {{0, 1, 1, 3}});

    QByteArray manyLines = "\"" + repeated("l\n", 50) + "\",end\nnext\n";
    Records manyLinesRecords = {{repeated("l\n", 50), "end"}, {"next"}};
    addCase("record spanning many lines", manyLines, ',', manyLinesRecords,
            {{0, 0, 1, 1}, {0, 1, 51, 3}, {1, 0, 52, 1}});

    const QByteArray mebibyte(1 << 20, 'x');
    addCase("one megabyte field", "a," + mebibyte + ",b\nc\n", ',', {{"a", mebibyte, "b"}, {"c"}},
            {{0, 2, 1, (1 << 20) + 4}, {1, 0, 2, 1}}, {0, 4096, 65537, 1000003});
    const QByteArray accents = repeated("\xC3\xA9", 1 << 19);
    addCase("half a million accents quoted", "\"" + accents + "\"\"\",z\n", ',',
            {{accents + "\"", "z"}}, {{0, 1, 1, (1 << 19) + 6}}, {0, 4096, 65537});
    addCase("crlf across a chunk boundary", "ab,c\r\nd,e\r\n", ',', {{"ab", "c"}, {"d", "e"}},
            {{1, 1, 2, 3}}, {5, 4, 6});
    addCase("doubled quote across a chunk boundary", "\"ab\"\"cd\",e\n", ',', {{"ab\"cd", "e"}},
            {{0, 1, 1, 10}}, {4, 5});
    addCase("byte-order mark across chunks", "\xEF\xBB\xBFx,y\n", ',', {{"x", "y"}}, {{0, 1, 1, 3}},
            {1, 2});

    addError("unterminated quote", "x,y\na,\"bc\nd\n", ',', {{"x", "y"}}, 2, 3,
             QStringLiteral("unterminated quoted field"));
    addError("unterminated quote at end", "a,\"", ',', {}, 1, 3,
             QStringLiteral("unterminated quoted field"));
    addError("unterminated quote after non-ascii", "\xC3\xA9,\"x", ',', {}, 1, 3,
             QStringLiteral("unterminated quoted field"));
    addError("text after closing quote", "\"ab\"c,d\n", ',', {}, 1, 5,
             QStringLiteral("unexpected character after closing quote"));
    addError("text after closing quote of a multi-line field", "x\n\"a\nb\"z\n", ',', {{"x"}}, 3, 3,
             QStringLiteral("unexpected character after closing quote"));
    addError("space after closing quote", "a;\"b\" ;c\n", ';', {}, 1, 6,
             QStringLiteral("unexpected character after closing quote"));
}

void TestCsvReader::edgeCases() {
    QFETCH(QByteArray, input);
    QFETCH(char, delimiter);
    QFETCH(qint64, chunkSize);
    QFETCH(Records, records);
    QFETCH(FieldPositions, positions);
    QFETCH(qint64, errorLine);
    QFETCH(int, errorColumn);
    QFETCH(QString, errorMessage);

    const ReadResult result = readAll(input, delimiter, chunkSize);
    if (result.records != records) {
        QFAIL(qPrintable(QStringLiteral("records differ\nactual:\n%1\nexpected:\n%2")
                             .arg(describe(result.records), describe(records))));
    }
    for (qsizetype i = 0; i < result.records.size(); ++i) {
        QCOMPARE(result.positions[i].size(), std::size_t(result.records[i].size()));
        QCOMPARE(result.recordLines[i], result.positions[i].front().line);
    }
    for (const FieldAt& at : positions) {
        QVERIFY2(at.record < result.positions.size(), "record to check is missing");
        const TextPosition position = result.positions[at.record][at.field];
        QCOMPARE(position.line, at.line);
        QCOMPARE(position.column, at.column);
    }
    if (errorLine == 0) {
        QVERIFY2(!result.error, qPrintable(result.error ? result.error->message : QString()));
        QCOMPARE(result.observed, input);
        QCOMPARE(result.consumed, input.size());
    } else {
        QVERIFY(result.error.has_value());
        QCOMPARE(result.error->message, errorMessage);
        QCOMPARE(result.error->position.line, errorLine);
        QCOMPARE(result.error->position.column, errorColumn);
        QVERIFY(input.startsWith(result.observed));
    }
    // A detected delimiter is checked through the records it splits.
    if (delimiter != 0) {
        QCOMPARE(result.delimiter, delimiter);
    }
}

void TestCsvReader::trickledInput_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<qint64>("piece");
    const QByteArray inputs[] = {
        "\xEF\xBB\xBFsku;price\nA;\"1,5\"\r\nB;\"multi\nline\"\n",
        "a,b\r\n\r\n\"x\"\"y\",\xE4\xB8\xAD\rlast",
    };
    for (const QByteArray& input : inputs) {
        for (const qint64 piece : {1, 2, 3, 64}) {
            QTest::addRow("%s.. / piece %lld", input.left(6).toPercentEncoding().constData(),
                          static_cast<long long>(piece))
                << input << piece;
        }
    }
}

void TestCsvReader::trickledInput() {
    QFETCH(QByteArray, input);
    QFETCH(qint64, piece);
    // A device that returns a few bytes at a time must read the same as one that returns all.
    const ReadResult whole = readAll(input, 0, 0);
    TricklingDevice device(input, piece);
    const ReadResult trickled = readAll(&device, 0, 0);
    QVERIFY(!trickled.error);
    QCOMPARE(trickled.delimiter, whole.delimiter);
    QCOMPARE(trickled.records, whole.records);
    for (qsizetype i = 0; i < whole.positions.size(); ++i) {
        for (std::size_t f = 0; f < whole.positions[i].size(); ++f) {
            QCOMPARE(trickled.positions[i][f].line, whole.positions[i][f].line);
            QCOMPARE(trickled.positions[i][f].column, whole.positions[i][f].column);
        }
    }
    QCOMPARE(trickled.observed, input);
}

void TestCsvReader::detectDelimiter_data() {
    QTest::addColumn<QByteArray>("sample");
    QTest::addColumn<char>("expected");
    QTest::newRow("commas") << QByteArray("a,b,c\n1,2,3\n") << ',';
    QTest::newRow("semicolons") << QByteArray("a;b;c\n1;2;3\n") << ';';
    QTest::newRow("tabs") << QByteArray("a\tb\n1\t2\n") << '\t';
    QTest::newRow("pipes") << QByteArray("a|b\n1|2\n") << '|';
    QTest::newRow("empty") << QByteArray() << ',';
    QTest::newRow("single column") << QByteArray("name\nx\ny\n") << ',';
    QTest::newRow("single line") << QByteArray("a;b;c") << ';';
    QTest::newRow("tie goes to comma") << QByteArray("a,b;c\n1,2;3\n") << ',';
    QTest::newRow("tie of semicolon and tab") << QByteArray("a;b\tc\n1;2\t3\n") << ';';
    QTest::newRow("tie of tab and pipe") << QByteArray("a\tb|c\n1\t2|3\n") << '\t';
    QTest::newRow("decimal commas under semicolons")
        << QByteArray("price;qty\n1,5;3\n2,55;4\n3;1\n") << ';';
    QTest::newRow("quoted decimal commas")
        << QByteArray("\"p\";\"q\"\n\"1,5\";\"2,5\"\n\"1,25\";\"1\"\n") << ';';
    QTest::newRow("quoted multi-line field with commas")
        << QByteArray("note;n\n\"a,b\nc,d,e\";1\n\"x\";2\n") << ';';
    QTest::newRow("semicolons inside quotes") << QByteArray("\"a;b\",c\n\"d;;e\",f\n") << ',';
    QTest::newRow("byte-order mark") << QByteArray(
                                            "\xEF\xBB\xBF"
                                            "a;b\n1;2\n")
                                     << ';';
    QTest::newRow("crlf") << QByteArray("a|b\r\n1|2\r\n") << '|';
    QTest::newRow("cut mid-line") << QByteArray("a;b\n1;2\n3;4\n5,5,5,5,5,") << ';';
    QTest::newRow("cut inside quotes") << QByteArray("a\tb\n1\t\"x,y,z") << '\t';
    QTest::newRow("ragged commas, steady tabs") << QByteArray("a\tb\nx,y\tz\n1,2,3\t4\n") << '\t';
    QTest::newRow("more consistent wins") << QByteArray("a;b,c\n1;2,3\n4;5,6,7\n8;9\n") << ';';
}

void TestCsvReader::detectDelimiter() {
    QFETCH(QByteArray, sample);
    QFETCH(char, expected);
    QCOMPARE(CsvReader::detectDelimiter(sample), expected);
}

void TestCsvReader::observerSeesTheFileOnce() {
    // A file larger than the detection sample and several chunks: the fingerprint of what the
    // observer saw must be the file's.
    QTemporaryFile file;
    QVERIFY(file.open());
    QByteArray line = "\"Store, North\";SKU-0001;12,50;\xC3\xA9t\xC3\xA9\r\n";
    qint64 lines = 0;
    file.write("\xEF\xBB\xBFstore;sku;price;season\r\n");
    ++lines;
    while (file.size() < 3 * (1 << 20) + 12345) {
        file.write(line);
        ++lines;
    }
    file.flush();
    file.seek(0);
    QCryptographicHash fileHash(QCryptographicHash::Sha256);
    QVERIFY(fileHash.addData(&file));
    file.seek(0);

    CsvReader reader(&file, CsvDialect{});
    QCryptographicHash seen(QCryptographicHash::Sha256);
    qint64 seenBytes = 0;
    reader.setRawDataObserver([&](const char* data, std::int64_t size) {
        seen.addData(QByteArrayView(data, static_cast<qsizetype>(size)));
        seenBytes += size;
    });
    CsvRecord record;
    qint64 records = 0;
    qint64 lastConsumed = 0;
    while (reader.next(record)) {
        ++records;
        QCOMPARE(record.fields.size(), std::size_t(4));
        QVERIFY(reader.bytesConsumed() >= lastConsumed);
        lastConsumed = reader.bytesConsumed();
    }
    QVERIFY(!reader.error());
    QCOMPARE(reader.delimiter(), ';');
    QCOMPARE(records, lines);
    QCOMPARE(record.line, lines);
    QCOMPARE(seenBytes, file.size());
    QCOMPARE(seen.result(), fileHash.result());
    QCOMPARE(reader.bytesConsumed(), file.size());
}

void TestCsvReader::observerSetAfterDetectionGetsTheSample() {
    const QByteArray input = "a|b\n1|2\n";
    QBuffer buffer;
    buffer.setData(input);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer, CsvDialect{});
    QCOMPARE(reader.delimiter(), '|');
    QByteArray observed;
    reader.setRawDataObserver([&](const char* data, std::int64_t size) {
        observed.append(data, static_cast<qsizetype>(size));
    });
    CsvRecord record;
    int records = 0;
    while (reader.next(record)) {
        ++records;
    }
    QCOMPARE(records, 2);
    QCOMPARE(observed, input);
}

void TestCsvReader::readFailureIsReported() {
    TricklingDevice device("a,b\nc,d\ne,f\n", 3, 6);
    CsvReader reader(&device, CsvDialect{',', '"'});
    CsvRecord record;
    QStringList firstFields;
    while (reader.next(record)) {
        firstFields << QString::fromStdString(record.fields.front());
    }
    QCOMPARE(firstFields, QStringList{QStringLiteral("a")});
    QVERIFY(reader.error() != nullptr);
    QVERIFY2(reader.error()->message.contains(QLatin1String("disk on fire")),
             qPrintable(reader.error()->message));
    QCOMPARE(reader.next(record), false);
}

void TestCsvReader::fieldStorageIsReused() {
    const QByteArray longField(1000, 'x');
    QBuffer buffer;
    buffer.setData(longField + ",y\nshort,z\n");
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer, CsvDialect{',', '"'});
    CsvRecord record;
    QVERIFY(reader.next(record));
    const std::size_t capacity = record.fields.front().capacity();
    QVERIFY(capacity >= 1000);
    QVERIFY(reader.next(record));
    QCOMPARE(record.fields.front(), std::string("short"));
    QCOMPARE(record.fields.front().capacity(), capacity);
}

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csvreader.moc"
