// The project file: creation, migration from an older schema, refusal of newer or foreign files.
#include "common/Error.h"
#include "data/Kind.h"
#include "data/Project.h"
#include "data/SavedScenarios.h"
#include "data/Sqlite.h"

#include <sqlite3.h>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using mb::data::Project;

namespace {

// A project file of an older format holding the rows `statements` insert with that format's DDL.
QString olderProject(const QTemporaryDir& dir, int version,
                     std::initializer_list<const char*> statements) {
    QString path = dir.filePath(QStringLiteral("v%1.merchbench").arg(version));
    Project::createAtVersion(path, version);
    sqlite3* db = nullptr;
    if (sqlite3_open(path.toUtf8().constData(), &db) != SQLITE_OK)
        qFatal("cannot open %s", qPrintable(path));
    for (const char* sql : statements)
        mb::data::exec(db, sql);
    sqlite3_close(db);
    return path;
}

}  // namespace

class TestProject : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void newProjectHasEveryTable() {
        QTemporaryDir dir;
        const auto project = Project::open(dir.filePath(QStringLiteral("a.merchbench")));
        QCOMPARE(project->schemaVersion(), Project::kSchemaVersion);
        QCOMPARE(mb::data::queryInt(project->db(), "PRAGMA foreign_keys"), 1);
        mb::data::Statement mode(project->db(), "PRAGMA journal_mode");
        QVERIFY(mode.step());
        QCOMPARE(mode.text(0), QStringLiteral("wal"));
        for (const auto& kind : mb::data::allKinds()) {
            QCOMPARE(project->rowCount(kind), 0);
        }
        for (const char* table : {"imports", "runs", "decisions", "campaigns"}) {
            QCOMPARE(
                mb::data::queryInt(
                    project->db(),
                    std::string("SELECT count(*) FROM sqlite_schema WHERE name = '") + table + "'"),
                1);
        }
    }

    void migratesAnOlderProjectKeepingItsData() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("old.merchbench"));
        Project::createAtVersion(path, 1);
        {
            sqlite3* db = nullptr;
            QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
            mb::data::exec(db, "INSERT INTO products(product, name) VALUES('A', 'apple')");
            QCOMPARE(mb::data::queryInt(db, "PRAGMA user_version"), 1);
            QCOMPARE(
                mb::data::queryInt(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'runs'"),
                0);
            sqlite3_close(db);
        }
        const auto project = Project::open(path, Project::OpenMode::MustExist);
        QCOMPARE(project->schemaVersion(), Project::kSchemaVersion);
        QCOMPARE(
            mb::data::queryInt(project->db(), "SELECT count(*) FROM products WHERE name = 'apple'"),
            1);
        const qint64 run =
            project->beginRun(QStringLiteral("test"), QStringLiteral("{\"a\":1}"), 7);
        project->finishRun(run, QStringLiteral("done"), QStringLiteral("{}"));
        mb::data::Statement row(
            project->db(),
            "SELECT status, seed, length(input_fingerprint), program_version FROM runs");
        QVERIFY(row.step());
        QCOMPARE(row.text(0), QStringLiteral("done"));
        QCOMPARE(row.int64(1), 7);
        QCOMPARE(row.int64(2), 64);
        QCOMPARE(row.text(3), QStringLiteral(MERCHBENCH_VERSION));
    }

    // Version 3 keeps a version 2 project's consent flags as statements dated by their import,
    // so a later dated file is compared with them, and adds the erasure audit table.
    void migratesAVersion2ProjectsConsent() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v2.merchbench"));
        Project::createAtVersion(path, 2);
        {
            sqlite3* db = nullptr;
            QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
            mb::data::exec(db,
                           "INSERT INTO imports(id, kind, file_name, file_sha256, imported_at, "
                           "program_version) VALUES(4, 'customers', 'c.csv', 'x', "
                           "'2025-02-03T10:00:00Z', '0.1')");
            mb::data::exec(db,
                           "INSERT INTO customers(customer, consent_offers, consent_email, "
                           "import_id, line) VALUES('C1', 1, 0, 4, 2), ('C2', NULL, 1, 4, 3)");
            sqlite3_close(db);
        }
        const auto project = Project::open(path, Project::OpenMode::MustExist);
        QCOMPARE(project->schemaVersion(), Project::kSchemaVersion);
        QCOMPARE(mb::data::queryInt(project->db(), "SELECT count(*) FROM consent_statements"), 3);
        mb::data::Statement c1(project->db(),
                               "SELECT consent_offers, consent_offers_as_of, consent_email, "
                               "consent_email_as_of FROM customers WHERE customer = 'C1'");
        QVERIFY(c1.step());
        QCOMPARE(c1.int64(0), 1);
        QCOMPARE(c1.text(1), QStringLiteral("2025-02-03T10:00:00Z"));
        QCOMPARE(c1.int64(2), 0);
        QCOMPARE(c1.text(3), QStringLiteral("2025-02-03T10:00:00Z"));
        mb::data::Statement c2(project->db(),
                               "SELECT consent_offers_as_of FROM customers WHERE customer = 'C2'");
        QVERIFY(c2.step());
        QVERIFY(c2.isNull(0));  // no statement, no date
        QCOMPARE(mb::data::queryInt(project->db(), "SELECT count(*) FROM erasures"), 0);
    }

    // Version 5 gives zones, zone links and layout rows a store (and layout rows a valid_from):
    // a version 4 project's rows become the shared plan, in force since always, every value and
    // every traffic and path row kept, and the tables still take new rows with foreign keys on.
    void migratesAVersion4FloorPlanToTheSharedPlan() {
        QTemporaryDir dir;
        const QString path = olderProject(
            dir, 4,
            {"INSERT INTO zones(zone, name, type, x, y, width, height, import_id, line) "
             "VALUES('E', 'Entrance', 'entrance', 0, 0, 10, 8, 3, 2), "
             "('Z1', 'Aisle', 'department', 10, 0, 10, 8, 3, 3), "
             "('C', NULL, 'checkout', 20, 0, 10, 8, 3, 4)",
             "INSERT INTO zone_links(zone_a, zone_b, distance, import_id, line) "
             "VALUES('E', 'Z1', 10, 4, 2), ('Z1', 'C', NULL, 4, 3)",
             "INSERT INTO layout(category, zone, import_id, line) VALUES('bakery', 'Z1', 5, 2)",
             "INSERT INTO traffic(zone, time, visits, dwell_seconds) "
             "VALUES('Z1', '2024-01-01T10:00:00', 12, 30)",
             "INSERT INTO paths(id, time, shopper, zone, import_id, line) "
             "VALUES(7, '2024-01-01T10:00:00', 'A', 'E', 6, 2), "
             "(8, '2024-01-01T10:01:00', 'A', 'Z1', 6, 3)"});
        const auto project = Project::open(path, Project::OpenMode::MustExist);
        QCOMPARE(project->schemaVersion(), Project::kSchemaVersion);
        sqlite3* db = project->db();
        const auto text = [&](const char* sql) {
            mb::data::Statement row(db, sql);
            return row.step() ? row.text(0) : QStringLiteral("<none>");
        };
        QCOMPARE(mb::data::queryInt(db, "SELECT count(*) FROM zones WHERE store = ''"), 3);
        QCOMPARE(text("SELECT group_concat(zone || ':' || COALESCE(name, '-') || ':' || type || "
                      "':' || x || ':' || line, ' ') FROM (SELECT * FROM zones ORDER BY zone)"),
                 QStringLiteral("C:-:checkout:20.0:4 E:Entrance:entrance:0.0:2 "
                                "Z1:Aisle:department:10.0:3"));
        QCOMPARE(text("SELECT group_concat(zone_a || '-' || zone_b || ':' || "
                      "COALESCE(distance, 'null') || ':' || store, ' ') FROM "
                      "(SELECT * FROM zone_links ORDER BY zone_a)"),
                 QStringLiteral("E-Z1:10.0: Z1-C:null:"));
        QCOMPARE(text("SELECT category || ':' || zone || ':' || store || ':' || valid_from || ':' "
                      "|| import_id || ':' || line FROM layout"),
                 QStringLiteral("bakery:Z1:::5:2"));
        QCOMPARE(text("SELECT zone || ':' || visits || ':' || dwell_seconds FROM traffic"),
                 QStringLiteral("Z1:12.0:30.0"));
        QCOMPARE(text("SELECT group_concat(id || ':' || zone, ' ') FROM paths"),
                 QStringLiteral("7:E 8:Z1"));
        QCOMPARE(mb::data::queryInt(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
        // A store's own rows go next to the shared ones; foreign keys on, nothing refuses them.
        mb::data::exec(db, "INSERT INTO zones(zone, store) VALUES('Z1', 'S1')");
        mb::data::exec(db,
                       "INSERT INTO layout(category, zone, store, valid_from) "
                       "VALUES('bakery', 'Z1', 'S1', '2024-06-01')");
        mb::data::exec(db, "INSERT INTO traffic(zone, time, visits) VALUES('C', '2024-01-02', 3)");
        mb::data::exec(db, "DELETE FROM zones WHERE zone = 'C'");
        QCOMPARE(mb::data::queryInt(db, "SELECT count(*) FROM zones"), 3);
    }

    void refusesANewerProjectWithoutChangingIt() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("new.merchbench"));
        { Project::open(path); }
        {
            sqlite3* db = nullptr;
            sqlite3_open(path.toUtf8().constData(), &db);
            mb::data::exec(db, "PRAGMA user_version = 99");
            sqlite3_close(db);
        }
        QFile before(path);
        QVERIFY(before.open(QIODevice::ReadOnly));
        const QByteArray bytes = before.readAll();
        before.close();
        try {
            Project::open(path);
            QFAIL("a newer project must be refused");
        } catch (const mb::Error& error) {
            QVERIFY2(error.message().contains(QStringLiteral("newer Merchbench")),
                     qPrintable(error.message()));
        }
        QFile after(path);
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), bytes);
    }

    void refusesFilesThatAreNotProjects_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("sqlite");
        QTest::addColumn<QString>("message");
        QTest::newRow("text file")
            << QByteArray("week,store\n") << false << "not a Merchbench project";
        QTest::newRow("other database") << QByteArray() << true << "not a Merchbench project";
    }

    void refusesFilesThatAreNotProjects() {
        QFETCH(QByteArray, content);
        QFETCH(bool, sqlite);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("x.merchbench"));
        if (sqlite) {
            sqlite3* db = nullptr;
            sqlite3_open(path.toUtf8().constData(), &db);
            mb::data::exec(db, "CREATE TABLE t(a)");
            sqlite3_close(db);
        } else {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content.repeated(100));
        }
        try {
            Project::open(path);
            QFAIL("must be refused");
        } catch (const mb::Error& error) {
            QVERIFY2(error.message().contains(message), qPrintable(error.message()));
        }
        QVERIFY(QFile::exists(path));
    }

    void missingProjectIsAnErrorWhenItMustExist() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("none.merchbench"));
        QVERIFY_THROWS_EXCEPTION(mb::Error, Project::open(path, Project::OpenMode::MustExist));
        QVERIFY(!QFile::exists(path));
    }

    void fingerprintFollowsTheInputs() {
        QTemporaryDir dir;
        const auto project = Project::open(dir.filePath(QStringLiteral("f.merchbench")));
        const QString empty = project->inputFingerprint();
        QCOMPARE(project->inputFingerprint(), empty);
        mb::data::exec(project->db(), "INSERT INTO stores(store) VALUES('S1')");
        QVERIFY(project->inputFingerprint() != empty);
    }

    void savedScenariosComeBackAndReplaceByName() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.merchbench"));
        mb::data::SavedScenario plan;
        plan.page = QStringLiteral("markdown");
        plan.name = QStringLiteral("Spring clearance");
        plan.analysis = QStringLiteral("markdown");
        plan.request = QJsonObject{{QStringLiteral("analysis"), QStringLiteral("markdown")},
                                   {QStringLiteral("exit_week"), 13}};
        plan.edits = QJsonObject{{QStringLiteral("locks"), QJsonArray{3, 5}}};
        plan.inputFingerprint = QStringLiteral("abc");
        {
            const auto project = Project::open(path);
            const QString fingerprint = project->inputFingerprint();
            mb::data::saveScenario(*project, plan);
            // Saving work is not an input: the fingerprint of the inputs stays.
            QCOMPARE(project->inputFingerprint(), fingerprint);
        }
        const auto project = Project::open(path, Project::OpenMode::MustExist);
        const auto loaded = mb::data::savedScenario(*project, plan.page, plan.name);
        QVERIFY(loaded.has_value());
        QCOMPARE(loaded->request, plan.request);
        QCOMPARE(loaded->edits, plan.edits);
        QCOMPARE(loaded->inputFingerprint, plan.inputFingerprint);
        QCOMPARE(loaded->programVersion, QStringLiteral(MERCHBENCH_VERSION));
        QVERIFY(!loaded->savedAt.isEmpty());
        QVERIFY(!mb::data::savedScenario(*project, QStringLiteral("layout"), plan.name));

        plan.edits = QJsonObject{};
        mb::data::saveScenario(*project, plan);
        const auto all = mb::data::savedScenarios(*project, plan.page);
        QCOMPARE(all.size(), std::size_t(1));
        QCOMPARE(all.front().edits, QJsonObject{});
        // A rename keeps what the scenario holds and never replaces another one.
        mb::data::SavedScenario other = plan;
        other.name = QStringLiteral("clearance");
        mb::data::saveScenario(*project, other);
        QVERIFY_THROWS_EXCEPTION(
            mb::Error, mb::data::renameScenario(*project, plan.page, plan.name, other.name));
        QVERIFY_THROWS_EXCEPTION(mb::Error, mb::data::renameScenario(*project, plan.page, plan.name,
                                                                     QStringLiteral(" ")));
        QVERIFY_THROWS_EXCEPTION(
            mb::Error, mb::data::renameScenario(*project, plan.page, QStringLiteral("nothing"),
                                                QStringLiteral("something")));
        QCOMPARE(mb::data::savedScenarios(*project, plan.page).size(), std::size_t(2));
        const auto before = mb::data::savedScenario(*project, plan.page, plan.name);
        mb::data::renameScenario(*project, plan.page, plan.name, QStringLiteral(" autumn "));
        QVERIFY(!mb::data::savedScenario(*project, plan.page, plan.name));
        const auto renamed = mb::data::savedScenario(*project, plan.page, QStringLiteral("autumn"));
        QVERIFY(renamed.has_value());
        QCOMPARE(renamed->request, before->request);
        QCOMPARE(renamed->edits, before->edits);
        QCOMPARE(renamed->savedAt, before->savedAt);
        QVERIFY(mb::data::savedScenario(*project, plan.page, other.name));
        mb::data::renameScenario(*project, plan.page, QStringLiteral("autumn"), plan.name);
        QVERIFY(mb::data::deleteScenario(*project, plan.page, other.name));

        QVERIFY(mb::data::deleteScenario(*project, plan.page, plan.name));
        QVERIFY(!mb::data::deleteScenario(*project, plan.page, plan.name));
        plan.name = QStringLiteral("  ");
        QVERIFY_THROWS_EXCEPTION(mb::Error, mb::data::saveScenario(*project, plan));
    }

    void currencyIsAnIsoCode() {
        QTemporaryDir dir;
        const auto project = Project::open(dir.filePath(QStringLiteral("c.merchbench")));
        QCOMPARE(mb::data::projectCurrency(*project), QString());
        mb::data::setProjectCurrency(*project, QStringLiteral("GBP"));
        QCOMPARE(mb::data::projectCurrency(*project), QStringLiteral("GBP"));
        QVERIFY_THROWS_EXCEPTION(mb::Error,
                                 mb::data::setProjectCurrency(*project, QStringLiteral("£")));
        QCOMPARE(mb::data::projectCurrency(*project), QStringLiteral("GBP"));
    }
};

QTEST_GUILESS_MAIN(TestProject)
#include "tst_project.moc"
