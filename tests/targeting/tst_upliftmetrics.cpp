// Uplift metrics against scikit-uplift's own test figures, hand-worked ties, a naive O(n^2)
// re-derivation from the definitions, and invariants of the normalised areas.
#include "common/Error.h"
#include "targeting/SeededRandom.h"
#include "targeting/UpliftBootstrap.h"
#include "targeting/UpliftMetrics.h"

#include <QTest>
#include <cmath>
#include <limits>

using namespace mb::targeting;
using Values = QList<double>;

Q_DECLARE_METATYPE(Values)

namespace {

ScoredCampaign campaignOf(const Values& outcome, const Values& score, const Values& treated) {
    ScoredCampaign campaign;
    for (qsizetype i = 0; i < outcome.size(); ++i) {
        campaign.outcome.push_back(outcome[i]);
        campaign.score.push_back(score[i]);
        campaign.treated.push_back(treated[i] != 0.0 ? 1 : 0);
    }
    return campaign;
}

bool near(double a, double b, double tolerance = 1e-9) {
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    return std::abs(a - b) <= tolerance * (1.0 + std::abs(a) + std::abs(b));
}

void compareCurves(const UpliftCurve& actual, const UpliftCurve& expected) {
    QCOMPARE(actual.x.size(), expected.x.size());
    for (std::size_t i = 0; i < actual.x.size(); ++i) {
        QVERIFY2(near(actual.x[i], expected.x[i]), qPrintable(QString::number(i)));
        QVERIFY2(
            near(actual.y[i], expected.y[i]),
            qPrintable(
                QStringLiteral("point %1: %2 vs %3").arg(i).arg(actual.y[i]).arg(expected.y[i])));
    }
}

// A second, deliberately slow reading of the definitions: for every distinct score, scan all
// rows whose score is at least that high.
UpliftCurve naiveCurve(const ScoredCampaign& c, const std::vector<double>& key, bool qini) {
    std::vector<double> distinct;
    for (const double value : key) {
        bool seen = false;
        for (const double other : distinct)
            seen = seen || other == value;
        if (!seen)
            distinct.push_back(value);
    }
    // Selection sort, descending.
    for (std::size_t i = 0; i < distinct.size(); ++i)
        for (std::size_t j = i + 1; j < distinct.size(); ++j)
            if (distinct[j] > distinct[i])
                std::swap(distinct[i], distinct[j]);
    UpliftCurve curve{{0.0}, {0.0}};
    for (const double threshold : distinct) {
        double nt = 0, nc = 0, yt = 0, yc = 0;
        for (std::size_t row = 0; row < c.size(); ++row) {
            if (key[row] < threshold)
                continue;
            if (c.treated[row]) {
                nt += 1;
                yt += c.outcome[row];
            } else {
                nc += 1;
                yc += c.outcome[row];
            }
        }
        double y;
        if (qini)
            y = yt - (nc > 0 ? yc * nt / nc : 0.0);
        else
            y = ((nt > 0 ? yt / nt : 0.0) - (nc > 0 ? yc / nc : 0.0)) * (nt + nc);
        curve.x.push_back(nt + nc);
        curve.y.push_back(y);
    }
    return curve;
}

double naiveArea(const UpliftCurve& curve) {
    double area = 0.0;
    for (std::size_t i = 0; i + 1 < curve.x.size(); ++i) {
        const double width = curve.x[i + 1] - curve.x[i];
        area += width * std::min(curve.y[i], curve.y[i + 1]) +
                width * std::abs(curve.y[i + 1] - curve.y[i]) / 2.0;
    }
    return area;
}

std::vector<double> naivePerfectUpliftKey(const ScoredCampaign& c) {
    int controlResponders = 0, treatedNonResponders = 0;
    for (std::size_t row = 0; row < c.size(); ++row) {
        controlResponders += !c.treated[row] && c.outcome[row] == 1.0;
        treatedNonResponders += c.treated[row] && c.outcome[row] == 0.0;
    }
    std::vector<double> key;
    for (std::size_t row = 0; row < c.size(); ++row) {
        const double arm = c.treated[row];
        key.push_back(2.0 * (c.outcome[row] == arm) +
                      (controlResponders > treatedNonResponders ? c.outcome[row] : arm));
    }
    return key;
}

double naiveNormalised(const UpliftCurve& model, const UpliftCurve& perfect) {
    const double random = perfect.x.back() * perfect.y.back() / 2.0;
    return (naiveArea(model) - random) / (naiveArea(perfect) - random);
}

// Top k by score, ties broken towards the later row, chosen by repeated scans.
double naiveUpliftAtK(const ScoredCampaign& c, double k, bool fraction, bool byGroup) {
    const std::size_t n = c.size();
    std::vector<bool> used(n, false);
    std::vector<std::size_t> order;
    for (std::size_t step = 0; step < n; ++step) {
        std::size_t best = n;
        for (std::size_t row = 0; row < n; ++row) {
            if (used[row])
                continue;
            if (best == n || c.score[row] > c.score[best] ||
                (c.score[row] == c.score[best] && row > best))
                best = row;
        }
        used[best] = true;
        order.push_back(best);
    }
    double nt = 0, nc = 0;
    for (std::size_t row = 0; row < n; ++row)
        (c.treated[row] ? nt : nc) += 1;
    double sum[2] = {0, 0}, count[2] = {0, 0};
    if (!byGroup) {
        const double size = fraction ? std::floor(n * k) : k;
        for (std::size_t i = 0; i < static_cast<std::size_t>(size); ++i) {
            sum[c.treated[order[i]]] += c.outcome[order[i]];
            count[c.treated[order[i]]] += 1;
        }
    } else {
        const double quota[2] = {fraction ? std::floor(nc * k) : k,
                                 fraction ? std::floor(nt * k) : k};
        for (const std::size_t row : order) {
            const int arm = c.treated[row];
            if (count[arm] < quota[arm]) {
                sum[arm] += c.outcome[row];
                count[arm] += 1;
            }
        }
    }
    return sum[1] / count[1] - sum[0] / count[0];  // NaN for an empty arm, as 0/0
}

ScoredCampaign randomCampaign(std::uint64_t seed, int rows, int distinctScores, bool binary,
                              double effect) {
    SeededRandom random(seed);
    ScoredCampaign campaign;
    for (int row = 0; row < rows; ++row) {
        const bool treated = random.uniform() < 0.5;
        const double score = static_cast<double>(random.below(distinctScores)) / 4.0 - 1.0;
        const double probability = 0.2 + (treated ? effect * (score + 1.0) : 0.0);
        const double outcome = binary ? (random.uniform() < probability ? 1.0 : 0.0)
                                      : std::round(random.uniform() * 50.0 * probability);
        campaign.outcome.push_back(outcome);
        campaign.score.push_back(score);
        campaign.treated.push_back(treated ? 1 : 0);
    }
    return campaign;
}

}  // namespace

class TestUpliftMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Figures from scikit-uplift's sklift/tests/test_metrics.py (test_uplift_auc_score and
    // test_qini_auc_score, github.com/maks-sh/scikit-uplift).
    void sklifAucScores_data() {
        QTest::addColumn<Values>("outcome");
        QTest::addColumn<Values>("score");
        QTest::addColumn<Values>("treated");
        QTest::addColumn<double>("upliftAuc");
        QTest::addColumn<double>("qiniAuc");
        QTest::newRow("1") << Values{1, 1} << Values{0.1, 0.3} << Values{0, 1} << 1.0 << 1.0;
        QTest::newRow("2") << Values{1, 1} << Values{0.1, 0.3} << Values{1, 0} << -1.0 << 0.0;
        QTest::newRow("3") << Values{0, 1} << Values{0.1, 0.3} << Values{1, 0} << 0.0 << 1.0;
        QTest::newRow("4") << Values{1, 0} << Values{0.1, 0.3} << Values{0, 1} << 1.0 << 1.0;
        QTest::newRow("5") << Values{0, 1, 2} << Values{0.1, 0.3, 0.9} << Values{0, 1, 0}
                           << -4.0 / 3.0 << -0.5;
        QTest::newRow("6") << Values{0, 1, 2} << Values{0.1, 0.3, 0.9} << Values{1, 0, 1}
                           << 4.0 / 3.0 << 0.75;
    }
    void sklifAucScores() {
        QFETCH(Values, outcome);
        QFETCH(Values, score);
        QFETCH(Values, treated);
        QFETCH(double, upliftAuc);
        QFETCH(double, qiniAuc);
        const ScoredCampaign campaign = campaignOf(outcome, score, treated);
        QVERIFY2(near(upliftAucScore(campaign), upliftAuc, 1e-6),
                 qPrintable(QString::number(upliftAucScore(campaign))));
        QVERIFY2(near(qiniAucScore(campaign), qiniAuc, 1e-6),
                 qPrintable(QString::number(qiniAucScore(campaign))));
    }

    // sklift's curve tests use y = [0, 1, 0], treatment = [0, 1, 1] and a model whose three
    // predictions tie (its expected x is [0, 3]); perfect curves do not use the scores.
    void sklifCurves_data() {
        QTest::addColumn<QString>("curve");
        QTest::addColumn<Values>("outcome");
        QTest::addColumn<Values>("x");
        QTest::addColumn<Values>("y");
        const Values y{0, 1, 0}, zeros{0, 0, 0}, ones{1, 1, 1};
        QTest::newRow("uplift") << "uplift" << y << Values{0, 3} << Values{0, 1.5};
        QTest::newRow("uplift zeros") << "uplift" << zeros << Values{0, 3} << Values{0, 0};
        QTest::newRow("uplift ones") << "uplift" << ones << Values{0, 3} << Values{0, 0};
        QTest::newRow("qini") << "qini" << y << Values{0, 3} << Values{0, 1};
        QTest::newRow("qini zeros") << "qini" << zeros << Values{0, 3} << Values{0, 0};
        QTest::newRow("qini ones") << "qini" << ones << Values{0, 3} << Values{0, 0};
        QTest::newRow("perfect uplift")
            << "perfect uplift" << y << Values{0, 1, 2, 3} << Values{0, 1, 2, 1.5};
        QTest::newRow("perfect uplift zeros")
            << "perfect uplift" << zeros << Values{0, 1, 3} << Values{0, 0, 0};
        QTest::newRow("perfect uplift ones")
            << "perfect uplift" << ones << Values{0, 2, 3} << Values{0, 2, 0};
        QTest::newRow("perfect qini") << "perfect qini" << y << Values{0, 1, 3} << Values{0, 1, 1};
        QTest::newRow("perfect qini zeros")
            << "perfect qini" << zeros << Values{0, 3} << Values{0, 0};
        QTest::newRow("perfect qini ones")
            << "perfect qini" << ones << Values{0, 2, 3} << Values{0, 2, 0};
        QTest::newRow("perfect qini no negative")
            << "perfect qini positive" << y << Values{0, 1, 3} << Values{0, 1, 1};
        QTest::newRow("perfect qini no negative zeros")
            << "perfect qini positive" << zeros << Values{0, 0, 3} << Values{0, 0, 0};
        QTest::newRow("perfect qini no negative ones")
            << "perfect qini positive" << ones << Values{0, 0, 3} << Values{0, 0, 0};
    }
    void sklifCurves() {
        QFETCH(QString, curve);
        QFETCH(Values, outcome);
        QFETCH(Values, x);
        QFETCH(Values, y);
        const ScoredCampaign campaign = campaignOf(outcome, Values{0.5, 0.5, 0.5}, Values{0, 1, 1});
        const UpliftCurve actual = curve == "uplift"           ? upliftCurve(campaign)
                                   : curve == "qini"           ? qiniCurve(campaign)
                                   : curve == "perfect uplift" ? perfectUpliftCurve(campaign)
                                   : curve == "perfect qini"   ? perfectQiniCurve(campaign, true)
                                                               : perfectQiniCurve(campaign, false);
        std::vector<double> xs(x.begin(), x.end()), ys(y.begin(), y.end());
        compareCurves(actual, UpliftCurve{xs, ys});
    }

    // sklift's test_uplift_at_k: by_group with k = 1 on the tied predictions gives 0, which
    // holds only with ties taken latest row first (its reversed stable argsort).
    void sklifUpliftAtK() {
        const ScoredCampaign campaign =
            campaignOf(Values{0, 1, 0}, Values{0.5, 0.5, 0.5}, Values{0, 1, 1});
        QCOMPARE(upliftAtK(campaign, TopK{1, false}, TopKStrategy::ByGroup), 0.0);
    }

    // Worked by hand: scores 0.5 0.5 | 0.2 0.2 0.2 | 0.1 give three steps at 2, 5 and 6
    // customers. After 2: one treated responder, one control non-responder. After 5: treated
    // 2 of 3, control 1 of 2. After 6: control 1 of 3.
    void handWorkedTies_data() {
        QTest::addColumn<QString>("curve");
        QTest::addColumn<Values>("y");
        QTest::newRow("qini") << "qini" << Values{0, 1, 2.0 - 1.0 * 3.0 / 2.0, 2.0 - 1.0};
        QTest::newRow("uplift") << "uplift"
                                << Values{0, (1.0 - 0.0) * 2, (2.0 / 3 - 1.0 / 2) * 5,
                                          (2.0 / 3 - 1.0 / 3) * 6};
    }
    void handWorkedTies() {
        QFETCH(QString, curve);
        QFETCH(Values, y);
        const ScoredCampaign campaign =
            campaignOf(Values{1, 0, 1, 1, 0, 0}, Values{0.5, 0.5, 0.2, 0.2, 0.2, 0.1},
                       Values{1, 0, 1, 0, 1, 0});
        const UpliftCurve actual = curve == "qini" ? qiniCurve(campaign) : upliftCurve(campaign);
        std::vector<double> ys(y.begin(), y.end());
        compareCurves(actual, UpliftCurve{{0, 2, 5, 6}, ys});
        // Trapezoids: widths 2, 3, 1.
        const double area = 2 * (y[0] + y[1]) / 2 + 3 * (y[1] + y[2]) / 2 + 1 * (y[2] + y[3]) / 2;
        QVERIFY(near(areaUnderCurve(actual), area));
    }

    void againstNaive_data() {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("distinctScores");
        QTest::addColumn<bool>("binary");
        for (quint64 seed = 1; seed <= 12; ++seed) {
            const int rows = 5 + static_cast<int>(seed * 17 % 120);
            const int distinct = seed % 3 == 0 ? 1000 : 2 + static_cast<int>(seed % 7);
            QTest::addRow("seed %llu rows %d distinct %d", seed, rows, distinct)
                << seed << rows << distinct << (seed % 2 == 0);
        }
    }
    void againstNaive() {
        QFETCH(quint64, seed);
        QFETCH(int, rows);
        QFETCH(int, distinctScores);
        QFETCH(bool, binary);
        const ScoredCampaign c = randomCampaign(seed, rows, distinctScores, binary, 0.1);
        compareCurves(qiniCurve(c), naiveCurve(c, c.score, true));
        compareCurves(upliftCurve(c), naiveCurve(c, c.score, false));
        const UpliftCurve perfectUplift = naiveCurve(c, naivePerfectUpliftKey(c), false);
        compareCurves(perfectUpliftCurve(c), perfectUplift);
        std::vector<double> qiniKey;
        for (std::size_t row = 0; row < c.size(); ++row)
            qiniKey.push_back(c.treated[row] ? c.outcome[row] : -c.outcome[row]);
        const UpliftCurve perfectQini = naiveCurve(c, qiniKey, true);
        compareCurves(perfectQiniCurve(c, true), perfectQini);
        QVERIFY(near(qiniAucScore(c, true),
                     naiveNormalised(naiveCurve(c, c.score, true), perfectQini)));
        QVERIFY(
            near(upliftAucScore(c), naiveNormalised(naiveCurve(c, c.score, false), perfectUplift)));
        for (const double k : {0.1, 0.3, 0.77, 1.0, 3.0}) {
            const bool fraction = k < 1.0;
            if (!fraction && k >= rows)
                continue;
            for (const bool byGroup : {false, true}) {
                const TopKStrategy strategy =
                    byGroup ? TopKStrategy::ByGroup : TopKStrategy::Overall;
                double expected = naiveUpliftAtK(c, k, fraction, byGroup);
                double actual = 0.0;
                try {
                    actual = upliftAtK(c, TopK{k, fraction}, strategy);
                } catch (const mb::Error&) {
                    // Only a count larger than an arm may be refused.
                    int treated = 0;
                    for (const auto t : c.treated)
                        treated += t;
                    QVERIFY(!fraction && byGroup && (k > treated || k > rows - treated));
                    continue;
                }
                QVERIFY2(near(actual, expected),
                         qPrintable(QStringLiteral("k %1 by group %2: %3 vs %4")
                                        .arg(k)
                                        .arg(byGroup)
                                        .arg(actual)
                                        .arg(expected)));
            }
        }
    }

    void upliftAtKRejectsBadK_data() {
        QTest::addColumn<double>("k");
        QTest::addColumn<bool>("fraction");
        QTest::newRow("zero fraction") << 0.0 << true;
        QTest::newRow("whole fraction") << 1.0 << true;
        QTest::newRow("zero count") << 0.0 << false;
        QTest::newRow("count of all") << 10.0 << false;
        QTest::newRow("half a customer") << 2.5 << false;
    }
    void upliftAtKRejectsBadK() {
        QFETCH(double, k);
        QFETCH(bool, fraction);
        const ScoredCampaign c = randomCampaign(3, 10, 4, true, 0.1);
        QVERIFY_THROWS_EXCEPTION(mb::Error, upliftAtK(c, TopK{k, fraction}, TopKStrategy::Overall));
    }

    // Ranking by the perfect keys reproduces the perfect curves, so the scores are exactly 1;
    // with effects only positive (no control responders) both perfect Qini curves agree.
    void perfectScoresScoreOne_data() {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<bool>("positiveOnly");
        for (quint64 seed = 1; seed <= 6; ++seed)
            QTest::addRow("seed %llu%s", seed, seed % 2 ? " positive only" : "")
                << seed << bool(seed % 2);
    }
    void perfectScoresScoreOne() {
        QFETCH(quint64, seed);
        QFETCH(bool, positiveOnly);
        ScoredCampaign c = randomCampaign(seed, 400, 9, true, 0.1);
        if (positiveOnly) {
            for (std::size_t row = 0; row < c.size(); ++row)
                if (!c.treated[row])
                    c.outcome[row] = 0.0;
        }
        ScoredCampaign byQini = c;
        for (std::size_t row = 0; row < c.size(); ++row)
            byQini.score[row] = c.treated[row] ? c.outcome[row] : -c.outcome[row];
        QVERIFY(near(qiniAucScore(byQini, true), 1.0));
        if (positiveOnly)
            QVERIFY(near(qiniAucScore(byQini, false), 1.0));
        ScoredCampaign byUplift = c;
        byUplift.score = naivePerfectUpliftKey(c);
        QVERIFY(near(upliftAucScore(byUplift), 1.0));
    }

    void randomScoresNearZero_data() {
        QTest::addColumn<quint64>("seed");
        for (quint64 seed = 1; seed <= 4; ++seed)
            QTest::addRow("seed %llu", seed) << seed;
    }
    void randomScoresNearZero() {
        QFETCH(quint64, seed);
        ScoredCampaign c = randomCampaign(seed, 20000, 8, true, 0.1);
        const double informed = qiniAucScore(c);
        SeededRandom random(seed + 100);
        for (double& score : c.score)
            score = random.uniform();
        qInfo("qini auc: informative %.4f, random %.4f; uplift auc random %.4f", informed,
              qiniAucScore(c), upliftAucScore(c));
        QVERIFY(std::abs(qiniAucScore(c)) < 0.25 * informed);
        QVERIFY(std::abs(upliftAucScore(c)) < 0.25 * informed);
        QVERIFY(informed > 0.01);  // the same data with the informative score does rank
    }

    void reversedScoreFlipsSign_data() {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<bool>("binary");
        for (quint64 seed = 1; seed <= 4; ++seed)
            QTest::addRow("seed %llu", seed) << seed << bool(seed % 2);
    }
    void reversedScoreFlipsSign() {
        QFETCH(quint64, seed);
        QFETCH(bool, binary);
        ScoredCampaign c = randomCampaign(seed, 3000, 16, binary, 0.08);
        const double qini = qiniAucScore(c);
        const double uplift = upliftAucScore(c);
        for (double& score : c.score)
            score = -score;
        QVERIFY2(qini > 0 && qiniAucScore(c) < 0,
                 qPrintable(QStringLiteral("%1 %2").arg(qini).arg(qiniAucScore(c))));
        QVERIFY(uplift > 0 && upliftAucScore(c) < 0);
    }

    void averageEffect_data() {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<bool>("binary");
        for (quint64 seed = 1; seed <= 4; ++seed)
            QTest::addRow("seed %llu", seed) << seed << bool(seed % 2);
    }
    void averageEffect() {
        QFETCH(quint64, seed);
        QFETCH(bool, binary);
        const ScoredCampaign c = randomCampaign(seed, 500, 5, binary, 0.1);
        // Sum-of-squares form of the sample variance, a different route from the library's.
        double n[2] = {0, 0}, s[2] = {0, 0}, ss[2] = {0, 0};
        for (std::size_t row = 0; row < c.size(); ++row) {
            n[c.treated[row]] += 1;
            s[c.treated[row]] += c.outcome[row];
            ss[c.treated[row]] += c.outcome[row] * c.outcome[row];
        }
        double variance[2];
        for (int arm = 0; arm < 2; ++arm)
            variance[arm] = (ss[arm] - s[arm] * s[arm] / n[arm]) / (n[arm] - 1);
        const TreatmentEffect effect = averageTreatmentEffect(c);
        QVERIFY(near(effect.effect, s[1] / n[1] - s[0] / n[0]));
        QVERIFY(
            near(effect.standardError, std::sqrt(variance[1] / n[1] + variance[0] / n[0]), 1e-7));
        QCOMPARE(effect.treatment.customers, static_cast<std::int64_t>(n[1]));
        QCOMPARE(effect.control.customers, static_cast<std::int64_t>(n[0]));
    }

    // A bootstrap replicate is evaluated by weighting rows; it must equal the metrics of the
    // rows written out that many times.
    void weightsEqualRepeatedRows_data() {
        QTest::addColumn<quint64>("seed");
        for (quint64 seed = 1; seed <= 6; ++seed)
            QTest::addRow("seed %llu", seed) << seed;
    }
    void weightsEqualRepeatedRows() {
        QFETCH(quint64, seed);
        const ScoredCampaign c = randomCampaign(seed, 60, 5, seed % 2 == 0, 0.1);
        SeededRandom random(seed * 7);
        std::vector<std::uint32_t> weights;
        ScoredCampaign repeated;
        for (std::size_t row = 0; row < c.size(); ++row) {
            weights.push_back(static_cast<std::uint32_t>(random.below(4)));
            for (std::uint32_t copy = 0; copy < weights.back(); ++copy) {
                repeated.outcome.push_back(c.outcome[row]);
                repeated.score.push_back(c.score[row]);
                repeated.treated.push_back(c.treated[row]);
            }
        }
        const auto order = detail::rankRows(c.score);
        compareCurves(detail::curveAlong(c, order, c.score, detail::CurveKind::Qini, &weights),
                      qiniCurve(repeated));
        compareCurves(detail::curveAlong(c, order, c.score, detail::CurveKind::Uplift, &weights),
                      upliftCurve(repeated));
        QVERIFY(near(detail::upliftAtK(c, order, TopK{0.3, true}, TopKStrategy::Overall, &weights),
                     upliftAtK(repeated, TopK{0.3, true}, TopKStrategy::Overall)));
        QVERIFY(near(detail::averageTreatmentEffect(c, &weights).standardError,
                     averageTreatmentEffect(repeated).standardError));
        QCOMPARE(detail::perfectUpliftUsesOutcome(c, &weights),
                 detail::perfectUpliftUsesOutcome(repeated, nullptr));
    }

    void bootstrapIsSeeded() {
        const ScoredCampaign c = randomCampaign(11, 2000, 10, true, 0.1);
        BootstrapSettings settings;
        settings.replicates = 100;
        settings.seed = 5;
        const BootstrapIntervals first = bootstrapIntervals(c, settings);
        const BootstrapIntervals again = bootstrapIntervals(c, settings);
        settings.seed = 6;
        const BootstrapIntervals other = bootstrapIntervals(c, settings);
        QCOMPARE(first.qiniAuc.lower, again.qiniAuc.lower);
        QCOMPARE(first.effect.upper, again.effect.upper);
        QVERIFY(first.qiniAuc.lower != other.qiniAuc.lower);
        QCOMPARE(first.qiniAuc.replicatesUsed, 100);
        // The point estimates sit inside their 95% intervals on a sample this size.
        QVERIFY(first.qiniAuc.lower < qiniAucScore(c) && qiniAucScore(c) < first.qiniAuc.upper);
        const double ate = averageTreatmentEffect(c).effect;
        QVERIFY(first.effect.lower < ate && ate < first.effect.upper);
        // Their width is about 2 x 1.96 standard errors for the mean difference.
        const double se = averageTreatmentEffect(c).standardError;
        const double width = first.effect.upper - first.effect.lower;
        QVERIFY2(width > 2.5 * se && width < 5.5 * se, qPrintable(QString::number(width / se)));
    }

    void quantileInterpolates() {
        std::vector<double> values{4, 1, 3, 2};
        QCOMPARE(interpolatedQuantile(values, 0.5), 2.5);
        QCOMPARE(interpolatedQuantile(values, 0.0), 1.0);
        QCOMPARE(interpolatedQuantile(values, 1.0), 4.0);
        std::vector<double> none;
        QVERIFY(std::isnan(interpolatedQuantile(none, 0.5)));
    }
};

QTEST_GUILESS_MAIN(TestUpliftMetrics)
#include "tst_upliftmetrics.moc"
