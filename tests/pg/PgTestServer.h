// The PostgreSQL server the pg tests use: MERCHBENCH_TEST_PG, set by scripts/test.sh from
// scripts/pg-test-server.sh. Locally the tests skip without it; in CI (CI=true) they fail, so a
// CI that forgot to start the server cannot pass by skipping.
#pragma once

#include "pg/PgConnection.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QTest>

namespace mbtest {

inline bool runningInCi() {
    const QString ci = qEnvironmentVariable("CI").toLower();
    return ci == QStringLiteral("true") || ci == QStringLiteral("1") || ci == QStringLiteral("yes");
}

// The password in a postgresql://user:password@... string, for the tests that look for it.
inline QString passwordOf(const QString& uri) {
    const QRegularExpression pattern(QStringLiteral("^postgres(?:ql)?://[^:/@]*:([^@]*)@"));
    return pattern.match(uri).captured(1);
}

// A schema of its own for one test program, dropped (with everything in it) when it ends.
struct PgScratchSchema {
    std::unique_ptr<mb::pg::PgConnection> admin;
    QString name;
    void create(const QString& uri, const QString& program) {
        admin = std::make_unique<mb::pg::PgConnection>(uri);
        name = QStringLiteral("%1_%2").arg(program).arg(QCoreApplication::applicationPid());
        admin->exec(QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1").arg(name),
                    QStringLiteral("creating the test schema"));
    }
    ~PgScratchSchema() {
        if (admin)
            admin->exec(QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(name),
                        QStringLiteral("dropping the test schema"));
    }
};

// Every row of the merchbench tables, ordered, as text: what a store system would read; empty
// when the tables do not exist yet.
inline QStringList publishedRows(const QString& uri) {
    mb::pg::PgConnection reader(uri);
    if (reader
            .column(QStringLiteral("SELECT to_regclass('merchbench.runs')::text"), {},
                    QStringLiteral("looking for the tables"))
            .value(0)
            .isEmpty())
        return {};
    QStringList rows;
    for (const char* table : {"runs", "price_changes", "offer_list", "layout_scenario"}) {
        const QString name = QStringLiteral("merchbench.") + QLatin1String(table);
        rows +=
            reader.column(QStringLiteral("SELECT t::text FROM %1 AS t ORDER BY t::text").arg(name),
                          {}, QStringLiteral("reading ") + name);
    }
    return rows;
}

}  // namespace mbtest

// Declares `uri`, the test server's connection string, or skips (fails in CI) without one.
#define MB_TEST_PG_URI(uri)                                                                 \
    const QString uri = qEnvironmentVariable("MERCHBENCH_TEST_PG");                         \
    do {                                                                                    \
        if (uri.isEmpty()) {                                                                \
            if (mbtest::runningInCi())                                                      \
                QFAIL(                                                                      \
                    "MERCHBENCH_TEST_PG is unset with CI=true: scripts/test.sh starts the " \
                    "server (scripts/pg-test-server.sh) and exports it");                   \
            QSKIP(                                                                          \
                "no PostgreSQL test server: run scripts/pg-test-server.sh start DIR and "   \
                "export MERCHBENCH_TEST_PG=<the string it prints>");                        \
        }                                                                                   \
    } while (false)
