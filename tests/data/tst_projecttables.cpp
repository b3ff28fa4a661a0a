// data/ProjectTables: the data browser's counts, columns and text search, read in core. Names
// and search text are quoted, so '%', '_', quotes and SQL in the text are searched for as written.
#include "data/Project.h"
#include "data/ProjectTables.h"
#include "data/Sqlite.h"

#include <QTemporaryDir>
#include <QtTest>

using mb::data::TextSearch;

class ProjectTablesTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<mb::data::Project> project_;

private Q_SLOTS:
    void initTestCase() {
        project_ = mb::data::Project::open(dir_.filePath(QStringLiteral("shop.merchbench")));
        mb::data::exec(project_->db(),
                       "INSERT INTO products(product, name, category, unit_cost) VALUES "
                       "('P1', '100% juice', 'drinks', 1.0),"
                       "('P2', 'juice_box', 'drinks', 0.5),"
                       "('P3', 'O''Brien''s crisps', 'snacks', 0.7),"
                       "('P4', 'apple juice', 'drinks', 2.5),"
                       "('P5', 'back\\slash', 'misc', 2.5)");
    }

    void countsAndColumns() {
        QVERIFY(mb::data::hasTable(*project_, QStringLiteral("products")));
        QVERIFY(!mb::data::hasTable(*project_, QStringLiteral("shelves")));
        QCOMPARE(mb::data::countRows(*project_, QStringLiteral("products")), qint64(5));
        QCOMPARE(mb::data::countRows(*project_, QStringLiteral("shelves")), qint64(-1));
        const QStringList columns = mb::data::columnNames(*project_, QStringLiteral("products"));
        QCOMPARE(columns.first(), QStringLiteral("product"));
        QVERIFY(columns.contains(QStringLiteral("unit_cost")));
        const QStringList text = mb::data::textColumnNames(*project_, QStringLiteral("products"));
        QVERIFY(text.contains(QStringLiteral("name")) && text.contains(QStringLiteral("brand")));
        QVERIFY(!text.contains(QStringLiteral("unit_cost")));
        QVERIFY(!text.contains(QStringLiteral("line")));
    }

    void searchFindsTheTextAsWritten_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("columns");
        QTest::addColumn<qint64>("matches");
        const QStringList name{QStringLiteral("name")};
        QTest::newRow("plain") << "juice" << name << qint64(3);
        QTest::newRow("case") << "JUICE" << name << qint64(3);
        QTest::newRow("percent is a percent") << "100%" << name << qint64(1);
        QTest::newRow("underscore is an underscore") << "e_b" << name << qint64(1);
        QTest::newRow("quote") << "O'Brien's" << name << qint64(1);
        QTest::newRow("backslash") << "k\\s" << name << qint64(1);
        QTest::newRow("SQL in the text") << "x' OR 1=1 --" << name << qint64(0);
        QTest::newRow("two columns") << "s" << QStringList{"name", "category"} << qint64(5);
        QTest::newRow("no column") << "juice" << QStringList{} << qint64(0);
        QTest::newRow("empty text: every row") << "  " << name << qint64(5);
    }
    void searchFindsTheTextAsWritten() {
        QFETCH(QString, text);
        QFETCH(QStringList, columns);
        QFETCH(qint64, matches);
        const TextSearch search{columns, text};
        QCOMPARE(mb::data::countRows(*project_, QStringLiteral("products"), search), matches);
        // The condition a table model filters with selects the same rows.
        const QString condition = mb::data::searchCondition(search);
        mb::data::Statement rows(
            project_->db(),
            (QStringLiteral("SELECT count(*) FROM products") +
             (condition.isEmpty() ? QString() : QStringLiteral(" WHERE ") + condition))
                .toStdString());
        rows.step();
        QCOMPARE(rows.int64(0), std::int64_t(matches));
    }

    void identifiersAreQuoted() {
        QCOMPARE(mb::data::quotedIdentifier(QStringLiteral("we\"ird")),
                 QStringLiteral("\"we\"\"ird\""));
        mb::data::exec(project_->db(), "CREATE TABLE \"odd\"\"name\" (\"a\"\"b\" TEXT)");
        mb::data::exec(project_->db(), "INSERT INTO \"odd\"\"name\" VALUES ('x'), ('y')");
        const QString table = QStringLiteral("odd\"name");
        QCOMPARE(mb::data::countRows(*project_, table), qint64(2));
        QCOMPARE(mb::data::textColumnNames(*project_, table), QStringList{"a\"b"});
        QCOMPARE(mb::data::countRows(*project_, table, TextSearch{{"a\"b"}, "y"}), qint64(1));
    }
};

QTEST_GUILESS_MAIN(ProjectTablesTest)
#include "tst_projecttables.moc"
