#include "common/Error.h"
#include "common/Progress.h"
#include "data/Importer.h"
#include "data/Project.h"
#include "targeting/CampaignTable.h"
#include "targeting/LogisticRegression.h"
#include "targeting/RidgeRegression.h"
#include "targeting/SeededRandom.h"
#include "targeting/UpliftMetrics.h"
#include "targeting/UpliftModels.h"
#include "targeting/UpliftSplit.h"

#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <map>

using namespace mb::targeting;

namespace {

// Standard normal draws from the seeded generator (Box-Muller), so the data is the same
// everywhere.
double normal(SeededRandom& random) {
    const double u = std::max(random.uniform(), 1e-300);
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * random.uniform());
}

Eigen::MatrixXd randomFeatures(SeededRandom& random, int rows, int columns, double scale) {
    Eigen::MatrixXd x(rows, columns);
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < columns; ++j)
            x(i, j) = scale * (j + 1) * normal(random) + j;
    return x;
}

double logit(double p) {
    return std::log(p / (1.0 - p));
}

double correlation(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    const Eigen::ArrayXd da = a.array() - a.mean();
    const Eigen::ArrayXd db = b.array() - b.mean();
    return (da * db).sum() / std::sqrt(da.square().sum() * db.square().sum());
}

// A campaign with a planted effect: uplift(x) = 0.15 * x1 on the response probability (binary)
// or 2 * x1 on the spend (continuous); arms assigned at random in the given treated share.
UpliftTrainingSet plantedCampaign(int rows, bool binary, double treatedShare,
                                  Eigen::VectorXd& trueUplift, std::uint64_t seed) {
    SeededRandom random(seed);
    UpliftTrainingSet data;
    data.features.resize(rows, 4);
    data.outcome.resize(rows);
    data.arm.resize(static_cast<std::size_t>(rows));
    data.binaryOutcome = binary;
    trueUplift.resize(rows);
    for (int i = 0; i < rows; ++i) {
        const double x1 = random.uniform() * 2.0 - 1.0;
        const double x2 = normal(random);
        const double x3 = normal(random);
        const double x4 = random.uniform() < 0.5 ? 1.0 : 0.0;
        data.features.row(i) << x1, x2, x3, x4;
        const bool treated = random.uniform() < treatedShare;
        data.arm[static_cast<std::size_t>(i)] = treated ? 1 : 0;
        if (binary) {
            const double base = 0.3 + 0.1 * x4 + 0.05 * std::tanh(x2);
            trueUplift(i) = 0.15 * x1;
            const double p = base + (treated ? trueUplift(i) : 0.0);
            data.outcome(i) = random.uniform() < p ? 1.0 : 0.0;
        } else {
            trueUplift(i) = 2.0 * x1;
            data.outcome(i) =
                10.0 + 3.0 * x2 + x4 + (treated ? trueUplift(i) : 0.0) + 2.0 * normal(random);
        }
    }
    return data;
}

ScoredCampaign scored(const UpliftTrainingSet& data, const Eigen::VectorXd& score) {
    ScoredCampaign campaign;
    for (Eigen::Index i = 0; i < data.outcome.size(); ++i) {
        campaign.outcome.push_back(data.outcome(i));
        campaign.score.push_back(score(i));
        campaign.treated.push_back(data.arm[static_cast<std::size_t>(i)] != 0 ? 1 : 0);
    }
    return campaign;
}

}  // namespace

class TestUpliftModels : public QObject {
    Q_OBJECT

private slots:
    // With one 0/1 feature the maximum-likelihood fit reproduces each group's log-odds exactly:
    // intercept = logit(rate of group 0), coefficient = logit(rate 1) - logit(rate 0).
    void logisticOneBinaryFeature_data() {
        QTest::addColumn<int>("size0");
        QTest::addColumn<int>("responders0");
        QTest::addColumn<int>("size1");
        QTest::addColumn<int>("responders1");
        QTest::newRow("balanced") << 100 << 20 << 100 << 45;
        QTest::newRow("unbalanced") << 37 << 5 << 1200 << 1100;
        QTest::newRow("negative effect") << 500 << 300 << 80 << 10;
    }
    void logisticOneBinaryFeature() {
        QFETCH(int, size0);
        QFETCH(int, responders0);
        QFETCH(int, size1);
        QFETCH(int, responders1);
        Eigen::MatrixXd x(size0 + size1, 1);
        Eigen::VectorXd y(size0 + size1);
        for (int i = 0; i < size0 + size1; ++i) {
            const bool group1 = i >= size0;
            x(i, 0) = group1 ? 1.0 : 0.0;
            y(i) = group1 ? (i - size0 < responders1 ? 1.0 : 0.0) : (i < responders0 ? 1.0 : 0.0);
        }
        LogisticSettings settings;
        settings.ridge = 1e-12;
        const LogisticModel model = fitLogistic(x, y, settings);
        QVERIFY(model.converged);
        const double r0 = double(responders0) / size0;
        const double r1 = double(responders1) / size1;
        QVERIFY2(std::abs(model.intercept - logit(r0)) < 1e-7,
                 qPrintable(QString::number(model.intercept)));
        QVERIFY2(std::abs(model.coefficients(0) - (logit(r1) - logit(r0))) < 1e-7,
                 qPrintable(QString::number(model.coefficients(0))));
    }

    // An independent fit: plain gradient descent with step 1/L on the same penalised objective,
    // run until the gradient vanishes, on the standardised features when asked.
    void logisticVsGradientDescent_data() {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<double>("ridge");
        QTest::addColumn<bool>("standardise");
        QTest::addColumn<bool>("weighted");
        QTest::newRow("raw, ridge 0.05") << quint64(1) << 0.05 << false << false;
        QTest::newRow("raw, ridge 0.5") << quint64(2) << 0.5 << false << false;
        QTest::newRow("standardised") << quint64(3) << 0.05 << true << false;
        QTest::newRow("weighted") << quint64(4) << 0.05 << false << true;
    }
    void logisticVsGradientDescent() {
        QFETCH(quint64, seed);
        QFETCH(double, ridge);
        QFETCH(bool, standardise);
        QFETCH(bool, weighted);
        SeededRandom random(seed);
        const int n = 150;
        const Eigen::MatrixXd x = randomFeatures(random, n, 3, 0.5);
        Eigen::VectorXd y(n);
        Eigen::VectorXd w = Eigen::VectorXd::Ones(n);
        for (int i = 0; i < n; ++i) {
            const double eta = 0.3 + 0.8 * x(i, 0) - 0.4 * x(i, 1) + 0.2 * x(i, 2) - 0.5;
            y(i) = random.uniform() < 1.0 / (1.0 + std::exp(-eta)) ? 1.0 : 0.0;
            if (weighted)
                w(i) = 0.5 + 2.0 * random.uniform();
        }
        const double total = w.sum();
        Eigen::MatrixXd z(n, 4);
        z.col(0).setOnes();
        Eigen::VectorXd mean = Eigen::VectorXd::Zero(3);
        Eigen::VectorXd sd = Eigen::VectorXd::Ones(3);
        for (int j = 0; j < 3; ++j) {
            if (standardise) {
                mean(j) = x.col(j).dot(w) / total;
                sd(j) =
                    std::sqrt(((x.col(j).array() - mean(j)).square() * w.array()).sum() / total);
            }
            z.col(j + 1) = (x.col(j).array() - mean(j)) / sd(j);
        }
        // L = largest eigenvalue of Z^T W Z / (4 W) + ridge bounds the Hessian.
        const Eigen::MatrixXd zwz = z.transpose() * w.asDiagonal() * z / total;
        const double lipschitz =
            Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(zwz).eigenvalues().maxCoeff() / 4.0 +
            ridge;
        Eigen::VectorXd theta = Eigen::VectorXd::Zero(4);
        for (int iteration = 0; iteration < 500000; ++iteration) {
            const Eigen::VectorXd p = (1.0 / (1.0 + (-(z * theta).array()).exp())).matrix();
            Eigen::VectorXd gradient =
                -z.transpose() * (w.array() * (y - p).array()).matrix() / total;
            gradient.tail(3) += ridge * theta.tail(3);
            if (gradient.norm() < 1e-13)
                break;
            theta -= gradient / lipschitz;
        }
        const Eigen::VectorXd expected = theta.tail(3).cwiseQuotient(sd);
        const double expectedIntercept = theta(0) - expected.dot(mean);

        LogisticSettings settings;
        settings.ridge = ridge;
        settings.standardise = standardise;
        const LogisticModel model = fitLogistic(x, y, settings, weighted ? &w : nullptr);
        QVERIFY(model.converged);
        QVERIFY2(
            std::abs(model.intercept - expectedIntercept) < 1e-6,
            qPrintable(QStringLiteral("%1 vs %2").arg(model.intercept).arg(expectedIntercept)));
        for (int j = 0; j < 3; ++j)
            QVERIFY2(std::abs(model.coefficients(j) - expected(j)) < 1e-6,
                     qPrintable(QStringLiteral("%1: %2 vs %3")
                                    .arg(j)
                                    .arg(model.coefficients(j))
                                    .arg(expected(j))));
    }

    // Normal equations (Z^T W Z / W + ridge D) theta = Z^T W y / W solved by full-pivot LU.
    void ridgeClosedForm_data() {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<double>("ridge");
        QTest::addColumn<bool>("weighted");
        QTest::addColumn<int>("rows");
        QTest::newRow("small ridge") << quint64(5) << 1e-6 << false << 40;
        QTest::newRow("large ridge") << quint64(6) << 2.0 << false << 40;
        QTest::newRow("weighted") << quint64(7) << 0.1 << true << 60;
        QTest::newRow("several blocks") << quint64(8) << 0.01 << true << 9000;
    }
    void ridgeClosedForm() {
        QFETCH(quint64, seed);
        QFETCH(double, ridge);
        QFETCH(bool, weighted);
        QFETCH(int, rows);
        SeededRandom random(seed);
        const Eigen::MatrixXd x = randomFeatures(random, rows, 4, 1.0);
        Eigen::VectorXd y(rows);
        Eigen::VectorXd w = Eigen::VectorXd::Ones(rows);
        for (int i = 0; i < rows; ++i) {
            y(i) = 1.0 + 2.0 * x(i, 0) - x(i, 3) + normal(random);
            if (weighted)
                w(i) = random.uniform() * 3.0;
        }
        Eigen::MatrixXd z(rows, 5);
        z.col(0).setOnes();
        z.rightCols(4) = x;
        Eigen::MatrixXd a = z.transpose() * w.asDiagonal() * z / w.sum();
        for (int j = 1; j < 5; ++j)
            a(j, j) += ridge;
        const Eigen::VectorXd b = z.transpose() * w.asDiagonal() * y / w.sum();
        const Eigen::VectorXd theta = a.fullPivLu().solve(b);

        RidgeSettings settings;
        settings.ridge = ridge;
        settings.standardise = false;
        const RidgeModel model = fitRidge(x, y, settings, weighted ? &w : nullptr);
        QVERIFY2(std::abs(model.intercept - theta(0)) < 1e-8,
                 qPrintable(QStringLiteral("%1 vs %2").arg(model.intercept).arg(theta(0))));
        for (int j = 0; j < 4; ++j)
            QVERIFY(std::abs(model.coefficients(j) - theta(j + 1)) < 1e-8);
    }

    void badInputIsAnError() {
        const Eigen::MatrixXd x = Eigen::MatrixXd::Zero(3, 2);
        QVERIFY_THROWS_EXCEPTION(mb::Error, fitLogistic(x, Eigen::VectorXd::Zero(2)));
        QVERIFY_THROWS_EXCEPTION(mb::Error, fitLogistic(x, Eigen::VectorXd::Constant(3, 2.0)));
        QVERIFY_THROWS_EXCEPTION(mb::Error, fitRidge(Eigen::MatrixXd(0, 2), Eigen::VectorXd(0)));
        Eigen::MatrixXd nan = x;
        nan(1, 1) = std::nan("");
        QVERIFY_THROWS_EXCEPTION(mb::Error, fitRidge(nan, Eigen::VectorXd::Zero(3)));
    }

    void splitKeepsEachStratumsShare_data() {
        QTest::addColumn<double>("share");
        QTest::addColumn<quint64>("seed");
        QTest::newRow("30%") << 0.3 << quint64(1);
        QTest::newRow("50%, other seed") << 0.5 << quint64(99);
        QTest::newRow("none") << 0.0 << quint64(3);
    }
    void splitKeepsEachStratumsShare() {
        QFETCH(double, share);
        QFETCH(quint64, seed);
        std::vector<int> arm;
        Eigen::VectorXd y(1000);
        for (int i = 0; i < 1000; ++i) {
            arm.push_back(i % 3);
            y(i) = (i % 7 == 0) ? 1.0 : 0.0;
        }
        const auto holdout = splitHoldout(arm, y, share, seed);
        QCOMPARE(holdout, splitHoldout(arm, y, share, seed));
        std::map<std::pair<int, int>, std::pair<int, int>> strata;  // held out, size
        for (int i = 0; i < 1000; ++i) {
            auto& s = strata[{arm[std::size_t(i)], int(y(i))}];
            s.first += holdout[std::size_t(i)];
            s.second += 1;
        }
        for (const auto& [key, s] : strata)
            QCOMPARE(s.first, int(std::llround(share * s.second)));
        if (share > 0.0)
            QVERIFY(holdout != splitHoldout(arm, y, share, seed + 1));
    }

    void campaignEncoding() {
        CampaignRecords records;
        records.name = QStringLiteral("spring");
        records.controlArm = QStringLiteral("none");
        records.outcomes = {QStringLiteral("bought")};
        records.features = {QStringLiteral("age"), QStringLiteral("tier"),
                            QStringLiteral("member")};
        const char* rows[] = {
            R"({"bought":1,"age":30,"tier":"gold","member":1})",
            R"({"bought":0,"age":null,"tier":"silver","member":0})",
            R"({"bought":0,"age":"50","tier":"bronze","member":1})",
            R"({"bought":1,"tier":"gold","member":""})",
        };
        const char* arms[] = {"coupon", "none", "coupon", "none"};
        for (int i = 0; i < 4; ++i) {
            records.arm.push_back(QString::fromLatin1(arms[i]));
            records.customer.push_back(QStringLiteral("C%1").arg(i));
            records.line.push_back(i + 2);
            records.data.push_back(QJsonDocument::fromJson(rows[i]).object());
        }
        const CampaignDesign design = encodeCampaign(records);
        QCOMPARE(design.arms, (QStringList{QStringLiteral("none"), QStringLiteral("coupon")}));
        QCOMPARE(design.arm, (std::vector<int>{1, 0, 1, 0}));
        QCOMPARE(design.featureNames,
                 (QStringList{QStringLiteral("age"), QStringLiteral("age_missing"),
                              QStringLiteral("tier=gold"), QStringLiteral("tier=silver"),
                              QStringLiteral("member"), QStringLiteral("member_missing")}));
        QCOMPARE(design.features(1, 0), 40.0);  // the mean of 30 and 50
        QCOMPARE(design.features(3, 1), 1.0);
        QCOMPARE(design.features(2, 2) + design.features(2, 3), 0.0);  // bronze: the reference
        QCOMPARE(design.features(3, 4), 2.0 / 3.0);                    // the mean of 1, 0 and 1
        QVERIFY(design.outcomeIsBinary[0]);

        records.data[2] = QJsonDocument::fromJson(R"({"bought":"yes","age":1})").object();
        try {
            encodeCampaign(records);
            QFAIL("a text outcome was accepted");
        } catch (const mb::Error& error) {
            QVERIFY2(error.message().startsWith(QStringLiteral("spring:4: outcome bought")),
                     qPrintable(error.message()));
        }
    }

    // A planted heterogeneous effect: the T-learner's uplift follows it closely and ranks the
    // holdout better than random (Qini AUC > 0).
    void plantedEffectIsRecovered_data() {
        QTest::addColumn<int>("method");
        QTest::addColumn<bool>("binary");
        QTest::addColumn<double>("treatedShare");
        QTest::addColumn<double>("minimumCorrelation");
        QTest::newRow("tlearner, response") << int(UpliftMethod::TLearner) << true << 0.5 << 0.9;
        QTest::newRow("tlearner, spend") << int(UpliftMethod::TLearner) << false << 0.5 << 0.95;
        QTest::newRow("class transformation, balanced")
            << int(UpliftMethod::ClassTransformation) << true << 0.5 << 0.85;
        QTest::newRow("class transformation, 25% treated")
            << int(UpliftMethod::ClassTransformation) << true << 0.25 << 0.8;
        QTest::newRow("forest, response") << int(UpliftMethod::Forest) << true << 0.5 << 0.7;
        QTest::newRow("forest, spend") << int(UpliftMethod::Forest) << false << 0.5 << 0.7;
    }
    void plantedEffectIsRecovered() {
        QFETCH(int, method);
        QFETCH(bool, binary);
        QFETCH(double, treatedShare);
        QFETCH(double, minimumCorrelation);
        Eigen::VectorXd truth;
        const UpliftTrainingSet train = plantedCampaign(16000, binary, treatedShare, truth, 11);
        Eigen::VectorXd holdoutTruth;
        const UpliftTrainingSet holdout =
            plantedCampaign(6000, binary, treatedShare, holdoutTruth, 12);
        UpliftSettings settings;
        settings.method = UpliftMethod(method);
        settings.forest.trees = 12;
        settings.forest.minLeafPerArm = 80;
        const UpliftTraining trained = trainUpliftModel(train, settings);
        QVERIFY(trained.model);
        const UpliftPrediction prediction = trained.model->predict(holdout.features);
        const double r = correlation(prediction.uplift.col(0), holdoutTruth);
        const double qini = qiniAucScore(scored(holdout, prediction.uplift.col(0)));
        qInfo("%s: correlation with the planted uplift %.3f, holdout Qini AUC %.3f",
              QTest::currentDataTag(), r, qini);
        QVERIFY2(r > minimumCorrelation, qPrintable(QString::number(r)));
        QVERIFY(qini > 0.0);
        if (settings.method == UpliftMethod::ClassTransformation && treatedShare != 0.5)
            QVERIFY(!trained.model->notes().isEmpty());
    }

    // Without features every model can only learn the arms' mean outcomes: the uplift is the
    // difference of the means and the control response the control mean.
    void noFeaturesGivesTheAverageEffect_data() {
        QTest::addColumn<int>("method");
        QTest::addColumn<bool>("binary");
        QTest::newRow("tlearner") << int(UpliftMethod::TLearner) << true;
        QTest::newRow("tlearner, spend") << int(UpliftMethod::TLearner) << false;
        QTest::newRow("forest") << int(UpliftMethod::Forest) << true;
    }
    void noFeaturesGivesTheAverageEffect() {
        QFETCH(int, method);
        QFETCH(bool, binary);
        UpliftTrainingSet data;
        data.features.resize(7, 0);
        data.outcome.resize(7);
        data.outcome << 1, 0, 0, 1, 1, 1, 0;
        if (!binary)
            data.outcome(4) = 3.5;
        data.arm = {0, 0, 0, 1, 1, 1, 1};
        data.binaryOutcome = binary;
        UpliftSettings settings;
        settings.method = UpliftMethod(method);
        settings.ridge = 0.0;
        settings.forest.trees = 1;
        const UpliftTraining trained = trainUpliftModel(data, settings);
        const UpliftPrediction prediction = trained.model->predict(Eigen::MatrixXd(2, 0));
        const double treatedMean = binary ? 0.75 : (1 + 3.5 + 1 + 0) / 4.0;
        if (settings.method == UpliftMethod::Forest) {
            // A bootstrap sample's means differ from the data's; the tree is one leaf, though.
            QCOMPARE(prediction.uplift(0, 0), prediction.uplift(1, 0));
            return;
        }
        QVERIFY(std::abs(prediction.controlResponse(0) - 1.0 / 3.0) < 1e-8);
        QVERIFY(std::abs(prediction.uplift(1, 0) - (treatedMean - 1.0 / 3.0)) < 1e-8);
    }

    // The fits run in parallel (mb::parallelFor), each arm or tree keyed by its index: however
    // the threads interleave, the same seed gives the same model, bit for bit.
    void parallelFitsRepeat_data() {
        QTest::addColumn<int>("method");
        QTest::newRow("tlearner") << static_cast<int>(UpliftMethod::TLearner);
        QTest::newRow("forest") << static_cast<int>(UpliftMethod::Forest);
    }
    void parallelFitsRepeat() {
        QFETCH(int, method);
        Eigen::VectorXd truth;
        UpliftTrainingSet data = plantedCampaign(3000, true, 0.6, truth, 21);
        // A second treatment arm: every other treated customer.
        int treated = 0;
        for (int& arm : data.arm)
            arm = arm == 0 ? 0 : 1 + (treated++ % 2);
        data.treatmentArms = 2;
        UpliftSettings settings;
        settings.method = static_cast<UpliftMethod>(method);
        settings.forest.trees = 12;
        settings.seed = 8;
        const UpliftPrediction first =
            trainUpliftModel(data, settings).model->predict(data.features);
        for (int repeat = 0; repeat < 4; ++repeat) {
            const UpliftPrediction again =
                trainUpliftModel(data, settings).model->predict(data.features);
            QVERIFY(again.uplift == first.uplift);
            QVERIFY(again.controlResponse == first.controlResponse);
        }
        if (settings.method != UpliftMethod::TLearner)
            return;
        // Each arm's model is fitted on its own customers only: arm 1 against control alone
        // gives the same uplift as arm 1 in the model of both arms.
        std::vector<Eigen::Index> armOne;
        for (std::size_t i = 0; i < data.arm.size(); ++i) {
            if (data.arm[i] != 2)
                armOne.push_back(static_cast<Eigen::Index>(i));
        }
        UpliftTrainingSet pair = selectRows(data, armOne);
        pair.treatmentArms = 1;
        const UpliftPrediction alone =
            trainUpliftModel(pair, settings).model->predict(data.features);
        QVERIFY(alone.uplift.col(0) == first.uplift.col(0));
        QVERIFY(alone.controlResponse == first.controlResponse);
    }

    void cancelledTrainingReturnsNoModel() {
        Eigen::VectorXd truth;
        const UpliftTrainingSet data = plantedCampaign(2000, true, 0.5, truth, 3);
        mb::ProgressToken progress;
        progress.cancel();
        UpliftSettings settings;
        settings.method = UpliftMethod::Forest;
        const UpliftTraining trained = trainUpliftModel(data, settings, &progress);
        QVERIFY(trained.cancelled);
        QVERIFY(!trained.model);
    }

    // Hand-computed from the formulas of Rzepakowski & Jaroszewicz (2012), sections 3-4, on a
    // small table (control n/responders, then each treatment arm's), left | right:
    //   one arm:  C 40/10, T 50/30 | C 60/30, T 50/10
    //   two arms: C 40/10, T1 50/30, T2 30/12 | C 60/30, T1 50/10, T2 70/28
    // e.g. KL, one arm: 90/200 KL(.6:.25) + 110/200 KL(.2:.5) - KL(.4:.4).
    void splitCriteria_data() {
        QTest::addColumn<int>("criterion");
        QTest::addColumn<int>("arms");
        QTest::addColumn<double>("gain");
        QTest::addColumn<double>("normaliser");
        QTest::newRow("kl, one arm")
            << int(SplitCriterion::KullbackLeibler) << 1 << 0.2292366167514922 << 1.197227248987875;
        QTest::newRow("ed, one arm") << int(SplitCriterion::Euclidean) << 1 << 0.20925 << 1.0;
        QTest::newRow("chi, one arm")
            << int(SplitCriterion::ChiSquare) << 1 << 0.492 << 1.0108333333333333;
        QTest::newRow("kl, two arms") << int(SplitCriterion::KullbackLeibler) << 2
                                      << 0.11037083245586116 << 1.1950581073561422;
        QTest::newRow("ed, two arms")
            << int(SplitCriterion::Euclidean) << 2 << 0.099 << 0.991111111111111;
        QTest::newRow("chi, two arms")
            << int(SplitCriterion::ChiSquare) << 2 << 0.2331666666666667 << 1.0197354497354496;
    }
    void splitCriteria() {
        QFETCH(int, criterion);
        QFETCH(int, arms);
        QFETCH(double, gain);
        QFETCH(double, normaliser);
        forest::NodeTally left{{40, 10}, {50, 30}};
        forest::NodeTally right{{60, 30}, {50, 10}};
        if (arms == 2) {
            left.push_back({30, 12});
            right.push_back({70, 28});
        }
        const auto c = SplitCriterion(criterion);
        QVERIFY(std::abs(forest::splitGain(left, right, c, true) - gain) < 1e-12);
        QVERIFY(std::abs(forest::splitNormaliser(left, right, c) - normaliser) < 1e-12);
        // Swapping the children changes nothing; a split that separates nothing gains nothing.
        QVERIFY(std::abs(forest::splitGain(right, left, c, true) - gain) < 1e-12);
        QVERIFY(std::abs(forest::splitGain(left, left, c, true)) < 1e-12);
    }

    // The demo's planted truth (datasets/demo/truth.json, "campaign"): purchase uplift of offer_a
    // is +0.20 for deal seekers, 0 for regulars, -0.15 for premium customers.
    void forestRanksDemoSegments_data() {
        QTest::addColumn<int>("criterion");
        QTest::newRow("kl") << int(SplitCriterion::KullbackLeibler);
        QTest::newRow("ed") << int(SplitCriterion::Euclidean);
        QTest::newRow("chi") << int(SplitCriterion::ChiSquare);
    }
    void forestRanksDemoSegments() {
        QFETCH(int, criterion);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto project = mb::data::Project::open(dir.filePath(QStringLiteral("demo.merchbench")));
        mb::data::ImportOptions options;
        options.kind = QStringLiteral("campaign");
        options.campaign = QStringLiteral("demo_campaign");
        options.controlArm = QStringLiteral("control");
        options.outcomes = {QStringLiteral("visit"), QStringLiteral("purchase"),
                            QStringLiteral("spend")};
        const auto report = mb::data::Importer(*project).run(
            QStringLiteral(MERCHBENCH_SOURCE_DIR "/datasets/demo/campaign.csv"), options);
        QVERIFY(report.committed);
        const CampaignRecords records =
            readCampaignRecords(*project, QStringLiteral("demo_campaign"));
        const CampaignDesign design = encodeCampaign(records);
        QCOMPARE(design.arms.first(), QStringLiteral("control"));
        const int offerA = int(design.arms.indexOf(QStringLiteral("offer_a")));
        QVERIFY(offerA > 0);
        const int purchase = design.outcomeIndex(QStringLiteral("purchase"));

        UpliftTrainingSet all;
        all.features = design.features;
        all.outcome = design.outcomes.col(purchase);
        all.arm = design.arm;
        all.treatmentArms = design.treatmentArms();
        const auto holdout = splitHoldout(all.arm, all.outcome, 0.3, 7);
        std::vector<Eigen::Index> trainRows;
        for (std::size_t i = 0; i < holdout.size(); ++i)
            if (!holdout[i])
                trainRows.push_back(Eigen::Index(i));
        UpliftSettings settings;
        settings.method = UpliftMethod::Forest;
        settings.forest.criterion = SplitCriterion(criterion);
        settings.seed = 5;
        const UpliftTraining trained = trainUpliftModel(selectRows(all, trainRows), settings);
        const UpliftPrediction prediction = trained.model->predict(design.features);

        std::map<QString, std::pair<double, int>> bySegment;
        ScoredCampaign held;
        for (std::size_t i = 0; i < holdout.size(); ++i) {
            const double uplift = prediction.uplift(Eigen::Index(i), offerA - 1);
            auto& s = bySegment[records.data[i].value(QStringLiteral("segment")).toString()];
            s.first += uplift;
            s.second += 1;
            if (holdout[i] && (design.arm[i] == 0 || design.arm[i] == offerA)) {
                held.outcome.push_back(all.outcome(Eigen::Index(i)));
                held.score.push_back(uplift);
                held.treated.push_back(design.arm[i] == offerA ? 1 : 0);
            }
        }
        const double dealSeeker = bySegment[QStringLiteral("deal_seeker")].first /
                                  bySegment[QStringLiteral("deal_seeker")].second;
        const double regular = bySegment[QStringLiteral("regular")].first /
                               bySegment[QStringLiteral("regular")].second;
        const double premium = bySegment[QStringLiteral("premium")].first /
                               bySegment[QStringLiteral("premium")].second;
        const double qini = qiniAucScore(held);
        qInfo(
            "%s: mean offer_a purchase uplift deal_seeker %.3f, regular %.3f, premium %.3f "
            "(planted 0.20, 0, -0.15); holdout Qini AUC %.3f",
            QTest::currentDataTag(), dealSeeker, regular, premium, qini);
        QVERIFY(dealSeeker > regular);
        QVERIFY(regular > premium);
        QVERIFY(qini > 0.0);
    }
};

QTEST_GUILESS_MAIN(TestUpliftModels)
#include "tst_upliftmodels.moc"
