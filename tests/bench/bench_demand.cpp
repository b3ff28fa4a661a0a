// Fit time of the demand model on synthetic weekly sales: 10,000 product-store series x 104
// weeks by default (arguments: series weeks threads); run it on a Release build.
#include "../demand/SyntheticSales.h"
#include "demand/DemandEstimator.h"

#include <QElapsedTimer>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
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
        const mb::demand::DemandFit fit = mb::demand::fitDemand(history, options);
        const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
        std::printf("%-14s %6zu models from %d series x %d weeks in %.3f s: %.0f series/s\n",
                    qPrintable(mb::demand::levelName(level)), fit.models.size(), series, weeks,
                    seconds, series / seconds);
    }
    return 0;
}
