// Files that are not regular files, given where a command reads a JSON instance, rules or the
// project, as a user would: a FIFO would wait for a writer for ever and /dev/zero would be read
// until memory runs out. Each is refused at once with exit 2 and the reason.
#include "CliRun.h"

#include <sys/stat.h>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

// Well above the time a refusal takes, well below what a hang or a read of /dev/zero takes.
constexpr int refusalTimeoutMs = 20000;

}  // namespace

class TestSpecialFiles : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString project_;
    QString fifo_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const mbtest::CliRun demo =
            mbtest::runCli({QStringLiteral("demo"), dir_.filePath(QStringLiteral("demo"))}, 600000);
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        project_ = dir_.filePath(QStringLiteral("demo/demo.merchbench"));
        fifo_ = dir_.filePath(QStringLiteral("fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo_).constData(), 0600), 0);
    }

    void refused_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("reason");
        const QString notRegular = QStringLiteral("is not a regular file");
        const QString out = dir_.filePath(QStringLiteral("x.csv"));
        const QStringList markdown{QStringLiteral("markdown"),    project_,
                                   QStringLiteral("--exit-week"), QStringLiteral("2024-09-16"),
                                   QStringLiteral("--out"),       out,
                                   QStringLiteral("--rules")};
        const QStringList backtest{QStringLiteral("markdown-backtest"),
                                   project_,
                                   QStringLiteral("--season-start"),
                                   QStringLiteral("2023-07-31"),
                                   QStringLiteral("--exit-week"),
                                   QStringLiteral("2023-09-25"),
                                   QStringLiteral("--out"),
                                   out,
                                   QStringLiteral("--rules")};
        for (const QString& special : {fifo_, QStringLiteral("/dev/zero")}) {
            const QByteArray name = QFileInfo(special).fileName().toUtf8();
            QTest::newRow("markdown-solve " + name)
                << QStringList{QStringLiteral("markdown-solve"), special} << notRegular;
            QTest::newRow("qap " + name)
                << QStringList{QStringLiteral("qap"), special} << notRegular;
            QTest::newRow("markdown --rules " + name)
                << (markdown + QStringList{special}) << notRegular;
            QTest::newRow("markdown-backtest --rules " + name)
                << (backtest + QStringList{special}) << notRegular;
            QTest::newRow("info " + name)
                << QStringList{QStringLiteral("info"), special} << notRegular;
        }
        QTest::newRow("info /dev/null")
            << QStringList{QStringLiteral("info"), QStringLiteral("/dev/null")} << notRegular;
        QTest::newRow("info a folder")
            << QStringList{QStringLiteral("info"), dir_.path()} << QStringLiteral("is a directory");
    }

    void refused() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, reason);
        const mbtest::CliRun run = mbtest::runCli(arguments, refusalTimeoutMs);
        const QString said = QString::fromUtf8(run.err);
        QVERIFY2(run.exitCode == 2, qPrintable(QStringLiteral("exit %1: %2")
                                                   .arg(run.exitCode)
                                                   .arg(said + QString::fromUtf8(run.out))));
        QVERIFY2(said.contains(reason), qPrintable(said));
        QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("x.csv"))));
    }
};

QTEST_GUILESS_MAIN(TestSpecialFiles)
#include "tst_specialfiles.moc"
