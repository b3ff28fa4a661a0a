// QAPLIB reader: layouts it must accept, the position and wording of every kind of error, random
// damage to a valid file (never a crash), and the real QAPLIB files against their .qap twins.
#include "Qaplib.h"
#include "RandomProblem.h"
#include "layout/QapReader.h"

#include <QTest>
#include <random>

using namespace mb::layout;

namespace {

// Writes a problem the way QAPLIB does, with a chosen separator between numbers.
QByteArray written(const QapProblem& problem, const QByteArray& separator,
                   const QByteArray& rowEnd) {
    QByteArray text = QByteArray::number(problem.size) + rowEnd + rowEnd;
    for (const auto* matrix : {&problem.flow, &problem.distance}) {
        for (int i = 0; i < problem.size; ++i) {
            for (int j = 0; j < problem.size; ++j) {
                text += QByteArray::number((*matrix)[problem.index(i, j)]);
                text += j + 1 < problem.size ? separator : rowEnd;
            }
        }
        text += rowEnd;
    }
    return text;
}

}  // namespace

class TestQapReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsAnyLayout_data() {
        QTest::addColumn<QByteArray>("separator");
        QTest::addColumn<QByteArray>("rowEnd");
        QTest::newRow("spaces, LF") << QByteArray(" ") << QByteArray("\n");
        QTest::newRow("tabs, CRLF") << QByteArray("\t") << QByteArray("\r\n");
        QTest::newRow("one number per line") << QByteArray("\n") << QByteArray("\n");
        QTest::newRow("all on one line") << QByteArray("   ") << QByteArray(" ");
    }

    void readsAnyLayout() {
        QFETCH(QByteArray, separator);
        QFETCH(QByteArray, rowEnd);
        const QapProblem problem = testing::randomProblem(7, false, 17);
        const QapProblem read = readQapProblem(written(problem, separator, rowEnd), "x.dat");
        QCOMPARE(read.size, problem.size);
        QCOMPARE(read.flow, problem.flow);
        QCOMPARE(read.distance, problem.distance);
    }

    void reportsWhereAndWhat_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray() << 1 << 1 << QStringLiteral("problem size n");
        QTest::newRow("only blanks")
            << QByteArray("\n\n  ") << 3 << 3 << QStringLiteral("found end of file");
        QTest::newRow("negative n")
            << QByteArray("-4\n") << 1 << 1 << QStringLiteral("from 1 to 2000 (-4)");
        QTest::newRow("zero n") << QByteArray("0") << 1 << 1 << QStringLiteral("(0)");
        QTest::newRow("absurd n") << QByteArray("  99999999999999999999999\n") << 1 << 3
                                  << QStringLiteral("from 1 to 2000");
        QTest::newRow("n too large") << QByteArray("2001") << 1 << 1 << QStringLiteral("(2001)");
        QTest::newRow("fractional n") << QByteArray("2.5") << 1 << 1 << QStringLiteral("(2.5)");
        QTest::newRow("word in flow") << QByteArray("2\n1 2\n3 four\n") << 3 << 3
                                      << QStringLiteral("flow matrix, row 2, column 2 (four)");
        QTest::newRow("word in distance")
            << QByteArray("2\n1 2\n3 4\n\n5 6\n7 x8\n") << 6 << 3
            << QStringLiteral("distance matrix, row 2, column 2 (x8)");
        QTest::newRow("nan") << QByteArray("1\nnan 1") << 2 << 1 << QStringLiteral("(nan)");
        QTest::newRow("infinity") << QByteArray("1\n1 -inf") << 2 << 3 << QStringLiteral("(-inf)");
        QTest::newRow("overflowing number")
            << QByteArray("1\n1e999 1") << 2 << 1 << QStringLiteral("(1e999)");
        QTest::newRow("too large to sum")
            << QByteArray("1\n2e12 1") << 2 << 1 << QStringLiteral("too large");
        QTest::newRow("hex") << QByteArray("1\n0x10 1") << 2 << 1 << QStringLiteral("(0x10)");
        QTest::newRow("double sign") << QByteArray("1\n+-1 1") << 2 << 1 << QStringLiteral("(+-1)");
        QTest::newRow("comma decimal")
            << QByteArray("1\n1,5 1") << 2 << 1 << QStringLiteral("(1,5)");
        QTest::newRow("too few numbers")
            << QByteArray("2\r\n1 2\r\n3 4\r\n\r\n5 6\r\n7") << 6 << 2
            << QStringLiteral("end of file: expected the distance matrix, row 2, column 2 (7 of 8");
        QTest::newRow("extra number") << QByteArray("1\n1\n2\n  3\n") << 4 << 3
                                      << QStringLiteral("expected the end of the file");
        QTest::newRow("control bytes")
            << QByteArray("1\n\x01\x02 1", 6) << 2 << 1 << QStringLiteral("(?\?)");
        QTest::newRow("long word")
            << QByteArray("1\n1 ") + QByteArray(100, 'z') << 2 << 3 << QStringLiteral("zzz...)");
    }

    void reportsWhereAndWhat() {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        try {
            readQapProblem(text, QStringLiteral("bad.dat"));
            QFAIL("expected a QapFormatError");
        } catch (const QapFormatError& error) {
            QCOMPARE(error.line(), line);
            QCOMPARE(error.column(), column);
            const QString prefix = QStringLiteral("bad.dat:%1:%2: ").arg(line).arg(column);
            QVERIFY2(error.message().startsWith(prefix), qPrintable(error.message()));
            QVERIFY2(error.message().contains(message), qPrintable(error.message()));
        }
    }

    void acceptsSignsAndDecimals() {
        const QapProblem read = readQapProblem("1\n+2.5\n-1e3\n", "x.dat");
        QCOMPARE(read.flow, std::vector<double>{2.5});
        QCOMPARE(read.distance, std::vector<double>{-1000.0});
    }

    // Random truncation and byte damage: every outcome is a problem or a positioned error.
    void survivesDamage() {
        const QByteArray good = written(testing::randomProblem(6, true, 5), " ", "\n");
        std::mt19937 engine(12345);
        const char replacements[] = {'x', '-', '.', 'e', ' ', '\n', '\0', '9', '+', '\xff'};
        int errors = 0;
        for (int round = 0; round < 3000; ++round) {
            QByteArray damaged = good.left(
                static_cast<qsizetype>(engine() % static_cast<unsigned>(good.size() + 1)));
            for (int k = static_cast<int>(engine() % 4); k > 0 && !damaged.isEmpty(); --k) {
                damaged[static_cast<qsizetype>(engine() % static_cast<unsigned>(damaged.size()))] =
                    replacements[engine() % sizeof(replacements)];
            }
            try {
                const QapProblem problem = readQapProblem(damaged, "d.dat");
                QCOMPARE(problem.flow.size(),
                         static_cast<std::size_t>(problem.size * problem.size));
                QCOMPARE(problem.distance.size(), problem.flow.size());
            } catch (const QapFormatError& error) {
                ++errors;
                QVERIFY(error.line() >= 1 && error.column() >= 1);
                QVERIFY(error.message().startsWith(
                    QStringLiteral("d.dat:%1:%2: ").arg(error.line()).arg(error.column())));
            }
        }
        QVERIFY(errors > 100);
    }

    void missingFile() {
        QVERIFY_THROWS_EXCEPTION(mb::Error, readQapFile(QStringLiteral("/nonexistent/x.dat")));
    }

    void qaplibFiles_data() {
        QTest::addColumn<QString>("name");
        const auto all = qaplib::instances(qaplib::folder());
        if (all.empty())
            QTest::newRow("absent") << QString();
        for (const auto& instance : all)
            QTest::newRow(qPrintable(instance.name)) << instance.name;
    }

    // Each .dat against its .qap twin, whose first line also carries the two reference values.
    void qaplibFiles() {
        QFETCH(QString, name);
        if (name.isEmpty())
            QSKIP(qPrintable(QStringLiteral("QAPLIB instances absent: %1").arg(qaplib::folder())));
        const QString stem = qaplib::folder() + QLatin1Char('/') + name;
        const QapProblem problem = readQapFile(stem + QStringLiteral(".dat"));
        QFile twin(stem + QStringLiteral(".qap"));
        QVERIFY(twin.open(QIODevice::ReadOnly));
        const QList<QByteArray> header = twin.readLine().simplified().split(' ');
        QCOMPARE(header.size(), 3);
        const QapProblem fromTwin =
            readQapProblem(header[0] + "\n" + twin.readAll(), stem + QStringLiteral(".qap"));
        QCOMPARE(problem.size, header[0].toInt());
        QCOMPARE(fromTwin.flow, problem.flow);
        QCOMPARE(fromTwin.distance, problem.distance);
    }
};

QTEST_GUILESS_MAIN(TestQapReader)
#include "tst_qapreader.moc"
