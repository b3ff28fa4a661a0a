// Fit time of the demand model. Without arguments (or: series weeks threads), on synthetic
// weekly sales: 10,000 product-store series x 104 weeks. With --project P [--level L]
// [--threads N], on a project's sales (dunnhumby: 3,909 series, 525k rows), the CPU time of
// each phase of the `demand` job: reading the sales and stock counts, fitting, writing the CSV,
// the median of five rounds. CPU time (std::clock, all threads), not wall time, so a busy machine
// does not inflate it.
// Run it on a Release build.
#include "../demand/SyntheticSales.h"
#include "common/Progress.h"
#include "data/Project.h"
#include "demand/DemandCsv.h"
#include "demand/DemandEstimator.h"
#include "demand/DemandJob.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <vector>

namespace {

double cpuSeconds() {
    return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

// The median of the rounds: a busy machine slows some rounds, rarely the middle one.
double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

int benchProject(int argc, char** argv) {
    QString path;
    mb::demand::DemandRequest request;
    int threads = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--project") == 0)
            path = QString::fromLocal8Bit(argv[i + 1]);
        else if (std::strcmp(argv[i], "--level") == 0)
            mb::demand::parseLevel(QString::fromLocal8Bit(argv[i + 1]), &request.level);
        else if (std::strcmp(argv[i], "--threads") == 0)
            threads = std::atoi(argv[i + 1]);
    }
    const auto project = mb::data::Project::open(path, mb::data::Project::OpenMode::MustExist);
    QTemporaryDir dir;
    constexpr int kRounds = 5;
    std::vector<double> load, fit, write, total;
    qint64 series = 0, censored = 0;
    for (int round = 0; round < kRounds; ++round) {
        const double begin = cpuSeconds();
        const mb::demand::DemandInputs inputs = mb::demand::loadDemand(*project, request);
        const double loaded = cpuSeconds();
        mb::ProgressToken progress;
        const mb::demand::DemandResult result =
            mb::demand::computeDemand(inputs, request, progress, threads);
        const double fitted = cpuSeconds();
        mb::demand::writeDemandCsv(dir.filePath(QStringLiteral("demand.csv")), result.fit);
        const double written = cpuSeconds();
        load.push_back(loaded - begin);
        fit.push_back(fitted - loaded);
        write.push_back(written - fitted);
        total.push_back(written - begin);
        series = result.series;
        censored = result.censoredWeeks;
    }
    std::printf(
        "%s: %lld series (%lld weeks censored), %d threads, CPU s per run (median of %d): "
        "load %.3f, fit %.3f, write %.3f, total %.3f\n",
        qPrintable(mb::demand::levelName(request.level)), static_cast<long long>(series),
        static_cast<long long>(censored), threads, kRounds, median(load), median(fit),
        median(write), median(total));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::strcmp(argv[1], "--project") == 0)
        return benchProject(argc, argv);
    const int series = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int weeks = argc > 2 ? std::atoi(argv[2]) : 104;
    mb::demand::DemandOptions options;
    options.threads = argc > 3 ? std::atoi(argv[3]) : 0;

    mb::demand::SalesHistory history;
    for (int s = 0; s < series; ++s) {
        mbtest::PlantedDemand truth;
        truth.elasticity = -1.0 - (s % 7) * 0.3;
        truth.negativeBinomialSize = 8.0;
        history.series.push_back(mbtest::drawSeries(
            truth, weeks, 1000 + s, QStringLiteral("P%1").arg(s / 10),
            QStringLiteral("S%1").arg(s % 10), QStringLiteral("C%1").arg(s / 500)));
    }
    for (const auto level : {mb::demand::DemandLevel::ProductStore,
                             mb::demand::DemandLevel::Product, mb::demand::DemandLevel::Category}) {
        options.level = level;
        QElapsedTimer timer;
        timer.start();
        const double cpu = cpuSeconds();
        const mb::demand::DemandFit fit = mb::demand::fitDemand(history, options);
        const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
        std::printf(
            "%-14s %6zu models from %d series x %d weeks in %.3f s (%.3f CPU s): %.0f "
            "series/s\n",
            qPrintable(mb::demand::levelName(level)), fit.models.size(), series, weeks, seconds,
            cpuSeconds() - cpu, series / seconds);
    }
    return 0;
}
