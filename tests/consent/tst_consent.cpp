// Consent is current: a snapshot of the customer list withdraws the consent of those it leaves
// out, and the latest dated statement wins whatever order the files are imported in.
#include "../import/ImportFixture.h"
#include "targeting/TargetingPlan.h"

#include <QDateTime>
#include <QTest>

namespace {

mb::data::ImportOptions customers(bool snapshot = false) {
    mb::data::ImportOptions options;
    options.kind = QStringLiteral("customers");
    options.snapshot = snapshot;
    return options;
}

}  // namespace

class TestConsent : public QObject {
    Q_OBJECT

    static qint64 consent(ImportFixture& f, const char* customer, const char* purpose = "offers") {
        return f.count(QStringLiteral("SELECT coalesce(consent_%1, -1) FROM customers "
                                      "WHERE customer = '%2'")
                           .arg(QLatin1String(purpose), QLatin1String(customer)));
    }

private Q_SLOTS:
    void aSnapshotWithdrawsConsentOfTheAbsent() {
        ImportFixture f;
        QVERIFY(f.import(QStringLiteral("january.csv"),
                         "customer,consent_offers,consent_email\nC1,1,1\nC2,1,1\nC3,1,1\n",
                         customers())
                    .committed);
        // Without --snapshot a file that leaves C3 out says nothing about C3.
        QVERIFY(
            f.import(QStringLiteral("partial.csv"), "customer,consent_offers\nC1,1\n", customers())
                .committed);
        QCOMPARE(consent(f, "C3"), 1);
        const auto report =
            f.import(QStringLiteral("march.csv"),
                     "customer,consent_offers,consent_email\nC1,1,0\nC2,0,1\n", customers(true));
        QVERIFY2(report.committed, qPrintable(errorsText(report)));
        QCOMPARE(consent(f, "C1"), 1);
        QCOMPARE(consent(f, "C1", "email"), 0);
        QCOMPARE(consent(f, "C2"), 0);
        QCOMPARE(consent(f, "C2", "email"), 1);
        QCOMPARE(consent(f, "C3"), 0);
        QCOMPARE(consent(f, "C3", "email"), 0);
        // The customer stays (their baskets still name them); only the consent goes.
        QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM customers")), 3);
        QVERIFY2(report.warnings.join(u'\n').contains(
                     QStringLiteral("snapshot: 1 customer not in the file no longer consent")),
                 qPrintable(report.warnings.join(u'\n')));
        // Targeting reads the current consent.
        const auto loaded = mb::targeting::loadTargetingCustomers(f.project(), 0);
        QCOMPARE(loaded.size(), std::size_t(3));
        for (const auto& customer : loaded)
            QCOMPARE(customer.consentOffers, customer.customer == QStringLiteral("C1"));
    }

    void snapshotIsOnlyForCustomers() {
        ImportFixture f;
        mb::data::ImportOptions options = customers(true);
        options.kind = QStringLiteral("products");
        const auto report = f.import(QStringLiteral("p.csv"), "product\nA\n", options);
        QVERIFY(!report.committed);
        QVERIFY(errorsText(report).contains(QStringLiteral("only for the customers kind")));
        QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM products")), 0);
    }

    void theLatestStatementWinsWhateverTheImportOrder() {
        ImportFixture f;
        QVERIFY(f.import(QStringLiteral("september.csv"),
                         "customer,consent_offers,updated_at\nC1,0,2024-09-01\nC2,1,2024-09-01\n",
                         customers())
                    .committed);
        // An older export imported later does not bring back a consent withdrawn since.
        QVERIFY(f.import(QStringLiteral("march.csv"),
                         "customer,consent_offers,updated_at\nC1,1,2024-03-01\nC2,0,2024-03-01\n",
                         customers())
                    .committed);
        QCOMPARE(consent(f, "C1"), 0);
        QCOMPARE(consent(f, "C2"), 1);
        QCOMPARE(f.text(QStringLiteral("SELECT consent_offers_as_of FROM customers "
                                       "WHERE customer = 'C1'")),
                 QStringLiteral("2024-09-01"));
        // A newer statement does.
        QVERIFY(f.import(QStringLiteral("october.csv"),
                         "customer,consent_offers,consent_date\nC1,1,2024-10-02\n", customers())
                    .committed);
        QCOMPARE(consent(f, "C1"), 1);
        QCOMPARE(f.text(QStringLiteral("SELECT consent_offers_as_of FROM customers "
                                       "WHERE customer = 'C1'")),
                 QStringLiteral("2024-10-02"));
        // An undated file speaks as of its import, which is later than every dated statement.
        QVERIFY(
            f.import(QStringLiteral("today.csv"), "customer,consent_offers\nC1,0\n", customers())
                .committed);
        QCOMPARE(consent(f, "C1"), 0);
        QVERIFY(f.text(QStringLiteral("SELECT consent_offers_as_of FROM customers "
                                      "WHERE customer = 'C1'"))
                    .startsWith(QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate)));
    }

    void anOldSnapshotImportedLateWithdrawsNothingNewer() {
        ImportFixture f;
        QVERIFY(f.import(QStringLiteral("september.csv"),
                         "customer,consent_offers,updated_at\nC1,1,2024-09-01\nC2,1,2024-08-20\n",
                         customers())
                    .committed);
        // The March list predates C2's consent: leaving C2 out says nothing about August.
        const auto report =
            f.import(QStringLiteral("march-full.csv"),
                     "customer,consent_offers,updated_at\nC1,1,2024-03-01\n", customers(true));
        QVERIFY(report.committed);
        QCOMPARE(consent(f, "C2"), 1);
        // A newer full list that leaves C2 out does withdraw it.
        QVERIFY(f.import(QStringLiteral("october-full.csv"),
                         "customer,consent_offers,updated_at\nC1,1,2024-10-01\n", customers(true))
                    .committed);
        QCOMPARE(consent(f, "C2"), 0);
        QCOMPARE(f.text(QStringLiteral("SELECT consent_offers_as_of FROM customers "
                                       "WHERE customer = 'C2'")),
                 QStringLiteral("2024-10-01"));
    }

    void aRejectedSnapshotChangesNothing() {
        ImportFixture f;
        QVERIFY(
            f.import(QStringLiteral("a.csv"), "customer,consent_offers\nC1,1\nC2,1\n", customers())
                .committed);
        const auto report = f.import(QStringLiteral("bad.csv"),
                                     "customer,consent_offers\nC1,1\nC1,maybe\n", customers(true));
        QVERIFY(!report.committed);
        QCOMPARE(consent(f, "C2"), 1);
        QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM consent_statements")), 2);
    }

    // With --on-error skip, a rejected row may be a listed customer: the snapshot is not
    // applied, and the import says so.
    void aSnapshotWithRejectedRowsWithdrawsNothing() {
        ImportFixture f;
        QVERIFY(
            f.import(QStringLiteral("a.csv"), "customer,consent_offers\nC1,1\nC2,1\n", customers())
                .committed);
        mb::data::ImportOptions options = customers(true);
        options.onError = mb::data::OnError::Skip;
        options.errorReportPath = f.dir() + QStringLiteral("/errors.csv");
        const auto report = f.import(QStringLiteral("now.csv"),
                                     "customer,consent_offers\nC1,1\nC2,perhaps\n", options);
        QVERIFY(report.committed);
        QCOMPARE(report.rowsRejected, 1);
        QCOMPARE(consent(f, "C2"), 1);
        QVERIFY(report.warnings.join(u' ').contains(QStringLiteral("snapshot not applied")));
    }

    void reimportingTheSameFileKeepsOneStatementPerFlag() {
        ImportFixture f;
        const QByteArray file = "customer,consent_offers,consent_email\nC1,1,0\n";
        QVERIFY(f.import(QStringLiteral("a.csv"), file, customers()).committed);
        QVERIFY(f.import(QStringLiteral("a.csv"), file, customers()).committed);
        QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM consent_statements")), 2);
    }

    // The demo retailer's customer list, then the same list without its last 200 customers as
    // a snapshot: exactly those of them who consented lose consent, nobody else changes.
    void demoCustomersSnapshot() {
        QFile source(QStringLiteral(MERCHBENCH_SOURCE_DIR "/datasets/demo/customers.csv"));
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QByteArray all = source.readAll();
        QList<QByteArray> lines = all.split('\n');
        while (!lines.isEmpty() && lines.last().isEmpty())
            lines.removeLast();
        QVERIFY(lines.size() > 1000);
        ImportFixture f;
        QVERIFY(f.import(QStringLiteral("customers.csv"), all, customers()).committed);
        const qint64 consentingBefore =
            f.count(QStringLiteral("SELECT count(*) FROM customers WHERE consent_offers = 1"));
        QStringList dropped;
        for (qsizetype i = lines.size() - 200; i < lines.size(); ++i)
            dropped.append(
                QStringLiteral("'%1'").arg(QString::fromUtf8(lines[i].split(',').front())));
        const qint64 droppedConsenting =
            f.count(QStringLiteral("SELECT count(*) FROM customers WHERE consent_offers = 1 AND "
                                   "customer IN (%1)")
                        .arg(dropped.join(u',')));
        QVERIFY(droppedConsenting > 100);
        const QByteArray kept = lines.mid(0, lines.size() - 200).join('\n') + '\n';
        QVERIFY(f.import(QStringLiteral("customers-now.csv"), kept, customers(true)).committed);
        QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM customers WHERE consent_offers = 1")),
                 consentingBefore - droppedConsenting);
        QCOMPARE(f.count(QStringLiteral("SELECT count(*) FROM customers WHERE consent_offers = 1 "
                                        "AND customer IN (%1)")
                             .arg(dropped.join(u','))),
                 0);
    }
};

QTEST_GUILESS_MAIN(TestConsent)
#include "tst_consent.moc"
