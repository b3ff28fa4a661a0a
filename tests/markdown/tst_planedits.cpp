// A markdown plan's edits as a saved scenario keeps them (markdown::PlanEdits): every field reads
// back from its JSON exactly, and a bad field is refused with its name.
#include "common/Error.h"
#include "markdown/PlanEdits.h"

#include <QJsonDocument>
#include <QTest>

using namespace mb;
using markdown::PlanEdits;
using markdown::SavedItemEdit;

Q_DECLARE_METATYPE(PlanEdits)

class TestPlanEdits : public QObject {
    Q_OBJECT
private slots:
    void roundTrip_data();
    void roundTrip();
    void badFieldIsNamed_data();
    void badFieldIsNamed();
};

void TestPlanEdits::roundTrip_data() {
    QTest::addColumn<PlanEdits>("edits");
    QTest::newRow("none") << PlanEdits{};
    QTest::newRow("a fixed schedule") << PlanEdits{{SavedItemEdit{
        QStringLiteral("P001"), QStringLiteral("S01"), QStringLiteral("north"), {}, {0, 0, 1, 2}}}};
    QTest::newRow("a lock") << PlanEdits{
        {SavedItemEdit{QStringLiteral("P002"), QStringLiteral("S02"), QString(), {-1, 2, -1}, {}}}};
    QTest::newRow("a cluster's schedule, locked and fixed, and a store's lock") << PlanEdits{
        {SavedItemEdit{
             QStringLiteral("P003"), QString(), QStringLiteral("C1"), {-1, -1, 3}, {0, 1, 3}},
         SavedItemEdit{
             QStringLiteral("P004 \"Sale\""), QStringLiteral("S, 9"), QString(), {4, -1}, {}}}};
}

void TestPlanEdits::roundTrip() {
    QFETCH(PlanEdits, edits);
    const QByteArray text = QJsonDocument(edits.toJson()).toJson(QJsonDocument::Compact);
    const PlanEdits read = PlanEdits::fromJson(QJsonDocument::fromJson(text).object());
    QCOMPARE(read.items.size(), edits.items.size());
    for (size_t i = 0; i < edits.items.size(); ++i) {
        QCOMPARE(read.items[i].product, edits.items[i].product);
        QCOMPARE(read.items[i].store, edits.items[i].store);
        QCOMPARE(read.items[i].cluster, edits.items[i].cluster);
        QCOMPARE(read.items[i].locks, edits.items[i].locks);
        QCOMPARE(read.items[i].fixedSteps, edits.items[i].fixedSteps);
    }
    QVERIFY(read == edits);
    // Written again, the same bytes: nothing is added or reordered on the way.
    QCOMPARE(QJsonDocument(read.toJson()).toJson(QJsonDocument::Compact), text);
}

void TestPlanEdits::badFieldIsNamed_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::newRow("items not a list") << QByteArray(R"({"items":3})") << QStringLiteral("items");
    QTest::newRow("no product") << QByteArray(R"({"items":[{"store":"S1","locks":[1]}]})")
                                << QStringLiteral("items[0].product");
    QTest::newRow("nothing edited")
        << QByteArray(R"({"items":[{"product":"P1","store":"S1"}]})") << QStringLiteral("items[0]");
    QTest::newRow("a step that is not a number")
        << QByteArray(R"({"items":[{"product":"P1","fixed_steps":[0,"deep"]}]})")
        << QStringLiteral("items[0].fixed_steps");
    QTest::newRow("a negative fixed step")
        << QByteArray(R"({"items":[{"product":"P1","fixed_steps":[0,-1]}]})")
        << QStringLiteral("items[0].fixed_steps");
    QTest::newRow("a step past any ladder")
        << QByteArray(R"({"items":[{"product":"P1","fixed_steps":[0,1e20]}]})")
        << QStringLiteral("items[0].fixed_steps");
    QTest::newRow("a fraction of a step")
        << QByteArray(R"({"items":[{"product":"P1","locks":[-1,1.5]}]})")
        << QStringLiteral("items[0].locks");
    QTest::newRow("locks and schedule of different lengths")
        << QByteArray(R"({"items":[{"product":"P1","fixed_steps":[0]},
                                   {"product":"P2","locks":[1],"fixed_steps":[1,1]}]})")
        << QStringLiteral("items[1]");
}

void TestPlanEdits::badFieldIsNamed() {
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    try {
        PlanEdits::fromJson(QJsonDocument::fromJson(json).object());
        QFAIL("read without an error");
    } catch (const Error& error) {
        QVERIFY2(error.message().startsWith(QStringLiteral("markdown edits: ") + field),
                 qPrintable(error.message()));
    }
}

QTEST_APPLESS_MAIN(TestPlanEdits)
#include "tst_planedits.moc"
