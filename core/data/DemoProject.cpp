#include "data/DemoProject.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/SavedScenarios.h"
#include "data/TrafficStore.h"

#include "data/Sqlite.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace mb::data {

QStringList importOrder() {
    return {QStringLiteral("products"),   QStringLiteral("stores"),    QStringLiteral("sales"),
            QStringLiteral("inventory"),  QStringLiteral("customers"), QStringLiteral("baskets"),
            QStringLiteral("campaign"),   QStringLiteral("offers"),    QStringLiteral("zones"),
            QStringLiteral("zone_links"), QStringLiteral("layout"),    QStringLiteral("traffic"),
            QStringLiteral("paths")};
}

QString findDemoDataDir() {
    QStringList candidates;
    const QString appDir =
        QCoreApplication::instance() ? QCoreApplication::applicationDirPath() : QString();
    if (!appDir.isEmpty()) {
        candidates << appDir + QStringLiteral("/../share/merchbench/demo")
                   << appDir + QStringLiteral("/../../datasets/demo")
                   << appDir + QStringLiteral("/../datasets/demo");
    }
#ifdef MERCHBENCH_SOURCE_DIR
    candidates << QStringLiteral(MERCHBENCH_SOURCE_DIR "/datasets/demo");
#endif
    if (const QByteArray env = qgetenv("MERCHBENCH_DEMO_DIR"); !env.isEmpty()) {
        candidates.prepend(QString::fromLocal8Bit(env));
    }
    for (const QString& candidate : candidates) {
        if (QFileInfo::exists(candidate + QStringLiteral("/products.csv"))) {
            return QDir(candidate).canonicalPath();
        }
    }
    return {};
}

void removeProjectFiles(const QString& path) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        QFile::remove(path + QLatin1String(suffix));
}

namespace {

std::vector<ImportReport> importDemoFiles(Project& project, const QString& demoDataDir,
                                          ProgressToken* progress) {
    Importer importer(project);
    std::vector<ImportReport> reports;
    const QStringList kinds = importOrder();
    for (int i = 0; i < kinds.size(); ++i) {
        const QString file = demoDataDir + QLatin1Char('/') + kinds[i] + QStringLiteral(".csv");
        if (!QFileInfo::exists(file))
            continue;
        ImportOptions options;
        options.kind = kinds[i];
        if (kinds[i] == QStringLiteral("campaign")) {
            options.campaign = QStringLiteral("demo_campaign");
            options.controlArm = QStringLiteral("control");
            options.outcomes = {QStringLiteral("visit"), QStringLiteral("purchase"),
                                QStringLiteral("spend")};
        }
        ProgressToken step;
        step.setListener([&](double fraction) {
            if (!progress)
                return;
            progress->report((i + fraction) / kinds.size());
            if (progress->isCancelled())
                step.cancel();
        });
        ImportReport report = importer.run(file, options, &step);
        if (progress && progress->isCancelled())
            break;
        if (!report.committed) {
            QString first = report.errors.empty() ? QString() : report.errors.front().format(file);
            throw Error(QStringLiteral("The demo file %1 was rejected: %2").arg(file, first));
        }
        reports.push_back(std::move(report));
    }
    // One self-contained file (no -wal beside it), so it can be moved into place.
    exec(project.db(), "PRAGMA wal_checkpoint(TRUNCATE)");
    exec(project.db(), "PRAGMA journal_mode = DELETE");
    return reports;
}

}  // namespace

std::vector<ImportReport> buildDemoProject(const QString& projectPath, const QString& demoDataDir,
                                           ProgressToken* progress) {
    // Built beside the old project and moved over it only when whole: a full disk, a rejected
    // file or a cancel leaves the old project as it was.
    const QString partPath = projectPath + QStringLiteral(".part");
    removeProjectFiles(partPath);
    std::vector<ImportReport> reports;
    try {
        std::unique_ptr<Project> project = Project::open(partPath);
        reports = importDemoFiles(*project, demoDataDir, progress);
        // The demo retailer's prices are in US dollars (datasets/README.md).
        setProjectCurrency(*project, QStringLiteral("USD"));
        // Its foot traffic and paths were counted in store S0001 (datasets/README.md).
        setTrafficStore(*project, QStringLiteral("S0001"));
    } catch (...) {
        removeProjectFiles(partPath);
        throw;
    }
    if (progress && progress->isCancelled()) {
        removeProjectFiles(partPath);
        return reports;
    }
    // A -wal left by the old project would be replayed onto the new file: remove it first.
    for (const char* suffix : {"-wal", "-shm", "-journal"})
        QFile::remove(projectPath + QLatin1String(suffix));
    if (std::rename(QFile::encodeName(partPath).constData(),
                    QFile::encodeName(projectPath).constData()) != 0) {
        const QString reason = QString::fromLocal8Bit(std::strerror(errno));
        removeProjectFiles(partPath);
        throw Error(
            QStringLiteral("cannot move the demo project to %1: %2").arg(projectPath, reason));
    }
    return reports;
}

}  // namespace mb::data
