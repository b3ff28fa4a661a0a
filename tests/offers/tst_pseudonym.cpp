// Keyed customer pseudonyms against the HMAC-SHA256 test vectors of RFC 4231, section 4.
#include "common/Error.h"
#include "targeting/Pseudonym.h"

#include <QSet>
#include <QTest>

using namespace mb::targeting;

class PseudonymTest : public QObject {
    Q_OBJECT

private slots:
    void rfc4231_data();
    void rfc4231();
    void pseudonymIsPrefixedTruncatedHmac_data();
    void pseudonymIsPrefixedTruncatedHmac();
    void keyDecidesPseudonym();
    void rejectsWeakSettings_data();
    void rejectsWeakSettings();
};

void PseudonymTest::rfc4231_data() {
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("expectedHex");  // case 5 gives only the first 128 bits
    QTest::newRow("case 1") << QByteArray(20, '\x0b') << QByteArray("Hi There")
                            << QByteArray(
                                   "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376"
                                   "c2e32cff7");
    QTest::newRow("case 2") << QByteArray("Jefe") << QByteArray("what do ya want for nothing?")
                            << QByteArray(
                                   "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b"
                                   "964ec3843");
    QTest::newRow("case 3") << QByteArray(20, '\xaa') << QByteArray(50, '\xdd')
                            << QByteArray(
                                   "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d963551"
                                   "4ced565fe");
    QByteArray key4;
    for (char byte = 1; byte <= 25; ++byte)
        key4 += byte;
    QTest::newRow("case 4") << key4 << QByteArray(50, '\xcd')
                            << QByteArray(
                                   "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff"
                                   "46729665b");
    QTest::newRow("case 5") << QByteArray(20, '\x0c') << QByteArray("Test With Truncation")
                            << QByteArray("a3b6167473100ee06e0c796c2955552b");
    QTest::newRow("case 6") << QByteArray(131, '\xaa')
                            << QByteArray("Test Using Larger Than Block-Size Key - Hash Key First")
                            << QByteArray(
                                   "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040"
                                   "f0ee37f54");
    QTest::newRow("case 7") << QByteArray(131, '\xaa')
                            << QByteArray(
                                   "This is a test using a larger than block-size key and a "
                                   "larger than block-size data. The key needs to be hashed "
                                   "before being used by the HMAC algorithm.")
                            << QByteArray(
                                   "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f515"
                                   "35c3a35e2");
}

void PseudonymTest::rfc4231() {
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, expectedHex);
    const QByteArray mac = hmacSha256(key, data);
    QCOMPARE(mac.size(), 32);
    QCOMPARE(mac.toHex().left(expectedHex.size()), expectedHex);
}

void PseudonymTest::pseudonymIsPrefixedTruncatedHmac_data() {
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<int>("digits");
    QTest::newRow("default") << QStringLiteral("c_") << 16;
    QTest::newRow("short") << QStringLiteral("cust-") << 8;
    QTest::newRow("full") << QString() << 64;
    QTest::newRow("odd") << QStringLiteral("x") << 13;
}

void PseudonymTest::pseudonymIsPrefixedTruncatedHmac() {
    QFETCH(QString, prefix);
    QFETCH(int, digits);
    // RFC 4231 case 6: its message as a customer id, its key as ours.
    const Pseudonymiser pseudonyms(QByteArray(131, '\xaa'), prefix, digits);
    const QString id = QStringLiteral("Test Using Larger Than Block-Size Key - Hash Key First");
    const QString expected =
        prefix + QStringLiteral("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
                     .left(digits);
    QCOMPARE(pseudonyms.pseudonym(id), expected);
    QCOMPARE(pseudonyms.pseudonym(id), pseudonyms.pseudonym(id));
}

void PseudonymTest::keyDecidesPseudonym() {
    const Pseudonymiser first(QByteArray("a key of sixteen or more bytes"));
    const Pseudonymiser second(QByteArray("a key of sixteen or more bytes!"));
    QSet<QString> seen;
    for (int i = 0; i < 5000; ++i) {
        const QString id = QStringLiteral("C%1").arg(i, 6, 10, QLatin1Char('0'));
        const QString pseudonym = first.pseudonym(id);
        QVERIFY(!pseudonym.contains(id.mid(1)));
        QVERIFY(pseudonym != second.pseudonym(id));
        seen.insert(pseudonym);
    }
    QCOMPARE(seen.size(), 5000);
    // Ids are text: UTF-8 of a non-ASCII id is what gets signed.
    QCOMPARE(first.pseudonym(QStringLiteral("J\u00f6rg")).mid(2),
             QString::fromLatin1(
                 hmacSha256("a key of sixteen or more bytes", QStringLiteral("J\u00f6rg").toUtf8())
                     .toHex()
                     .left(16)));
}

void PseudonymTest::rejectsWeakSettings_data() {
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<int>("digits");
    QTest::newRow("empty key") << QByteArray() << 16;
    QTest::newRow("short key") << QByteArray("Jefe") << 16;
    QTest::newRow("fifteen bytes") << QByteArray(15, 'k') << 16;
    QTest::newRow("too few digits") << QByteArray(16, 'k') << 7;
    QTest::newRow("too many digits") << QByteArray(16, 'k') << 65;
}

void PseudonymTest::rejectsWeakSettings() {
    QFETCH(QByteArray, key);
    QFETCH(int, digits);
    QVERIFY_THROWS_EXCEPTION(mb::Error, Pseudonymiser(key, QStringLiteral("c_"), digits));
    // One byte more (or a valid digit count) is accepted, so the limits are where they say.
    if (digits >= 8 && digits <= 64)
        Pseudonymiser(key + QByteArray(16, 'k'), QStringLiteral("c_"), digits);
}

QTEST_GUILESS_MAIN(PseudonymTest)
#include "tst_pseudonym.moc"
