// Import benchmark (issue: foundation, item 11). Generates the demo retailer at --scale S
// (default 100: over a million weekly sales rows), imports its sales file into a new project with
// merchbench-cli, imports the same file with the sqlite3 shell's .import into an equivalent table,
// and prints rows/s, peak memory and the ratio. A second, four times smaller run shows whether
// peak memory grows with the file.
//   bench_import [--scale S] [--sqlite3 PATH]
#include "data/DemoGenerator.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <cstdio>
#include <vector>

namespace {

struct Measured {
    double seconds = 0;
    double peakMiB = 0;
    int exitCode = -1;
};

// Runs a program as a child process and measures its wall time and peak resident memory.
Measured runChild(const QStringList& arguments, const QString& stdinFile = QString()) {
    std::vector<QByteArray> storage;
    for (const QString& argument : arguments)
        storage.push_back(argument.toLocal8Bit());
    std::vector<char*> argv;
    for (QByteArray& argument : storage)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    QElapsedTimer timer;
    timer.start();
    const pid_t pid = fork();
    if (pid == 0) {
        if (!stdinFile.isEmpty()) {
            if (!freopen(stdinFile.toLocal8Bit().constData(), "r", stdin))
                _exit(126);
        }
        if (!freopen("/dev/null", "w", stdout))
            _exit(126);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    Measured measured;
    measured.seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    measured.peakMiB = static_cast<double>(usage.ru_maxrss) / 1024.0;
    measured.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return measured;
}

qint64 dataRows(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    qint64 lines = 0;
    char buffer[1 << 16];
    qint64 read = 0;
    while ((read = file.read(buffer, sizeof buffer)) > 0) {
        for (qint64 i = 0; i < read; ++i)
            lines += buffer[i] == '\n';
    }
    return lines - 1;
}

struct Run {
    qint64 rows = 0;
    Measured merchbench;
    Measured raw;
};

Run measure(const QString& workDir, double scale, const QString& sqlite3) {
    const QString data = workDir + QStringLiteral("/data-%1").arg(scale);
    mb::data::DemoOptions options;
    options.scale = scale;
    const mb::data::DemoResult demo = mb::data::generateDemo(data, options);
    const QString cli = QStringLiteral(MERCHBENCH_CLI_PATH);
    const QString project = workDir + QStringLiteral("/bench-%1.merchbench").arg(scale);
    for (const char* kind : {"products", "stores"}) {
        runChild({cli, QStringLiteral("import"), project, demo.files.at(QString::fromLatin1(kind)),
                  QStringLiteral("--kind"), QString::fromLatin1(kind)});
    }
    Run run;
    run.rows = dataRows(demo.files.at(QStringLiteral("sales")));
    run.merchbench =
        runChild({cli, QStringLiteral("import"), project, demo.files.at(QStringLiteral("sales")),
                  QStringLiteral("--kind"), QStringLiteral("sales")});

    // The same columns and key as the project's sales table, without validation.
    const QString rawDb = workDir + QStringLiteral("/raw-%1.db").arg(scale);
    const QString script = workDir + QStringLiteral("/raw-%1.sql").arg(scale);
    QFile sql(script);
    if (!sql.open(QIODevice::WriteOnly))
        qFatal("cannot write the sqlite3 script");
    sql.write(
        "PRAGMA journal_mode = WAL;\nPRAGMA synchronous = NORMAL;\n"
        "CREATE TABLE sales(week TEXT NOT NULL, store TEXT NOT NULL, product TEXT NOT NULL,"
        " units REAL NOT NULL, revenue REAL, price REAL, regular_price REAL, feature INTEGER,"
        " display INTEGER, tpr INTEGER, PRIMARY KEY (product, store, week)) WITHOUT ROWID;\n"
        ".import --csv --skip 1 '" +
        demo.files.at(QStringLiteral("sales")).toLocal8Bit() + "' sales\n");
    sql.close();
    run.raw = runChild({sqlite3, rawDb}, script);
    return run;
}

}  // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    double scale = 100;
    QString sqlite3 = QStringLiteral("/usr/bin/sqlite3");
    const QStringList arguments = QCoreApplication::arguments();
    for (int i = 1; i + 1 < arguments.size(); i += 2) {
        if (arguments[i] == QStringLiteral("--scale"))
            scale = arguments[i + 1].toDouble();
        if (arguments[i] == QStringLiteral("--sqlite3"))
            sqlite3 = arguments[i + 1];
    }
    if (!QFile::exists(sqlite3)) {
        std::fprintf(stderr, "bench_import: %s not found (apt-get install sqlite3)\n",
                     qPrintable(sqlite3));
        return 2;
    }
    QTemporaryDir work;
    std::printf("Import benchmark: demo retailer weekly sales, %d cores\n\n",
                static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN)));
    std::printf("%8s %10s | %11s %10s %9s | %11s %10s %9s | %6s\n", "scale", "rows", "merchbench s",
                "rows/s", "peak MiB", "sqlite3 s", "rows/s", "peak MiB", "ratio");
    for (const double s : {scale / 4, scale}) {
        const Run run = measure(work.path(), s, sqlite3);
        if (run.merchbench.exitCode != 0 || run.raw.exitCode != 0) {
            std::fprintf(stderr, "bench_import: an import failed (merchbench %d, sqlite3 %d)\n",
                         run.merchbench.exitCode, run.raw.exitCode);
            return 1;
        }
        std::printf("%8g %10lld | %11.2f %10.0f %9.1f | %11.2f %10.0f %9.1f | %6.2f\n", s,
                    static_cast<long long>(run.rows), run.merchbench.seconds,
                    static_cast<double>(run.rows) / run.merchbench.seconds, run.merchbench.peakMiB,
                    run.raw.seconds, static_cast<double>(run.rows) / run.raw.seconds,
                    run.raw.peakMiB, run.merchbench.seconds / run.raw.seconds);
    }
    std::printf(
        "\nratio = merchbench time / sqlite3 .import time (target <= 2); merchbench validates "
        "every value, checks references and duplicates.\n");
    return 0;
}
