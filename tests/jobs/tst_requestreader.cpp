// jobs::RequestReader: every reader refuses a value of the wrong type or out of range with the
// field and the value in the message; finish() refuses a field nobody read; the keys every
// request may carry are accepted.
#include "jobs/RequestReader.h"

#include "common/Error.h"

#include <QJsonArray>
#include <QtTest>
#include <functional>

using mb::jobs::RequestReader;

namespace {

using Read = std::function<void(RequestReader&)>;

QJsonObject request(const char* field, const QJsonValue& value) {
    QJsonObject json = mb::jobs::requestJson(QStringLiteral("probe"));
    json.insert(QLatin1String(field), value);
    return json;
}

// The message of the error the read throws, or empty when it reads without one.
QString errorOf(const QJsonObject& json, const Read& read) {
    try {
        RequestReader reader(json, QStringLiteral("probe"));
        read(reader);
        reader.finish();
    } catch (const mb::Error& error) {
        return error.message();
    }
    return {};
}

}  // namespace

Q_DECLARE_METATYPE(Read)

class RequestReaderTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void refusedValueNamesFieldAndValue_data() {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<Read>("read");
        QTest::addColumn<QString>("expected");
        const auto text = [](RequestReader& r) { r.text("f"); };
        const auto choice = [](RequestReader& r) {
            r.choice("f", {QStringLiteral("a"), QStringLiteral("b")}, QStringLiteral("a"));
        };
        const auto flag = [](RequestReader& r) { r.flag("f", false); };
        const auto whole = [](RequestReader& r) { r.whole("f", 0, 1, 10); };
        const auto wholeFromOne = [](RequestReader& r) { r.whole("f", 1, 1); };
        const auto number = [](RequestReader& r) { r.number("f", 0.0, 0.0, 1.0); };
        const auto positive = [](RequestReader& r) { r.number("f", 1.0, 0.5); };
        const auto texts = [](RequestReader& r) { r.texts("f"); };
        const auto object = [](RequestReader& r) { r.object("f"); };
        const auto array = [](RequestReader& r) { r.array("f"); };
        const auto date = [](RequestReader& r) { r.date("f"); };
        QTest::newRow("text: number") << QJsonValue(3) << Read(text) << "f: expected text, got 3";
        QTest::newRow("choice: type")
            << QJsonValue(true) << Read(choice) << "f: expected text, got true";
        QTest::newRow("choice: range")
            << QJsonValue("c") << Read(choice) << "f: expected one of a, b, got \"c\"";
        QTest::newRow("flag: text")
            << QJsonValue("true") << Read(flag) << "f: expected true or false, got \"true\"";
        QTest::newRow("whole: fraction")
            << QJsonValue(2.5) << Read(whole) << "f: expected a whole number, got 2.5";
        QTest::newRow("whole: text")
            << QJsonValue("x7") << Read(whole) << "f: expected a whole number, got \"x7\"";
        QTest::newRow("whole: list")
            << QJsonValue(QJsonArray{1}) << Read(whole) << "f: expected a whole number, got [1]";
        QTest::newRow("whole: above")
            << QJsonValue(11) << Read(whole) << "f: expected a whole number from 1 to 10, got 11";
        QTest::newRow("whole: below, open range")
            << QJsonValue(0) << Read(wholeFromOne) << "f: expected a whole number >= 1, got 0";
        QTest::newRow("number: text")
            << QJsonValue("0.5") << Read(number) << "f: expected a number, got \"0.5\"";
        QTest::newRow("number: above")
            << QJsonValue(1.5) << Read(number) << "f: expected a number from 0 to 1, got 1.5";
        QTest::newRow("number: below, open range")
            << QJsonValue(0.25) << Read(positive) << "f: expected a number >= 0.5, got 0.25";
        QTest::newRow("texts: not a list")
            << QJsonValue("a,b") << Read(texts) << "f: expected a list of text, got \"a,b\"";
        QTest::newRow("texts: a number in it")
            << QJsonValue(QJsonArray{QStringLiteral("a"), 2}) << Read(texts)
            << "f: expected a list of text, got [\"a\",2]";
        QTest::newRow("object: list")
            << QJsonValue(QJsonArray{}) << Read(object) << "f: expected an object, got []";
        QTest::newRow("array: object")
            << QJsonValue(QJsonObject{}) << Read(array) << "f: expected a list, got {}";
        QTest::newRow("date: no such day") << QJsonValue("2024-02-30") << Read(date)
                                           << "f: expected a date YYYY-MM-DD, got \"2024-02-30\"";
        QTest::newRow("date: with a time")
            << QJsonValue("2024-02-03T10:00") << Read(date)
            << "f: expected a date YYYY-MM-DD, got \"2024-02-03T10:00\"";
    }
    void refusedValueNamesFieldAndValue() {
        QFETCH(QJsonValue, value);
        QFETCH(Read, read);
        QFETCH(QString, expected);
        const QString message = errorOf(request("f", value), read);
        QCOMPARE(message, QStringLiteral("probe request: ") + expected);
    }

    // Absent or null fields give the fallback; good values come back as they were written.
    void goodValuesAndFallbacks() {
        QJsonObject json = mb::jobs::requestJson(QStringLiteral("probe"));
        json.insert(QStringLiteral("name"), QStringLiteral("spring"));
        json.insert(QStringLiteral("level"), QStringLiteral("b"));
        json.insert(QStringLiteral("on"), true);
        json.insert(QStringLiteral("count"), 7);
        json.insert(QStringLiteral("seed"), QStringLiteral("9007199254740993"));  // 2^53 + 1
        json.insert(QStringLiteral("share"), 0.25);
        json.insert(QStringLiteral("list"), QJsonArray{QStringLiteral("x"), QStringLiteral("y")});
        json.insert(QStringLiteral("day"), QStringLiteral("2024-02-29"));
        json.insert(QStringLiteral("nothing"), QJsonValue::Null);
        RequestReader reader(json, QStringLiteral("probe"));
        QCOMPARE(reader.text("name"), QStringLiteral("spring"));
        QCOMPARE(
            reader.choice("level", {QStringLiteral("a"), QStringLiteral("b")}, QStringLiteral("a")),
            QStringLiteral("b"));
        QCOMPARE(reader.flag("on", false), true);
        QCOMPARE(reader.whole("count", 0), qint64(7));
        QCOMPARE(reader.whole("seed", 0), qint64(9007199254740993LL));
        QCOMPARE(reader.number("share", 0.0, 0.0, 1.0), 0.25);
        QCOMPARE(reader.texts("list"), (QStringList{QStringLiteral("x"), QStringLiteral("y")}));
        QCOMPARE(reader.date("day"), QStringLiteral("2024-02-29"));
        QCOMPARE(reader.whole("nothing", 42), qint64(42));
        QCOMPARE(reader.whole("absent", 5), qint64(5));
        QVERIFY(reader.has("count"));
        QVERIFY(!reader.has("nothing"));
        QVERIFY(!reader.has("absent"));
        reader.finish();  // every field was read
    }

    void finishRefusesAnUnknownField() {
        QJsonObject json = request("holdout_weeks", 4);
        json.insert(QStringLiteral("holdout_week"), 4);
        const QString message =
            errorOf(json, [](RequestReader& r) { r.whole("holdout_weeks", 8); });
        QCOMPARE(message, QStringLiteral("probe request: unknown field \"holdout_week\""));
    }

    // What `merchbench-cli request` adds to a recorded request is accepted on the way back in.
    void commonKeysAreAccepted() {
        QJsonObject json = request("count", 3);
        json.insert(QStringLiteral("input_fingerprint"), QStringLiteral("ab12"));
        json.insert(QStringLiteral("run_id"), 17);
        json.insert(QStringLiteral("program_version"), QStringLiteral("0.1.0"));
        QCOMPARE(errorOf(json, [](RequestReader& r) { r.whole("count", 0); }), QString());
    }

    void anotherAnalysisIsRefused() {
        QJsonObject json = request("count", 3);
        json.insert(QStringLiteral("analysis"), QStringLiteral("markdown"));
        QCOMPARE(errorOf(json, [](RequestReader& r) { r.whole("count", 0); }),
                 QStringLiteral("a probe request must say \"analysis\": \"probe\" (it says "
                                "\"markdown\")"));
        json.remove(QStringLiteral("analysis"));
        QCOMPARE(errorOf(json, [](RequestReader&) {}),
                 QStringLiteral("a probe request must say \"analysis\": \"probe\" (it says "
                                "nothing)"));
    }
};

QTEST_GUILESS_MAIN(RequestReaderTest)
#include "tst_requestreader.moc"
