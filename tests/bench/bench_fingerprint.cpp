// Times data::Project::inputFingerprint on a project, the read a page's window makes on the GUI
// thread after each commit (ui/ProjectConnection caches it until the next one). The first read
// is on a freshly opened connection; the others repeat it with SQLite's page cache warm.
// Usage: bench_fingerprint PROJECT [--repeat N]
#include "common/Error.h"
#include "data/Project.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QStringList>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: bench_fingerprint PROJECT [--repeat N]\n");
        return 2;
    }
    const int repeat = args.size() >= 4 && args[2] == QStringLiteral("--repeat")
                           ? std::max(1, args[3].toInt())
                           : 10;
    try {
        const auto project =
            mb::data::Project::open(args[1], mb::data::Project::OpenMode::MustExist);
        std::vector<double> cpuMs;
        std::vector<double> wallMs;
        for (int i = 0; i <= repeat; ++i) {
            QElapsedTimer wall;
            wall.start();
            const std::clock_t cpu = std::clock();
            const QString fingerprint = project->inputFingerprint();
            cpuMs.push_back(1000.0 * double(std::clock() - cpu) / CLOCKS_PER_SEC);
            wallMs.push_back(double(wall.nsecsElapsed()) / 1e6);
            if (fingerprint.isEmpty())
                return 1;
        }
        std::printf("first read: %.1f ms CPU, %.1f ms wall\n", cpuMs.front(), wallMs.front());
        std::sort(cpuMs.begin() + 1, cpuMs.end());
        std::sort(wallMs.begin() + 1, wallMs.end());
        const std::size_t middle = 1 + (cpuMs.size() - 1) / 2;
        std::printf("warm reads (%d): median %.1f ms CPU, %.1f ms wall; worst %.1f ms CPU\n",
                    repeat, cpuMs[middle], wallMs[middle], cpuMs.back());
    } catch (const mb::Error& error) {
        std::fprintf(stderr, "%s\n", qPrintable(error.message()));
        return 2;
    }
    return 0;
}
