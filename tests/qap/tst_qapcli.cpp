// merchbench-cli qap as a user runs it: exit codes, the JSON result checked against a cost
// summed here and against enumeration, a malformed file's position, the readable summary.
#include "CliRun.h"
#include "RandomProblem.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <limits>
#include <numeric>

using namespace mb::layout;

namespace {

// Every run here is of the qap command.
QStringList qap(const QStringList& arguments) {
    return QStringList{QStringLiteral("qap")} + arguments;
}

// The cost of a 1-based permutation, summed here rather than by the library.
double costOf(const QapProblem& problem, const std::vector<int>& oneBased) {
    double cost = 0;
    for (int i = 0; i < problem.size; ++i)
        for (int j = 0; j < problem.size; ++j)
            cost += problem.flowAt(i, j) *
                    problem.distanceAt(oneBased[static_cast<std::size_t>(i)] - 1,
                                       oneBased[static_cast<std::size_t>(j)] - 1);
    return cost;
}

QByteArray written(const QapProblem& problem) {
    QByteArray text = QByteArray::number(problem.size) + "\n";
    for (const auto* matrix : {&problem.flow, &problem.distance})
        for (int i = 0; i < problem.size; ++i) {
            for (int j = 0; j < problem.size; ++j)
                text += " " + QByteArray::number((*matrix)[problem.index(i, j)]);
            text += "\n";
        }
    return text;
}

}  // namespace

class TestQapCli : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QapProblem problem_ = testing::randomProblem(7, false, 42);

    QString write(const QString& name, const QByteArray& content) {
        QFile file(dir_.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(file.fileName()));
        file.write(content);
        return file.fileName();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        write(QStringLiteral("good.dat"), written(problem_));
    }

    void exitCodes_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        const QString good = dir_.filePath(QStringLiteral("good.dat"));
        const auto iterations = [](const QString& file) {
            return QStringList{file, QStringLiteral("--iterations"), QStringLiteral("200")};
        };
        QTest::newRow("help") << QStringList{QStringLiteral("--help")} << 0;
        QTest::newRow("solves") << iterations(good) << 0;
        QTest::newRow("no instance") << QStringList{} << 1;
        QTest::newRow("two instances") << QStringList{good, good} << 1;
        QTest::newRow("unknown option")
            << iterations(good) + QStringList{QStringLiteral("--x")} << 1;
        QTest::newRow("zero seconds")
            << QStringList{good, QStringLiteral("--seconds"), QStringLiteral("0")} << 1;
        QTest::newRow("seconds not a number")
            << QStringList{good, QStringLiteral("--seconds"), QStringLiteral("soon")} << 1;
        QTest::newRow("negative seed")
            << iterations(good) + QStringList{QStringLiteral("--seed"), QStringLiteral("-1")} << 1;
        QTest::newRow("zero iterations")
            << QStringList{good, QStringLiteral("--iterations"), QStringLiteral("0")} << 1;
        QTest::newRow("missing file") << iterations(QStringLiteral("/nonexistent/x.dat")) << 2;
        QTest::newRow("malformed file")
            << iterations(write(QStringLiteral("bad.dat"), QByteArrayLiteral("2\n1 2\n3"))) << 2;
    }

    void exitCodes() {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        const mbtest::CliRun result = mbtest::runCli(qap(arguments));
        QCOMPARE(result.exitCode, exitCode);
        if (arguments.contains(QStringLiteral("--help")))
            QVERIFY(result.out.contains("INSTANCE"));
        if (exitCode != 0)
            QVERIFY(!result.err.isEmpty());
    }

    void jsonResult_data() {
        QTest::addColumn<QString>("seed");
        QTest::newRow("seed 7") << QStringLiteral("7");
        QTest::newRow("seed 123456789") << QStringLiteral("123456789");
    }

    void jsonResult() {
        QFETCH(QString, seed);
        const QStringList arguments{dir_.filePath(QStringLiteral("good.dat")),
                                    QStringLiteral("--json"),
                                    QStringLiteral("--iterations"),
                                    QStringLiteral("5000"),
                                    QStringLiteral("--seed"),
                                    seed};
        const mbtest::CliRun result = mbtest::runCli(qap(arguments));
        QCOMPARE(result.exitCode, 0);
        const QJsonObject json = result.json();
        for (const char* field : {"cost", "permutation", "seconds", "iterations", "seed"})
            QVERIFY2(json.contains(QLatin1String(field)), field);
        QCOMPARE(json.value(QStringLiteral("seed")).toDouble(), seed.toDouble());
        QCOMPARE(json.value(QStringLiteral("iterations")).toInteger(), 5000);
        QVERIFY(json.value(QStringLiteral("seconds")).toDouble() >= 0.0);

        std::vector<int> permutation;
        for (const auto& value : json.value(QStringLiteral("permutation")).toArray())
            permutation.push_back(value.toInt());
        std::vector<int> sorted = permutation;
        std::sort(sorted.begin(), sorted.end());
        std::vector<int> oneToN(static_cast<std::size_t>(problem_.size));
        std::iota(oneToN.begin(), oneToN.end(), 1);
        QCOMPARE(sorted, oneToN);
        QCOMPARE(json.value(QStringLiteral("cost")).toDouble(), costOf(problem_, permutation));

        // n = 7: all 5040 permutations give the optimum independently.
        std::vector<int> candidate = oneToN;
        double optimum = std::numeric_limits<double>::infinity();
        do {
            optimum = std::min(optimum, costOf(problem_, candidate));
        } while (std::next_permutation(candidate.begin(), candidate.end()));
        QCOMPARE(json.value(QStringLiteral("cost")).toDouble(), optimum);

        // Same seed and iteration budget, same answer.
        QCOMPARE(mbtest::runCli(qap(arguments)).json().value(QStringLiteral("permutation")),
                 json.value(QStringLiteral("permutation")));
    }

    void malformedFilePosition_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("position");
        QTest::addColumn<QString>("expected");
        QTest::newRow("word in flow")
            << QByteArrayLiteral("2\n1 2\n3 abc\n5 6\n7 8\n") << QStringLiteral(":3:3: ")
            << QStringLiteral("flow matrix, row 2, column 2 (abc)");
        QTest::newRow("negative size")
            << QByteArrayLiteral("\n  -3\n") << QStringLiteral(":2:3: ") << QStringLiteral("(-3)");
        QTest::newRow("too few numbers")
            << QByteArrayLiteral("2\n1 2\n3 4\n5\n") << QStringLiteral(":5:1: ")
            << QStringLiteral("distance matrix, row 1, column 2");
    }

    void malformedFilePosition() {
        QFETCH(QByteArray, content);
        QFETCH(QString, position);
        QFETCH(QString, expected);
        const QString path = write(QStringLiteral("malformed.dat"), content);
        const mbtest::CliRun result = mbtest::runCli(qap({path, QStringLiteral("--json")}));
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.isEmpty());
        const QString error = QString::fromUtf8(result.err);
        QVERIFY2(error.startsWith(path + position), qPrintable(error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void replaysFromARequest() {
        // A request for the same search, run through `merchbench-cli run`: with an iteration
        // limit the same permutation and cost; bounded only by time, it says so.
        const QString good = dir_.filePath(QStringLiteral("good.dat"));
        const mbtest::CliRun direct = mbtest::runCli(
            qap({good, QStringLiteral("--iterations"), QStringLiteral("400"),
                 QStringLiteral("--seed"), QStringLiteral("5"), QStringLiteral("--json")}));
        QCOMPARE(direct.exitCode, 0);
        QJsonObject request{{QStringLiteral("analysis"), QStringLiteral("qap")},
                            {QStringLiteral("instance"), good},
                            {QStringLiteral("seconds"), 10},
                            {QStringLiteral("iterations"), 400},
                            {QStringLiteral("seed"), 5}};
        const QString path =
            write(QStringLiteral("qap-request.json"), QJsonDocument(request).toJson());
        const mbtest::CliRun replay =
            mbtest::runCli({QStringLiteral("run"), path, QStringLiteral("--json")});
        QVERIFY2(replay.exitCode == 0, replay.err.constData());
        const QJsonObject result = replay.json().value(QStringLiteral("result")).toObject();
        QCOMPARE(result.value(QStringLiteral("permutation")),
                 direct.json().value(QStringLiteral("permutation")));
        QCOMPARE(result.value(QStringLiteral("cost")), direct.json().value(QStringLiteral("cost")));
        QCOMPARE(replay.json().value(QStringLiteral("replay_may_differ")).toBool(), false);
        QVERIFY(replay.json().value(QStringLiteral("run_id")).isNull());  // a file: not recorded

        request.remove(QStringLiteral("iterations"));
        request.insert(QStringLiteral("seconds"), 0.2);
        const mbtest::CliRun timed = mbtest::runCli(
            {QStringLiteral("run"),
             write(QStringLiteral("qap-timed.json"), QJsonDocument(request).toJson()),
             QStringLiteral("--json")});
        QVERIFY2(timed.exitCode == 0, timed.err.constData());
        QCOMPARE(timed.json().value(QStringLiteral("replay_may_differ")).toBool(), true);
        QVERIFY(timed.err.contains("a replay may find a different answer"));
    }

    void readableSummary() {
        const mbtest::CliRun result =
            mbtest::runCli(qap({dir_.filePath(QStringLiteral("good.dat")),
                                QStringLiteral("--iterations"), QStringLiteral("300")}));
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.startsWith("Cost "), result.out.constData());
        QVERIFY(result.out.contains("300 iterations"));
        QVERIFY(result.out.contains("1-based"));
    }
};

QTEST_GUILESS_MAIN(TestQapCli)
#include "tst_qapcli.moc"
