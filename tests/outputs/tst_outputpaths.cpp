// The one check that no output overwrites the project, an input or another output: paths are
// compared as the file system sees them (relative, ./x, symbolic and hard links).
#include "data/Importer.h"
#include "data/Project.h"
#include "export/OutputPaths.h"

#include <unistd.h>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using mb::exporting::CommandFiles;
using mb::exporting::sameFile;

class TestOutputPaths : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    QString touch(const QString& name) {
        QFile file(dir_.filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write("x\n") != 2)
            qFatal("cannot write %s", qPrintable(file.fileName()));
        return file.fileName();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QVERIFY(QDir(dir_.path()).mkdir(QStringLiteral("sub")));
    }

    void sameFileAsTheFileSystemSeesIt() {
        const QString project = touch(QStringLiteral("shop.merchbench"));
        const QString other = touch(QStringLiteral("other.csv"));
        QVERIFY(sameFile(project, project));
        QVERIFY(!sameFile(project, other));
        QVERIFY(sameFile(project, dir_.path() + QStringLiteral("/./shop.merchbench")));
        QVERIFY(sameFile(project, dir_.path() + QStringLiteral("/sub/../shop.merchbench")));
        const QString link = dir_.filePath(QStringLiteral("link.csv"));
        QVERIFY(QFile::link(project, link));
        QVERIFY(sameFile(project, link));
        const QString hard = dir_.filePath(QStringLiteral("hard.csv"));
        QCOMPARE(
            ::link(QFile::encodeName(project).constData(), QFile::encodeName(hard).constData()), 0);
        QVERIFY(sameFile(project, hard));
        // A copy holds the same bytes but is another file.
        const QString copy = dir_.filePath(QStringLiteral("copy.merchbench"));
        QVERIFY(QFile::copy(project, copy));
        QVERIFY(!sameFile(project, copy));
    }

    void filesNotYetWrittenCompareByResolvedPath() {
        const QString missing = dir_.filePath(QStringLiteral("plan.csv"));
        QVERIFY(sameFile(missing, dir_.path() + QStringLiteral("/sub/../plan.csv")));
        QVERIFY(!sameFile(missing, dir_.filePath(QStringLiteral("items.csv"))));
        // A folder reached through a symbolic link is the folder.
        const QString folderLink = dir_.filePath(QStringLiteral("sublink"));
        QVERIFY(QFile::link(dir_.filePath(QStringLiteral("sub")), folderLink));
        QVERIFY(sameFile(dir_.filePath(QStringLiteral("sub/a.csv")),
                         folderLink + QStringLiteral("/a.csv")));
        // A dangling link is written through (QSaveFile follows it), so it is its target.
        const QString dangling = dir_.filePath(QStringLiteral("dangling.csv"));
        QVERIFY(QFile::link(dir_.filePath(QStringLiteral("target.csv")), dangling));
        QVERIFY(sameFile(dangling, dir_.filePath(QStringLiteral("target.csv"))));
    }

    void clashes_data() {
        QTest::addColumn<QStringList>("inputs");   // role=name
        QTest::addColumn<QStringList>("outputs");  // role=name, CSV outputs with '+' get sidecars
        QTest::addColumn<QString>("expectedOutput");
        QTest::addColumn<QString>("expectedOther");
        const QString none;
        QTest::newRow("no clash") << QStringList{QStringLiteral("--rules=rules.json")}
                                  << QStringList{QStringLiteral("--out=plan.csv+"),
                                                 QStringLiteral("--items=items.csv+")}
                                  << none << none;
        QTest::newRow("the project")
            << QStringList{} << QStringList{QStringLiteral("--out=shop.merchbench")}
            << QStringLiteral("--out") << QStringLiteral("the project");
        QTest::newRow("its write-ahead log")
            << QStringList{} << QStringList{QStringLiteral("--out=shop.merchbench-wal")}
            << QStringLiteral("--out") << QStringLiteral("the project's write-ahead log");
        QTest::newRow("its journal")
            << QStringList{} << QStringList{QStringLiteral("--items=shop.merchbench-journal")}
            << QStringLiteral("--items") << QStringLiteral("the project's rollback journal");
        QTest::newRow("an input") << QStringList{QStringLiteral("--rules=rules.json")}
                                  << QStringList{QStringLiteral("--out=rules.json")}
                                  << QStringLiteral("--out") << QStringLiteral("--rules");
        QTest::newRow("another output")
            << QStringList{}
            << QStringList{QStringLiteral("--out=plan.csv+"), QStringLiteral("--items=plan.csv+")}
            << QStringLiteral("--items") << QStringLiteral("--out");
        QTest::newRow("another output's parameters")
            << QStringList{}
            << QStringList{QStringLiteral("--out=plan.csv+"),
                           QStringLiteral("--items=plan.params.json")}
            << QStringLiteral("--items")
            << QStringLiteral("--out %1's parameters file")
                   .arg(dir_.filePath(QStringLiteral("plan.csv")));
    }

    void clashes() {
        QFETCH(QStringList, inputs);
        QFETCH(QStringList, outputs);
        QFETCH(QString, expectedOutput);
        QFETCH(QString, expectedOther);
        const QString project = touch(QStringLiteral("shop.merchbench"));
        touch(QStringLiteral("rules.json"));
        CommandFiles files;
        files.addProject(project);
        for (const QString& input : inputs) {
            const QStringList parts = input.split(u'=');
            files.addInput(parts[0], dir_.filePath(parts[1]));
        }
        for (QString output : outputs) {
            const bool sidecar = output.endsWith(u'+');
            if (sidecar)
                output.chop(1);
            const QStringList parts = output.split(u'=');
            if (sidecar)
                files.addOutputWithParameters(parts[0], dir_.filePath(parts[1]));
            else
                files.addOutput(parts[0], dir_.filePath(parts[1]));
        }
        const auto clash = files.firstClash();
        if (expectedOutput.isEmpty()) {
            QVERIFY2(!clash, clash ? qPrintable(clash->message()) : "");
            return;
        }
        QVERIFY(clash);
        QCOMPARE(clash->output.role, expectedOutput);
        QCOMPARE(clash->other.role, expectedOther);
        QVERIFY(clash->message().contains(clash->output.path));
        QVERIFY(clash->message().contains(clash->other.path));
    }

    void basketInputMayBeAProject() {
        const QString csv = touch(QStringLiteral("baskets.csv"));
        CommandFiles plain;
        plain.addProjectOrInput(QStringLiteral("INPUT"), csv);
        plain.addOutput(QStringLiteral("--out"), csv + QStringLiteral("-wal"));
        QVERIFY(!plain.firstClash());  // a CSV file has no write-ahead log to protect
        plain.addOutput(QStringLiteral("--out"), csv);
        QVERIFY(plain.firstClash());

        const QString project = dir_.filePath(QStringLiteral("baskets.merchbench"));
        QFile file(project);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray("SQLite format 3", 16) + QByteArray(100, '\0'));
        file.close();
        CommandFiles database;
        database.addProjectOrInput(QStringLiteral("INPUT"), project);
        database.addOutput(QStringLiteral("--out"), project + QStringLiteral("-shm"));
        const auto clash = database.firstClash();
        QVERIFY(clash);
        QCOMPARE(clash->other.role, QStringLiteral("the project's shared-memory index"));
    }

    // The importer itself (the wizard calls it directly) never lists rejected rows over the
    // project or the file it reads.
    void importerRefusesAReportOverItsInputs() {
        const QString project = dir_.filePath(QStringLiteral("import.merchbench"));
        auto opened =
            mb::data::Project::open(project, mb::data::Project::OpenMode::CreateIfMissing);
        const QString file = dir_.filePath(QStringLiteral("products.csv"));
        {
            QFile csv(file);
            QVERIFY(csv.open(QIODevice::WriteOnly));
            csv.write("product,unit_cost\nA,1\nB,x\n");
        }
        const auto bytes = [](const QString& path) {
            QFile in(path);
            return in.open(QIODevice::ReadOnly) ? in.readAll() : QByteArray();
        };
        const QByteArray fileBefore = bytes(file);
        for (const QString& report : {file, project}) {
            mb::data::ImportOptions options;
            options.kind = QStringLiteral("products");
            options.onError = mb::data::OnError::Skip;
            options.errorReportPath = report;
            const QByteArray before = bytes(report);
            const mb::data::ImportReport result = mb::data::Importer(*opened).run(file, options);
            QVERIFY(!result.committed);
            QCOMPARE(result.errors.size(), std::size_t(1));
            QVERIFY2(result.errors.front().message.contains(QStringLiteral("would overwrite")),
                     qPrintable(result.errors.front().message));
            QCOMPARE(bytes(report), before);
        }
        QCOMPARE(bytes(file), fileBefore);
        QCOMPARE(QDir(dir_.path()).entryList({QStringLiteral("*.errors.csv")}).size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestOutputPaths)
#include "tst_outputpaths.moc"
