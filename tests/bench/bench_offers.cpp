// Times the campaign Monte Carlo (100k offers x 1000 replicates, target: under 10 s in a Release
// build), the budget curve (21 budgets over 100k customers x 3 offers) and an XLSX offer list of
// 200k rows. Usage: bench_offers [customers] [replicates]
#include "targeting/CampaignSimulation.h"
#include "targeting/OfferList.h"
#include "targeting/SeededRandom.h"

#include <QDir>
#include <QFile>
#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace mb::targeting;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    const int customers = argc > 1 ? std::atoi(argv[1]) : 100000;
    const int replicates = argc > 2 ? std::atoi(argv[2]) : 1000;
    SeededRandom random(2024);
    std::vector<OfferOutlook> options;
    for (int customer = 0; customer < customers; ++customer) {
        for (int offer = 0; offer < 3; ++offer) {
            OfferOutlook o;
            o.customer = customer;
            o.offer = offer;
            o.baselineResponse = 0.05 + 0.5 * random.uniform();
            o.upliftMean = -0.02 + 0.2 * random.uniform();
            o.upliftStandardError = 0.03 * random.uniform();
            o.valuePerResponse = 20.0 + 10.0 * offer;
            o.marginRate = 0.3;
            o.cost = 1.0 + offer;
            options.push_back(o);
        }
    }
    std::vector<std::int32_t> chosen;
    for (int customer = 0; customer < customers; ++customer)
        chosen.push_back(customer * 3);

    SimulationSettings settings;
    settings.replicates = replicates;
    settings.upliftCorrelation = 0.5;
    auto start = std::chrono::steady_clock::now();
    const CampaignForecast forecast = simulateCampaign(options, chosen, settings);
    std::printf("simulate %d offers x %d replicates: %.2f s (margin P10 %.0f P50 %.0f P90 %.0f)\n",
                customers, replicates, secondsSince(start), forecast.incrementalMargin.p10,
                forecast.incrementalMargin.p50, forecast.incrementalMargin.p90);

    start = std::chrono::steady_clock::now();
    const auto curve = budgetCurve(options, budgetGrid(options, 21));
    std::printf("budget curve, 21 budgets over %zu options: %.2f s (top net value %.0f)\n",
                options.size(), secondsSince(start), curve.back().netValue);

    std::vector<OfferListRow> rows(200000);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i].customer = QStringLiteral("C%1").arg(i);
        rows[i].offer = QStringLiteral("SNACK20");
        rows[i].expectedUplift = 0.1;
        rows[i].reason =
            describeReason({QStringLiteral("deal_seeker"), QStringLiteral("snacks"), 6, 90, 0.18});
        rows[i].control = i % 10 == 0;
    }
    const QString path = QDir::temp().filePath(QStringLiteral("bench_offers.xlsx"));
    start = std::chrono::steady_clock::now();
    writeOfferListXlsx(path, rows, {});
    std::printf("offer list XLSX, %zu rows: %.2f s\n", rows.size(), secondsSince(start));
    QFile::remove(path);
    return 0;
}
