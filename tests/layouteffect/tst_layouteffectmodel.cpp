// The attach-rate model of layout-effect against independent answers: a closed form (one pair in
// one store whose layout changes once: the fit passes through both periods), a plain dense
// Newton solve of the same Poisson likelihood with every fixed effect a column, the
// store-clustered sandwich computed from the full matrices and the leave-one-store-out
// jackknife from dense refits; the refusal when distance never
// varies within a pair; and the request's JSON round trip with its errors.
#include "common/Error.h"
#include "layout/LayoutEffectModel.h"
#include "layout/LayoutEffectRequest.h"

#include <Eigen/Dense>
#include <QJsonArray>
#include <QTest>
#include <cmath>
#include <random>

using mb::layout::AttachFit;
using mb::layout::AttachObservation;
using mb::layout::fitAttachRates;
using mb::layout::LayoutEffectRequest;

namespace {

// The same model with a dense design: one column per pair, per store but the first, and
// metres / 10; Newton on the full information matrix, then the clustered sandwich
// H^-1 (sum over stores of s_g s_g') H^-1 * G / (G - 1).
struct DenseFit {
    Eigen::VectorXd theta;
    double standardError = 0.0;
};

DenseFit denseFit(const std::vector<AttachObservation>& data, int pairs, int stores) {
    const Eigen::Index n = static_cast<Eigen::Index>(data.size());
    const Eigen::Index k = pairs + (stores - 1) + 1;
    Eigen::MatrixXd x = Eigen::MatrixXd::Zero(n, k);
    Eigen::VectorXd y(n);
    Eigen::VectorXd offset(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const AttachObservation& o = data[static_cast<std::size_t>(i)];
        x(i, o.pair) = 1.0;
        if (o.store > 0)
            x(i, pairs + o.store - 1) = 1.0;
        x(i, k - 1) = o.metres / 10.0;
        y(i) = o.basketsWithBoth;
        offset(i) = std::log(o.basketsWithA);
    }
    Eigen::VectorXd theta = Eigen::VectorXd::Zero(k);
    Eigen::MatrixXd h(k, k);
    Eigen::VectorXd mu(n);
    for (int iteration = 0; iteration < 200; ++iteration) {
        mu = (x * theta + offset).array().exp();
        h = x.transpose() * mu.asDiagonal() * x;
        const Eigen::VectorXd step = h.ldlt().solve(x.transpose() * (y - mu));
        theta += step;
        if (step.cwiseAbs().maxCoeff() < 1e-13)
            break;
    }
    mu = (x * theta + offset).array().exp();
    h = x.transpose() * mu.asDiagonal() * x;
    const Eigen::MatrixXd inverse = h.ldlt().solve(Eigen::MatrixXd::Identity(k, k));
    Eigen::MatrixXd meat = Eigen::MatrixXd::Zero(k, k);
    for (int g = 0; g < stores; ++g) {
        Eigen::VectorXd score = Eigen::VectorXd::Zero(k);
        for (Eigen::Index i = 0; i < n; ++i)
            if (data[static_cast<std::size_t>(i)].store == g)
                score += x.row(i).transpose() * (y(i) - mu(i));
        meat += score * score.transpose();
    }
    const Eigen::MatrixXd sandwich = inverse * meat * inverse * (stores / (stores - 1.0));
    return {theta, std::sqrt(sandwich(k - 1, k - 1))};
}

// A small chain drawn from the model itself: `stores` stores, `pairs` pairs, each store placing
// each pair at its own distance, counts Poisson around the truth.
std::vector<AttachObservation> smallChain(int stores, int pairs, double rr, unsigned seed) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> metres(8.0, 50.0);
    std::uniform_int_distribution<int> baskets(50, 400);
    std::vector<AttachObservation> data;
    for (int s = 0; s < stores; ++s) {
        for (int p = 0; p < pairs; ++p) {
            AttachObservation o{p, s, std::round(metres(random)), double(baskets(random)), 0.0};
            const double rate = 0.05 * (1.0 + p) * std::pow(rr, -o.metres / 10.0);
            std::poisson_distribution<int> count(o.basketsWithA * rate);
            o.basketsWithBoth = count(random);
            data.push_back(o);
        }
    }
    return data;
}

}  // namespace

class TestLayoutEffectModel : public QObject {
    Q_OBJECT

private slots:
    // One pair, one store, a layout change from 30 m to 10 m: two observations, two
    // parameters, so the fit passes through both attach rates and the rate ratio per 10 m is
    // ((y2/n2) / (y1/n1))^(10 / (30 - 10)).
    void closedFormForOneStoreThatChanges() {
        const std::vector<AttachObservation> data{{0, 0, 30.0, 400.0, 40.0},
                                                  {0, 0, 10.0, 300.0, 45.0}};
        const AttachFit fit = fitAttachRates(data, 1, 1, QStringLiteral("test"));
        const double expected = std::pow((45.0 / 300.0) / (40.0 / 400.0), 10.0 / 20.0);
        QVERIFY2(std::abs(fit.ratePer10m - expected) < 1e-10,
                 qPrintable(QString::number(fit.ratePer10m, 'g', 17)));
        QVERIFY(std::abs(fit.fitted[0] - 40.0) < 1e-8 && std::abs(fit.fitted[1] - 45.0) < 1e-8);
        QVERIFY(!fit.clusteredByStore);
        QVERIFY(fit.ciLow < fit.ratePer10m && fit.ratePer10m < fit.ciHigh);
    }

    void matchesDenseNewtonAndSandwich_data() {
        QTest::addColumn<int>("stores");
        QTest::addColumn<int>("pairs");
        QTest::addColumn<double>("rr");
        QTest::addColumn<unsigned>("seed");
        QTest::newRow("3 stores, 4 pairs") << 3 << 4 << 1.15 << 1u;
        QTest::newRow("6 stores, 5 pairs") << 6 << 5 << 1.30 << 2u;
        QTest::newRow("10 stores, 12 pairs, no effect") << 10 << 12 << 1.0 << 3u;
    }
    void matchesDenseNewtonAndSandwich() {
        QFETCH(int, stores);
        QFETCH(int, pairs);
        QFETCH(double, rr);
        QFETCH(unsigned, seed);
        const std::vector<AttachObservation> data = smallChain(stores, pairs, rr, seed);
        const AttachFit fit = fitAttachRates(data, pairs, stores, QStringLiteral("test"));
        const DenseFit dense = denseFit(data, pairs, stores);
        const double beta = dense.theta(dense.theta.size() - 1);
        QVERIFY2(
            std::abs(fit.beta - beta) < 1e-9,
            qPrintable(QStringLiteral("%1 vs %2").arg(fit.beta, 0, 'g', 17).arg(beta, 0, 'g', 17)));
        QVERIFY2(std::abs(fit.sandwichStandardError / dense.standardError - 1.0) < 1e-6,
                 qPrintable(QStringLiteral("%1 vs %2")
                                .arg(fit.sandwichStandardError)
                                .arg(dense.standardError)));
        // The interval's standard error: the jackknife leaving each store out, each refit by
        // the dense solve with the remaining stores renumbered.
        std::vector<double> betas;
        for (int left = 0; left < stores; ++left) {
            std::vector<AttachObservation> rest;
            for (AttachObservation o : data) {
                if (o.store == left)
                    continue;
                o.store -= o.store > left ? 1 : 0;
                rest.push_back(o);
            }
            const DenseFit without = denseFit(rest, pairs, stores - 1);
            betas.push_back(without.theta(without.theta.size() - 1));
        }
        double mean = 0.0;
        for (double b : betas)
            mean += b / stores;
        double squares = 0.0;
        for (double b : betas)
            squares += (b - mean) * (b - mean);
        const double jackknife = std::sqrt(squares * (stores - 1.0) / stores);
        QVERIFY2(std::abs(fit.standardError / jackknife - 1.0) < 1e-6,
                 qPrintable(QStringLiteral("%1 vs %2").arg(fit.standardError).arg(jackknife)));
        QCOMPARE(fit.jackknifeStandardError, fit.standardError);
        for (int p = 0; p < pairs; ++p)
            QVERIFY(std::abs(std::log(fit.pairEffect[static_cast<std::size_t>(p)]) -
                             dense.theta(p)) < 1e-8);
        QVERIFY(fit.clusteredByStore);
        QCOMPARE(fit.clusters, stores);
        QVERIFY(fit.ciLow < fit.ratePer10m && fit.ratePer10m < fit.ciHigh);
    }

    // A pair never bought together is left out (its effect would run to minus infinity) and
    // changes nothing else.
    void pairNeverBoughtTogetherIsLeftOut() {
        std::vector<AttachObservation> data = smallChain(4, 3, 1.2, 5u);
        const AttachFit without = fitAttachRates(data, 3, 4, QStringLiteral("test"));
        for (int s = 0; s < 4; ++s)
            data.push_back({3, s, 10.0 + 5.0 * s, 100.0, 0.0});
        const AttachFit with = fitAttachRates(data, 4, 4, QStringLiteral("test"));
        QVERIFY(std::abs(with.beta - without.beta) < 1e-12);
        QCOMPARE(with.pairEffect[3], 0.0);
    }

    // Every pair the same distance apart wherever it is seen: the store effects and pair
    // effects explain everything distance could, and the fit says so instead of guessing.
    void refusesWhenDistanceNeverVariesWithinAPair() {
        std::vector<AttachObservation> data;
        for (int s = 0; s < 3; ++s)
            for (int p = 0; p < 4; ++p)
                data.push_back({p, s, 10.0 * (p + 1), 200.0, 20.0 + s + p});
        try {
            fitAttachRates(data, 4, 3, QStringLiteral("3 stores placing every pair alike"));
            QFAIL("no error");
        } catch (const mb::Error& error) {
            QVERIFY2(error.message().contains(QStringLiteral("cannot be identified")) &&
                         error.message().contains(QStringLiteral("placing every pair alike")),
                     qPrintable(error.message()));
        }
        // One store, one placement: the same.
        std::vector<AttachObservation> one;
        for (int p = 0; p < 4; ++p)
            one.push_back({p, 0, 10.0 * (p + 1), 200.0, 20.0 + p});
        QVERIFY_THROWS_EXCEPTION(mb::Error, fitAttachRates(one, 4, 1, QStringLiteral("one")));
    }

    void requestRoundTrip() {
        LayoutEffectRequest request;
        QCOMPARE(LayoutEffectRequest::fromJson(request.toJson()), request);
        request.stores = {QStringLiteral("S0003"), QStringLiteral("S0001")};
        request.asOf = QStringLiteral("2024-07-14");
        request.memoryLimit = 1 << 30;
        const LayoutEffectRequest back = LayoutEffectRequest::fromJson(request.toJson());
        QCOMPARE(back, request);
        QCOMPARE(back.stores, request.stores);
        QCOMPARE(back.asOf, request.asOf);
        QCOMPARE(back.memoryLimit, request.memoryLimit);
        QCOMPARE(request.toJson().value(QStringLiteral("analysis")).toString(),
                 QStringLiteral("layout-effect"));
    }

    void requestErrorsNameTheField_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("as_of not a date") << "as_of" << QJsonValue(QStringLiteral("14/07/2024"));
        QTest::newRow("stores not a list") << "stores" << QJsonValue(3);
        QTest::newRow("a store twice")
            << "stores" << QJsonValue(QJsonArray{QStringLiteral("S1"), QStringLiteral("S1")});
        QTest::newRow("an empty store") << "stores" << QJsonValue(QJsonArray{QStringLiteral(" ")});
        QTest::newRow("negative memory limit") << "memory_limit" << QJsonValue(-5);
        QTest::newRow("unknown field") << "stores_list" << QJsonValue(QJsonArray{});
    }
    void requestErrorsNameTheField() {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QJsonObject json = LayoutEffectRequest().toJson();
        json.insert(field, value);
        try {
            LayoutEffectRequest::fromJson(json);
            QFAIL("no error");
        } catch (const mb::Error& error) {
            QVERIFY2(error.message().contains(field), qPrintable(error.message()));
            QVERIFY2(error.message().contains(QStringLiteral("layout-effect")),
                     qPrintable(error.message()));
        }
    }
};

QTEST_GUILESS_MAIN(TestLayoutEffectModel)
#include "tst_layouteffectmodel.moc"
