// The GUI's export dialogs never write over the open project: every page's export goes through
// ExportLocation, which refuses the project file, its SQLite companions and a path whose
// parameters file would be the project, with a message naming both.
#include "GuiTestMain.h"
#include "MainWindow.h"
#include "QtWarnings.h"
#include "common/ExportLocation.h"
#include "common/TableExportButton.h"
#include "data/Project.h"

#include <unistd.h>
#include <QApplication>
#include <QFile>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTimer>

using mb::ui::ExportLocation;

class TestGuiExportGuard : public QObject {
    Q_OBJECT

private slots:
    void init() { mbtest::failOnQtWarnings(); }

private:
    QTemporaryDir dir_;
    QString project_;

    // Runs ExportLocation::mayWrite from a widget of the window; a message box it shows is
    // read and closed.
    bool mayWrite(QWidget* from, const QString& path, QString* said) {
        QTimer closer;
        closer.setInterval(20);
        connect(&closer, &QTimer::timeout, this, [said] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                *said = box->text();
                box->close();
            }
        });
        closer.start();
        return ExportLocation::mayWrite(from, path);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        project_ = dir_.filePath(QStringLiteral("shop.merchbench"));
        mb::data::Project::open(project_, mb::data::Project::OpenMode::CreateIfMissing);
        QVERIFY(QFile::exists(project_));
        QCOMPARE(
            ::link(
                QFile::encodeName(project_).constData(),
                QFile::encodeName(dir_.filePath(QStringLiteral("plan.params.json"))).constData()),
            0);
    }

    void exportsNeverReplaceTheOpenProject() {
        mb::ui::MainWindow window;
        QString error;
        QVERIFY2(window.openProject(project_, &error), qPrintable(error));
        const auto buttons = window.findChildren<mb::ui::TableExportButton*>();
        QVERIFY(!buttons.isEmpty());
        QWidget* from = buttons.first();
        const QByteArray before = [this] {
            QFile file(project_);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        }();

        // The path chosen, and the file the message must name as the one it would write.
        const QList<std::pair<QString, QString>> refused{
            {project_, project_},
            {dir_.path() + QStringLiteral("/./shop.merchbench"),
             dir_.path() + QStringLiteral("/./shop.merchbench")},
            {project_ + QStringLiteral("-wal"), project_ + QStringLiteral("-wal")},
            {dir_.filePath(QStringLiteral("plan.csv")),
             dir_.filePath(QStringLiteral("plan.params.json"))}};
        for (const auto& [path, written] : refused) {
            QString said;
            QVERIFY2(!mayWrite(from, path, &said), qPrintable(path));
            QVERIFY2(said.contains(written) && said.contains(project_), qPrintable(said));
        }
        QString said;
        QVERIFY(mayWrite(from, dir_.filePath(QStringLiteral("markdown-plan.csv")), &said));
        QVERIFY(said.isEmpty());

        QFile file(project_);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before);

        // Once the project is closed there is nothing left to protect.
        window.closeProject();
        QVERIFY(mayWrite(from, project_, &said));
    }
};

MERCHBENCH_GUI_TEST_MAIN(TestGuiExportGuard)
#include "tst_guiexportguard.moc"
