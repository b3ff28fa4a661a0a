// Odd inputs get a clear message through merchbench-cli, as a user would meet them: a gzip file
// cut short or damaged, UTF-16 text, a directory or a FIFO for a file, a read-only project.
#include "CliRun.h"
#include "ProjectDump.h"
#include "TmpfsMount.h"

#include "data/InputFile.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <functional>

using mbtest::countRows;
using mbtest::runCli;

namespace {

const QString kDemo = QStringLiteral(MERCHBENCH_SOURCE_DIR "/datasets/demo/");
// The build's folder, or the environment's when set (a checkout elsewhere).
const QString kShared =
    qEnvironmentVariable("MERCHBENCH_SHARED_DATASETS", QStringLiteral(MERCHBENCH_SHARED_DATASETS));

void writeFile(const QString& path, const QByteArray& content) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
}

QByteArray fileBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The first lines of a (possibly compressed) file, read as the importer reads it.
QByteArray firstLines(const QString& path, int lines) {
    QString error;
    const auto input = mb::data::InputFile::open(path, &error);
    if (!input)
        qFatal("cannot read %s: %s", qPrintable(path), qPrintable(error));
    QByteArray out;
    for (int i = 0; i < lines && !input->device()->atEnd(); ++i) {
        const QByteArray line = input->device()->readLine();
        if (line.isEmpty())
            break;
        out += line;
    }
    return out;
}

// A real gzip stream of `first` then `second`, flushed between them so that the compressed
// bytes up to `*firstEnd` inflate to exactly `first`: cut there, the file ends at a line end.
QByteArray gzipTwoParts(const QByteArray& first, const QByteArray& second, qsizetype* firstEnd) {
    z_stream stream{};
    if (deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        qFatal("deflateInit2");
    QByteArray out;
    auto pump = [&](const QByteArray& input, int flush) {
        stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.constData()));
        stream.avail_in = static_cast<uInt>(input.size());
        char buffer[1 << 16];
        do {
            stream.next_out = reinterpret_cast<Bytef*>(buffer);
            stream.avail_out = sizeof buffer;
            deflate(&stream, flush);
            out.append(buffer, static_cast<qsizetype>(sizeof buffer - stream.avail_out));
        } while (stream.avail_out == 0);
    };
    pump(first, Z_FULL_FLUSH);
    *firstEnd = out.size();
    pump(second, Z_FINISH);
    deflateEnd(&stream);
    return out;
}

QString salesSource(const QString& source) {
    return source == QStringLiteral("dunnhumby")
               ? kShared + QStringLiteral("/dunnhumby-frat/weekly_sales.csv.gz")
               : kDemo + QStringLiteral("sales.csv");
}

// A demo project built by the CLI, shared by the read-only tests.
QString demoProject(const QTemporaryDir& dir) {
    const mbtest::CliRun run =
        runCli({QStringLiteral("demo"), dir.filePath(QStringLiteral("demo"))});
    if (run.exitCode != 0)
        qFatal("demo: %s", run.err.constData());
    return dir.filePath(QStringLiteral("demo/demo.merchbench"));
}

QByteArray sha(const QString& path) {
    return QCryptographicHash::hash(fileBytes(path), QCryptographicHash::Sha256).toHex();
}

}  // namespace

class TestOddInputs : public QObject {
    Q_OBJECT

private slots:
    void damagedGzip_data();
    void damagedGzip();
    void damagedGzipBaskets();
    void utf16_data();
    void utf16();
    void utf16NamedButNot();
    void notAFile();
    void readOnlyFileSystem();
    void readOnlyFile();

private:
    using Cli = std::function<mbtest::CliRun(const QStringList&)>;
    void checkReadOnlyProject(const QString& project, const QString& reason, const Cli& cli);
};

void TestOddInputs::damagedGzip_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("damage");
    for (const char* source : {"demo", "dunnhumby"})
        for (const char* damage : {"line-end", "mid-line", "flipped"})
            QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(source, damage)))
                << QString::fromLatin1(source) << QString::fromLatin1(damage);
}

void TestOddInputs::damagedGzip() {
    QFETCH(QString, source);
    QFETCH(QString, damage);
    const QString path = salesSource(source);
    if (!QFile::exists(path))
        QSKIP(qPrintable(QStringLiteral("the public datasets are not at %1 "
                                        "(MERCHBENCH_SHARED_DATASETS)")
                             .arg(kShared)));
    QTemporaryDir dir;
    const QByteArray text = firstLines(path, 20001);
    const qsizetype half = text.indexOf('\n', text.size() / 2) + 1;
    const QByteArray first = text.left(half);
    const int firstLineCount = static_cast<int>(first.count('\n'));
    qsizetype firstEnd = 0;
    const QByteArray whole = gzipTwoParts(first, text.mid(half), &firstEnd);
    const QString project = dir.filePath(QStringLiteral("p.merchbench"));

    // The undamaged stream imports: what follows fails because of the damage alone.
    const QString good = dir.filePath(QStringLiteral("whole.csv.gz"));
    writeFile(good, whole);
    mbtest::CliRun run = runCli({QStringLiteral("import"), project, good, QStringLiteral("--kind"),
                                 QStringLiteral("sales"), QStringLiteral("--create-missing"),
                                 QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.json().value(QStringLiteral("rows_imported")).toInteger(), text.count('\n') - 1);
    const QString before = mbtest::dumpProject(project);

    QByteArray damaged;
    if (damage == QStringLiteral("line-end")) {
        damaged = whole.left(firstEnd);
    } else if (damage == QStringLiteral("mid-line")) {
        damaged = whole.left(firstEnd + (whole.size() - firstEnd) / 2);
    } else {
        damaged = whole;
        for (qsizetype i = firstEnd + 100; i < firstEnd + 104; ++i)
            damaged[i] = static_cast<char>(damaged[i] ^ 0x5A);
    }
    const QString cut = dir.filePath(QStringLiteral("cut.csv.gz"));
    writeFile(cut, damaged);
    for (const QString& onError : {QStringLiteral("reject"), QStringLiteral("skip")}) {
        run = runCli({QStringLiteral("import"), project, cut, QStringLiteral("--kind"),
                      QStringLiteral("sales"), QStringLiteral("--create-missing"),
                      QStringLiteral("--on-error"), onError});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("nothing was written"), run.err.constData());
        if (damage == QStringLiteral("flipped")) {
            // Read on to the checksum even when the garbled text broke the CSV first.
            QVERIFY2(run.err.contains("the compressed file is damaged"), run.err.constData());
        } else {
            QVERIFY2(run.err.contains("the compressed file ends early"), run.err.constData());
        }
        if (damage == QStringLiteral("line-end")) {
            // The file and the first line that is missing.
            QVERIFY2(
                run.err.contains(QStringLiteral("cut.csv.gz:%1:").arg(firstLineCount + 1).toUtf8()),
                run.err.constData());
        } else {
            QVERIFY2(run.err.contains("cut.csv.gz:"), run.err.constData());
        }
        QCOMPARE(mbtest::dumpProject(project), before);
    }
}

void TestOddInputs::damagedGzipBaskets() {
    // The basket file reader (affinity, rules) reads .gz the same way.
    QTemporaryDir dir;
    const QByteArray text = fileBytes(kDemo + QStringLiteral("baskets.csv"));
    const qsizetype half = text.indexOf('\n', text.size() / 2) + 1;
    qsizetype firstEnd = 0;
    const QByteArray whole = gzipTwoParts(text.left(half), text.mid(half), &firstEnd);
    const QString good = dir.filePath(QStringLiteral("baskets.csv.gz"));
    writeFile(good, whole);
    const QString out = dir.filePath(QStringLiteral("pairs.csv"));
    mbtest::CliRun run = runCli({QStringLiteral("affinity"), good, QStringLiteral("--out"), out});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString cut = dir.filePath(QStringLiteral("cut.csv.gz"));
    writeFile(cut, whole.left(firstEnd));
    QFile::remove(out);
    run = runCli({QStringLiteral("affinity"), cut, QStringLiteral("--out"), out});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("the compressed file ends early"), run.err.constData());
    QVERIFY2(run.err.contains("cut.csv.gz:"), run.err.constData());
    QVERIFY(!QFile::exists(out));
}

void TestOddInputs::utf16_data() {
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<bool>("bom");
    QTest::newRow("UTF-16LE with BOM") << QStringLiteral("UTF-16LE") << true;
    QTest::newRow("UTF-16BE with BOM") << QStringLiteral("UTF-16BE") << true;
    QTest::newRow("UTF-16LE without BOM") << QStringLiteral("UTF-16LE") << false;
}

void TestOddInputs::utf16() {
    // Excel's "Unicode text" export: the demo's products with names only UTF-8 can misread.
    QFETCH(QString, encoding);
    QFETCH(bool, bom);
    QTemporaryDir dir;
    QString text = QString::fromUtf8(fileBytes(kDemo + QStringLiteral("products.csv")));
    text.replace(QStringLiteral("\n"), QStringLiteral("\r\n"));
    const qsizetype end = text.indexOf(u',', text.indexOf(u'\n') + 1);
    text.insert(text.indexOf(u',', end + 1), QStringLiteral(" Crème brûlée 東京"));
    QByteArray bytes;
    const bool little = encoding == QStringLiteral("UTF-16LE");
    if (bom)
        bytes += little ? QByteArray("\xFF\xFE", 2) : QByteArray("\xFE\xFF", 2);
    for (const QChar c : text) {
        const char low = static_cast<char>(c.unicode() & 0xFF);
        const char high = static_cast<char>(c.unicode() >> 8);
        bytes += little ? QByteArray{&low, 1} + QByteArray{&high, 1}
                        : QByteArray{&high, 1} + QByteArray{&low, 1};
    }
    const QString file = dir.filePath(QStringLiteral("products.txt"));
    writeFile(file, bytes);
    const QString project = dir.filePath(QStringLiteral("p.merchbench"));
    // Said or not: UTF-16 text is recognised from the file itself.
    QStringList arguments{QStringLiteral("import"),
                          project,
                          file,
                          QStringLiteral("--kind"),
                          QStringLiteral("products"),
                          QStringLiteral("--json")};
    if (!bom)
        arguments << QStringLiteral("--encoding") << QStringLiteral("UTF-16");
    const mbtest::CliRun run = runCli(arguments);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const qint64 expected = text.count(u'\n') - 1;
    QCOMPARE(run.json().value(QStringLiteral("rows_imported")).toInteger(), expected);
    QVERIFY2(QJsonDocument(run.json().value(QStringLiteral("warnings")).toArray())
                 .toJson()
                 .contains(encoding.toUtf8()),
             run.out.constData());
    QCOMPARE(countRows(project, QStringLiteral("SELECT count(*) FROM products WHERE name LIKE "
                                               "'% Crème brûlée 東京'")),
             1);
    QCOMPARE(countRows(project, QStringLiteral("SELECT count(*) FROM products WHERE product "
                                               "GLOB '*[^ -~]*'")),
             0);
}

void TestOddInputs::utf16NamedButNot() {
    // --encoding UTF-16 on a UTF-8 file is said, not read as garbage.
    QTemporaryDir dir;
    const QString project = dir.filePath(QStringLiteral("p.merchbench"));
    const mbtest::CliRun run =
        runCli({QStringLiteral("import"), project, kDemo + QStringLiteral("products.csv"),
                QStringLiteral("--kind"), QStringLiteral("products"), QStringLiteral("--encoding"),
                QStringLiteral("UTF-16")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("does not look like UTF-16"), run.err.constData());
    QCOMPARE(countRows(project, QStringLiteral("SELECT count(*) FROM products")), 0);
}

void TestOddInputs::notAFile() {
    QTemporaryDir dir;
    const QString project = dir.filePath(QStringLiteral("p.merchbench"));
    const QString folder = dir.filePath(QStringLiteral("exports"));
    QVERIFY(QDir().mkpath(folder));
    const QString fifo = dir.filePath(QStringLiteral("sales.fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    struct Case {
        QString input;
        QByteArray said;
    };
    for (const Case& input :
         {Case{folder, "is a directory"}, Case{fifo, "is not a regular file"}}) {
        for (const QStringList& arguments :
             {QStringList{QStringLiteral("import"), project, input.input, QStringLiteral("--kind"),
                          QStringLiteral("sales")},
              QStringList{QStringLiteral("affinity"), input.input, QStringLiteral("--out"),
                          dir.filePath(QStringLiteral("pairs.csv"))}}) {
            QElapsedTimer timer;
            timer.start();
            const mbtest::CliRun run = runCli(arguments, 30000);
            QVERIFY2(run.exitCode == 2, qPrintable(arguments.join(u' ') + QStringLiteral(": ") +
                                                   QString::number(run.exitCode)));
            QVERIFY2(run.err.contains(input.said), run.err.constData());
            QVERIFY2(run.err.contains(QFile::encodeName(input.input)), run.err.constData());
            QVERIFY(timer.elapsed() < 20000);
        }
    }
    QVERIFY2(!QFile::exists(project), "a failed import created the project");
}

void TestOddInputs::checkReadOnlyProject(const QString& project, const QString& reason,
                                         const Cli& cli) {
    const QByteArray before = sha(project);
    QTemporaryDir out;
    QFile::setPermissions(out.path(), QFile::ReadOther | QFile::WriteOther | QFile::ExeOther |
                                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    mbtest::CliRun run = cli({QStringLiteral("info"), project});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(run.out.contains("products"));

    const QString elasticities = out.filePath(QStringLiteral("elasticities.csv"));
    run = cli({QStringLiteral("demand"), project, QStringLiteral("--level"),
               QStringLiteral("product"), QStringLiteral("--out"), elasticities,
               QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(QFile::exists(elasticities));
    QVERIFY2(run.err.contains("is read-only") && run.err.contains("not recorded"),
             run.err.constData());
    QVERIFY(run.json().value(QStringLiteral("run_id")).isNull());

    const QList<QStringList> writers{
        {QStringLiteral("import"), project, kDemo + QStringLiteral("products.csv"),
         QStringLiteral("--kind"), QStringLiteral("products")},
        {QStringLiteral("markdown"), project, QStringLiteral("--exit-week"),
         QStringLiteral("2024-09-16"), QStringLiteral("--out"),
         out.filePath(QStringLiteral("plan.csv"))},
        {QStringLiteral("target"), project, QStringLiteral("--campaign"),
         QStringLiteral("demo_campaign"), QStringLiteral("--offers-from-project"),
         QStringLiteral("--budget"), QStringLiteral("600"), QStringLiteral("--out"),
         out.filePath(QStringLiteral("offers.csv"))},
    };
    for (const QStringList& command : writers) {
        run = cli(command);
        QVERIFY2(run.exitCode == 2, qPrintable(command.first() + QString::fromUtf8(run.err)));
        QVERIFY2(run.err.contains("is read-only") && run.err.contains(reason.toUtf8()) &&
                     run.err.contains(QFile::encodeName(project)),
                 run.err.constData());
    }
    QVERIFY(!QFile::exists(out.filePath(QStringLiteral("plan.csv"))));
    QCOMPARE(sha(project), before);
}

void TestOddInputs::readOnlyFileSystem() {
    QTemporaryDir dir;
    const QString demo = demoProject(dir);
    mbtest::TmpfsMount disk(dir.filePath(QStringLiteral("disk")), QStringLiteral("32m"));
    if (!disk.mounted())
        QSKIP(qPrintable(QStringLiteral("needs a file system it can make read-only (run as "
                                        "root): ") +
                         disk.why()));
    const QString project = dir.filePath(QStringLiteral("disk/shop.merchbench"));
    QVERIFY(QFile::copy(demo, project));
    QVERIFY2(disk.remount(QStringLiteral("ro")), qPrintable(disk.why()));
    checkReadOnlyProject(project, QStringLiteral("read-only file system"),
                         [](const QStringList& arguments) { return runCli(arguments); });
    QVERIFY(!QFile::exists(project + QStringLiteral("-wal")));
}

void TestOddInputs::readOnlyFile() {
    // Root writes through a file's mode, so as root the CLI runs as the unprivileged user nobody.
    const bool root = ::geteuid() == 0;
    const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
    if (root && setpriv.isEmpty())
        QSKIP("as root this needs setpriv (util-linux) to run the CLI as another user");
    QTemporaryDir dir;
    const QString project = demoProject(dir);
    QVERIFY(QFile::setPermissions(project, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    // Others may enter the folder and write beside the project: only the file is read-only.
    const auto everyone = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                          QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
    QVERIFY(QFile::setPermissions(dir.path(), everyone));
    QVERIFY(QFile::setPermissions(dir.filePath(QStringLiteral("demo")), everyone));
    const Cli asUser = [&](const QStringList& arguments) {
        if (!root)
            return runCli(arguments);
        QProcess process;
        process.start(
            setpriv,
            QStringList{QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                        QStringLiteral("--clear-groups"), QStringLiteral(MERCHBENCH_CLI_PATH)} +
                arguments);
        mbtest::CliRun run;
        if (!process.waitForFinished(120000))
            return run;
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    };
    checkReadOnlyProject(project, QStringLiteral("the file is read-only"), asUser);
    // Reading left nothing beside it.
    QVERIFY(!QFile::exists(project + QStringLiteral("-wal")));
    QVERIFY(!QFile::exists(project + QStringLiteral("-shm")));
}

QTEST_GUILESS_MAIN(TestOddInputs)
#include "tst_oddinputs.moc"
