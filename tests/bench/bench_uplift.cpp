// Times uplift model training on generated campaigns: the T-learner (logistic per arm) on 1M
// customers x 20 features, and the uplift forest on 100k customers. Run it on a Release build:
//   bench_uplift [customers=1000000] [forest customers=100000]
#include "targeting/SeededRandom.h"
#include "targeting/UpliftMetrics.h"
#include "targeting/UpliftModels.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace mb::targeting;

namespace {

UpliftTrainingSet generate(long rows, int columns, std::uint64_t seed) {
    SeededRandom random(seed);
    UpliftTrainingSet data;
    data.features.resize(rows, columns);
    data.outcome.resize(rows);
    data.arm.resize(static_cast<std::size_t>(rows));
    for (long i = 0; i < rows; ++i) {
        double eta = -1.0;
        for (int j = 0; j < columns; ++j) {
            const double x =
                j % 4 == 3 ? (random.uniform() < 0.3 ? 1.0 : 0.0) : random.uniform() * 2.0 - 1.0;
            data.features(i, j) = x;
            eta += 0.1 * x * ((j % 3) - 1);
        }
        const bool treated = random.uniform() < 0.5;
        data.arm[static_cast<std::size_t>(i)] = treated ? 1 : 0;
        if (treated)
            eta += 0.4 * data.features(i, 0);
        data.outcome(i) = random.uniform() < 1.0 / (1.0 + std::exp(-eta)) ? 1.0 : 0.0;
    }
    return data;
}

double secondsOf(const std::chrono::steady_clock::time_point& start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void report(const char* name, const UpliftTrainingSet& data, UpliftSettings settings) {
    const auto start = std::chrono::steady_clock::now();
    const UpliftTraining trained = trainUpliftModel(data, settings);
    const double trainSeconds = secondsOf(start);
    const auto predictStart = std::chrono::steady_clock::now();
    const UpliftPrediction prediction = trained.model->predict(data.features);
    const double predictSeconds = secondsOf(predictStart);
    ScoredCampaign campaign;
    for (Eigen::Index i = 0; i < data.outcome.size(); ++i) {
        campaign.outcome.push_back(data.outcome(i));
        campaign.score.push_back(prediction.uplift(i, 0));
        campaign.treated.push_back(
            static_cast<std::uint8_t>(data.arm[static_cast<std::size_t>(i)]));
    }
    std::printf("%-28s %9ld rows x %2ld features: train %.2f s, predict %.2f s, Qini AUC %.3f\n",
                name, static_cast<long>(data.features.rows()),
                static_cast<long>(data.features.cols()), trainSeconds, predictSeconds,
                qiniAucScore(campaign));
}

}  // namespace

int main(int argc, char** argv) {
    const long customers = argc > 1 ? std::atol(argv[1]) : 1000000;
    const long forestCustomers = argc > 2 ? std::atol(argv[2]) : 100000;
    if (customers < 100 || forestCustomers < 100) {
        std::fprintf(stderr, "usage: bench_uplift [customers>=100] [forest customers>=100]\n");
        return 1;
    }
    const auto generateStart = std::chrono::steady_clock::now();
    const UpliftTrainingSet big = generate(customers, 20, 42);
    std::printf("generated %ld customers in %.2f s\n", customers, secondsOf(generateStart));
    UpliftSettings tlearner;
    tlearner.method = UpliftMethod::TLearner;
    report("T-learner (target < 10 s)", big, tlearner);
    UpliftSettings transform;
    transform.method = UpliftMethod::ClassTransformation;
    report("class transformation", big, transform);

    const UpliftTrainingSet small = generate(forestCustomers, 20, 43);
    for (const SplitCriterion criterion :
         {SplitCriterion::KullbackLeibler, SplitCriterion::Euclidean, SplitCriterion::ChiSquare}) {
        UpliftSettings forest;
        forest.method = UpliftMethod::Forest;
        forest.forest.criterion = criterion;
        forest.forest.trees = 40;
        const QByteArray name = ("forest 40 trees, " + criterionName(criterion)).toUtf8();
        report(name.constData(), small, forest);
    }
    return 0;
}
