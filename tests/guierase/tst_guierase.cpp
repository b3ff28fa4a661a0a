// Consent and erasure in the workbench, under the offscreen platform: the Data page erases the
// customers selected in the customers table after a confirmation that says what goes, and the
// import wizard offers a customers file as the full list (a snapshot).
#include "CliRun.h"
#include "DataPage.h"
#include "ErasureDialog.h"
#include "GuiTestMain.h"
#include "MainWindow.h"
#include "QtWarnings.h"
#include "TableBrowser.h"
#include "data/DemoProject.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "import/ImportFilePage.h"
#include "import/ImportRunPage.h"
#include "import/ImportWizard.h"

#include <QCheckBox>
#include <QDir>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPointer>
#include <QPushButton>
#include <QSqlTableModel>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace mb;

namespace {

qint64 count(const QString& project, const QString& sql) {
    const auto opened = data::Project::open(project, data::Project::OpenMode::MustExist);
    return data::queryInt(opened->db(), sql.toStdString());
}

QString firstText(const QString& project, const QString& sql) {
    const auto opened = data::Project::open(project, data::Project::OpenMode::MustExist);
    data::Statement statement(opened->db(), sql.toStdString());
    return statement.step() ? statement.text(0) : QString();
}

}  // namespace

class TestGuiErase : public QObject {
    Q_OBJECT

private slots:
    void init() { mbtest::failOnQtWarnings(); }

private:
    QTemporaryDir dir_;
    QString project_;
    std::unique_ptr<ui::MainWindow> window_;

    // The window with the dialog drawn over its middle, as the user sees them, at 1280x800.
    void saveScreenshot(QWidget* dialog, const QString& name) {
        const QString folder = qEnvironmentVariable("MERCHBENCH_SCREENSHOTS");
        if (folder.isEmpty())
            return;
        QDir().mkpath(folder);
        QCoreApplication::processEvents();
        QPixmap picture = window_->grab();
        if (dialog) {
            const QPixmap front = dialog->grab();
            QPainter painter(&picture);
            painter.drawPixmap((picture.width() - front.width()) / 2,
                               (picture.height() - front.height()) / 2, front);
        }
        const QString path = QDir(folder).filePath(name);
        QVERIFY2(picture.save(path), qPrintable(path));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        if (qEnvironmentVariableIsEmpty("MERCHBENCH_DEMO_DIR"))
            qputenv("MERCHBENCH_DEMO_DIR", MERCHBENCH_SOURCE_DIR "/datasets/demo");
        const QString demoDir = data::findDemoDataDir();
        QVERIFY2(!demoDir.isEmpty(), "the demo data (datasets/demo) is missing");
        project_ = dir_.filePath(QStringLiteral("demo.merchbench"));
        data::buildDemoProject(project_, demoDir);
        // A recorded offer list, so the confirmation has an export to list.
        const mbtest::CliRun target = mbtest::runCli(
            {QStringLiteral("target"), project_, QStringLiteral("--campaign"),
             QStringLiteral("demo_campaign"), QStringLiteral("--offers-from-project"),
             QStringLiteral("--budget"), QStringLiteral("600"), QStringLiteral("--refits"),
             QStringLiteral("0"), QStringLiteral("--simulations"), QStringLiteral("50"),
             QStringLiteral("--out"), dir_.filePath(QStringLiteral("offer-list.csv"))});
        QVERIFY2(target.exitCode == 0, target.err.constData());

        window_ = std::make_unique<ui::MainWindow>();
        window_->resize(1280, 800);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        QString error;
        QVERIFY2(window_->openProject(project_, &error), qPrintable(error));
        window_->showPage(ui::MainWindow::DataPageIndex);
        window_->dataPage()->browser()->selectTable(QStringLiteral("customers"));
        // The Data page itself fits well within 1280x800 (the window is wider only because
        // another page asks for more).
        QVERIFY(window_->dataPage()->minimumSizeHint().width() < 1280 - 200);
    }

    void cleanupTestCase() { window_.reset(); }

    void erasesTheSelectedCustomerAfterAConfirmation() {
        const QString customer =
            firstText(project_, QStringLiteral("SELECT subject FROM decisions WHERE kind = "
                                               "'offer' AND subject IN (SELECT customer FROM "
                                               "basket_lines) ORDER BY subject LIMIT 1"));
        QVERIFY(!customer.isEmpty());
        const qint64 customersBefore =
            count(project_, QStringLiteral("SELECT count(*) FROM customers"));
        const qint64 linesOfCustomer = count(
            project_, QStringLiteral("SELECT count(*) FROM basket_lines WHERE customer = '%1'")
                          .arg(customer));
        QVERIFY(linesOfCustomer > 0);

        window_->showPage(ui::MainWindow::DataPageIndex);
        ui::DataPage* page = window_->dataPage();
        page->showTables();
        ui::TableBrowser* browser = page->browser();
        QPushButton* erase = page->eraseButton();
        QVERIFY(browser->selectTable(QStringLiteral("products")));
        QVERIFY(!erase->isVisible());  // only customers can be erased
        QVERIFY(browser->selectTable(QStringLiteral("customers")));
        QVERIFY(erase->isVisible());
        QVERIFY(!erase->isEnabled());  // nothing selected yet
        QVERIFY(browser->setFilterColumn(QStringLiteral("customer")));
        browser->setFilterText(customer);
        QCOMPARE(browser->matchingRows(), 1);
        browser->view()->selectRow(0);
        QCOMPARE(page->selectedCustomers(), QStringList{customer});
        QVERIFY(erase->isEnabled());
        QCOMPARE(erase->text(), QStringLiteral("Erase 1 customer…"));

        QPointer<ui::ErasureDialog> dialog = page->eraseSelectedCustomers();
        QVERIFY(dialog);
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog.data()));
        // The confirmation says what goes: the rows per table and the files that name them.
        auto* heading = dialog->findChild<QLabel*>(QStringLiteral("erasureHeading"));
        QVERIFY(heading->text().contains(customer));
        auto* counts = dialog->findChild<QTableWidget*>(QStringLiteral("erasureCounts"));
        QStringList shown;
        for (int row = 0; row < counts->rowCount(); ++row)
            shown << counts->item(row, 0)->text() + QLatin1Char('=') + counts->item(row, 1)->text();
        QVERIFY2(shown.contains(QStringLiteral("customers=1")), qPrintable(shown.join(u' ')));
        QVERIFY2(shown.contains(QStringLiteral("basket lines=%1").arg(linesOfCustomer)),
                 qPrintable(shown.join(u' ')));
        auto* exports = dialog->findChild<QListWidget*>(QStringLiteral("erasureExports"));
        QVERIFY(exports->isVisible());
        QVERIFY(exports->count() >= 1);
        QVERIFY(exports->item(0)->text().contains(QStringLiteral("offer-list.csv")));
        // Nothing is erased before the user confirms.
        QCOMPARE(count(project_, QStringLiteral("SELECT count(*) FROM customers")),
                 customersBefore);
        saveScreenshot(dialog, QStringLiteral("erase-1-confirm.png"));

        const QString totalsBefore = window_->statusTotalsText();
        QTest::mouseClick(dialog->eraseButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->state() != ui::ErasureDialog::State::Erasing, 60000);
        auto* status = dialog->findChild<QLabel*>(QStringLiteral("erasureStatus"));
        QCOMPARE(dialog->state(), ui::ErasureDialog::State::Erased);
        // The window let go of its queries, so the -wal was truncated too.
        QCOMPARE(status->text(), QStringLiteral("Done."));
        QVERIFY(heading->text().startsWith(QStringLiteral("Erased customer ")));
        QCOMPARE(count(project_, QStringLiteral("SELECT count(*) FROM customers")),
                 customersBefore - 1);
        QCOMPARE(count(project_,
                       QStringLiteral("SELECT count(*) FROM basket_lines WHERE customer = '%1'")
                           .arg(customer)),
                 0);
        QCOMPARE(count(project_, QStringLiteral("SELECT count(*) FROM erasures")), 1);
        // The page shows the project as it is now: the customers table, without them.
        QCOMPARE(browser->currentTable(), QStringLiteral("customers"));
        QCOMPARE(browser->totalRows(), customersBefore - 1);
        // The status bar's totals count the rows that went.
        QVERIFY2(window_->statusTotalsText() != totalsBefore,
                 qPrintable(window_->statusTotalsText()));
        saveScreenshot(dialog, QStringLiteral("erase-2-result.png"));
        dialog->close();
        QTRY_VERIFY(!dialog);
        saveScreenshot(nullptr, QStringLiteral("erase-3-data-page.png"));
    }

    // A failure in the background (an injected fault) is said in the dialog and erases
    // nothing; the page is usable again.
    void aFailedErasureIsSaidAndChangesNothing() {
        const QString customer = firstText(
            project_, QStringLiteral("SELECT customer FROM campaign_rows WHERE customer IN "
                                     "(SELECT customer FROM customers) ORDER BY customer LIMIT 1"));
        QVERIFY(!customer.isEmpty());
        {
            const auto opened = data::Project::open(project_, data::Project::OpenMode::MustExist);
            data::exec(opened->db(),
                       "CREATE TRIGGER refuse BEFORE DELETE ON campaign_rows "
                       "BEGIN SELECT RAISE(ABORT, 'injected fault'); END");
        }
        const qint64 customersBefore =
            count(project_, QStringLiteral("SELECT count(*) FROM customers"));
        ui::DataPage* page = window_->dataPage();
        ui::TableBrowser* browser = page->browser();
        QVERIFY(browser->selectTable(QStringLiteral("customers")));
        QVERIFY(browser->setFilterColumn(QStringLiteral("customer")));
        browser->setFilterText(customer);
        QCOMPARE(browser->matchingRows(), 1);
        browser->view()->selectRow(0);
        QPointer<ui::ErasureDialog> dialog = page->eraseSelectedCustomers();
        QVERIFY(dialog);
        dialog->show();
        QTest::mouseClick(dialog->eraseButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->state() != ui::ErasureDialog::State::Erasing, 60000);
        QCOMPARE(dialog->state(), ui::ErasureDialog::State::Failed);
        auto* status = dialog->findChild<QLabel*>(QStringLiteral("erasureStatus"));
        QVERIFY2(status->text().contains(QStringLiteral("injected fault")),
                 qPrintable(status->text()));
        QCOMPARE(dialog->findChild<QLabel*>(QStringLiteral("erasureHeading"))->text(),
                 QStringLiteral("The erasure did not finish"));
        saveScreenshot(dialog, QStringLiteral("erase-4-failed.png"));
        QCOMPARE(count(project_, QStringLiteral("SELECT count(*) FROM customers")),
                 customersBefore);
        QCOMPARE(browser->currentTable(), QStringLiteral("customers"));
        QCOMPARE(browser->totalRows(), customersBefore);
        dialog->close();
        QTRY_VERIFY(!dialog);
        {
            const auto opened = data::Project::open(project_, data::Project::OpenMode::MustExist);
            data::exec(opened->db(), "DROP TRIGGER refuse");
        }
    }

    void theWizardOffersASnapshotForCustomers() {
        const QString kept = firstText(project_, QStringLiteral("SELECT customer FROM customers "
                                                                "WHERE consent_offers = 1 "
                                                                "ORDER BY customer LIMIT 1"));
        const qint64 consenting =
            count(project_, QStringLiteral("SELECT count(*) FROM customers WHERE "
                                           "consent_offers = 1 OR consent_email = 1"));
        QVERIFY(consenting > 2);
        const QString file = dir_.filePath(QStringLiteral("customers-now.csv"));
        {
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(QStringLiteral("customer,consent_offers,consent_email\n%1,1,1\n")
                          .arg(kept)
                          .toUtf8());
        }
        QPointer<ui::ImportWizard> wizard = window_->startImport();
        QVERIFY(wizard);
        wizard->filePage()->setFilePath(file);
        QVERIFY(wizard->filePage()->setKind(QStringLiteral("customers")));
        wizard->next();
        wizard->next();
        QCOMPARE(wizard->currentId(), int(ui::ImportWizard::MappingPageId));
        auto* snapshot = wizard->findChild<QCheckBox*>(QStringLiteral("snapshotCheck"));
        QVERIFY(snapshot);
        QVERIFY(snapshot->isVisible());
        QVERIFY(!snapshot->isChecked());  // never on by default
        snapshot->setChecked(true);
        saveScreenshot(wizard, QStringLiteral("snapshot-1-mapping.png"));
        wizard->next();
        ui::ImportRunPage* run = wizard->runPage();
        QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), 60000);
        QVERIFY2(run->report().committed, qPrintable(run->failure()));
        QVERIFY(run->report().warnings.join(u' ').contains(QStringLiteral("no longer consent")));
        QCOMPARE(count(project_, QStringLiteral("SELECT count(*) FROM customers WHERE "
                                                "consent_offers = 1 OR consent_email = 1")),
                 1);
        wizard->close();

        // Other kinds do not offer it.
        QPointer<ui::ImportWizard> products = window_->startImport();
        products->filePage()->setFilePath(file);
        QVERIFY(products->filePage()->setKind(QStringLiteral("products")));
        products->next();
        products->next();
        QVERIFY(!products->findChild<QCheckBox*>(QStringLiteral("snapshotCheck"))->isVisible());
        products->close();
    }
};

MERCHBENCH_GUI_TEST_MAIN(TestGuiErase)
#include "tst_guierase.moc"
