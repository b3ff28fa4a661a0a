// The targeting pipeline on random campaigns: the promises an offer list must keep (consent,
// budget, capacities, contact caps, a control group of the asked share, same seed same list),
// the value per response against a hand count, and the unconstrained allocation against its
// closed form (each customer's best offer when it is worth sending).
#include "common/Error.h"
#include "targeting/SeededRandom.h"
#include "targeting/TargetingPlan.h"

#include <QSet>
#include <QTest>
#include <cmath>

using namespace mb::targeting;

namespace {

struct RandomCampaign {
    CampaignDesign design;
    std::vector<TargetingCustomer> customers;
    std::vector<TargetingOffer> offers;
};

// Deal hunters respond to offer_x, the others are put off by it; offer_y helps everyone a little.
RandomCampaign randomCampaign(std::uint64_t seed, int customers, double consentShare) {
    SeededRandom random(seed);
    RandomCampaign c;
    CampaignDesign& d = c.design;
    d.name = QStringLiteral("test");
    d.arms = {QStringLiteral("control"), QStringLiteral("offer_x"), QStringLiteral("offer_y")};
    d.outcomeNames = {QStringLiteral("purchase"), QStringLiteral("spend")};
    d.outcomeIsBinary = {true, false};
    d.featureNames = {QStringLiteral("f1"), QStringLiteral("deal")};
    const int inCampaign = customers * 9 / 10;
    d.features.resize(inCampaign, 2);
    d.outcomes.resize(inCampaign, 2);
    for (int i = 0; i < customers; ++i) {
        TargetingCustomer customer;
        customer.customer = QStringLiteral("K%1").arg(i, 5, 10, QLatin1Char('0'));
        const bool deal = random.uniform() < 0.4;
        customer.segment = deal ? QStringLiteral("deal") : QStringLiteral("other");
        customer.consentOffers = random.uniform() < consentShare;
        customer.priorContacts = static_cast<int>(random.below(3));
        if (i < inCampaign) {
            const int arm = static_cast<int>(random.below(3));
            const double f1 = 2.0 * random.uniform() - 1.0;
            const double uplift = arm == 1 ? (deal ? 0.3 : -0.1) : arm == 2 ? 0.08 : 0.0;
            const double chance = std::clamp(0.25 + 0.1 * f1 + uplift, 0.0, 1.0);
            const bool bought = random.uniform() < chance;
            d.customer.push_back(customer.customer);
            d.arm.push_back(arm);
            d.features(i, 0) = f1;
            d.features(i, 1) = deal ? 1.0 : 0.0;
            d.outcomes(i, 0) = bought ? 1.0 : 0.0;
            d.outcomes(i, 1) = bought ? 20.0 + 30.0 * random.uniform() : 0.0;
        }
        c.customers.push_back(customer);
    }
    c.offers = {
        TargetingOffer{QStringLiteral("offer_z"), QStringLiteral("toys"), {}, 0.2, unlimited, 0.4},
        TargetingOffer{
            QStringLiteral("offer_x"), QStringLiteral("snacks"), {}, 1.0, unlimited, 0.4},
        TargetingOffer{
            QStringLiteral("offer_y"), QStringLiteral("bakery"), {}, 0.5, unlimited, 0.5}};
    return c;
}

TargetingSettings quickSettings(std::uint64_t seed) {
    TargetingSettings settings;
    settings.seed = seed;
    settings.model.seed = seed;
    settings.uncertaintyReplicates = 4;
    settings.simulations = 200;
    return settings;
}

}  // namespace

class TestTargetingPlan : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void promisesKept_data() {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<int>("customers");
        QTest::addColumn<double>("consentShare");
        QTest::addColumn<double>("budget");
        QTest::addColumn<double>("capacityX");
        QTest::addColumn<int>("maxOffers");
        QTest::addColumn<int>("maxContacts");
        QTest::addColumn<double>("holdout");
        QTest::newRow("tight budget") << quint64(1) << 600 << 0.8 << 40.0 << 1e9 << 1 << -1 << 0.1;
        QTest::newRow("capacity binds")
            << quint64(2) << 600 << 0.6 << 500.0 << 25.0 << 1 << -1 << 0.2;
        QTest::newRow("two offers each")
            << quint64(3) << 500 << 0.7 << 300.0 << 60.0 << 2 << -1 << 0.1;
        QTest::newRow("contact caps")
            << quint64(4) << 500 << 0.9 << 1000.0 << 1e9 << 2 << 2 << 0.15;
        QTest::newRow("nobody consents")
            << quint64(5) << 300 << 0.0 << 100.0 << 1e9 << 1 << -1 << 0.1;
        QTest::newRow("zero budget") << quint64(6) << 300 << 0.8 << 0.0 << 1e9 << 1 << -1 << 0.0;
    }

    void promisesKept() {
        QFETCH(quint64, seed);
        QFETCH(int, customers);
        QFETCH(double, consentShare);
        QFETCH(double, budget);
        QFETCH(double, capacityX);
        QFETCH(int, maxOffers);
        QFETCH(int, maxContacts);
        QFETCH(double, holdout);
        RandomCampaign c = randomCampaign(seed, customers, consentShare);
        c.offers[1].capacity = capacityX;
        TargetingSettings settings = quickSettings(seed);
        settings.budget = budget;
        settings.maxOffersPerCustomer = maxOffers;
        settings.maxContacts = maxContacts;
        settings.holdoutFraction = holdout;
        const TargetingPlan plan = runTargeting(c.design, c.customers, c.offers, settings);
        QVERIFY(!plan.cancelled);

        QHash<QString, const TargetingCustomer*> byId;
        for (const TargetingCustomer& customer : c.customers)
            byId.insert(customer.customer, &customer);
        const QSet<QString> inCampaign(c.design.customer.begin(), c.design.customer.end());
        double spent = 0.0;
        QHash<QString, int> perOffer, perCustomer;
        QSet<QString> control;
        for (const OfferListRow& row : plan.rows) {
            QVERIFY2(byId.contains(row.customer), qPrintable(row.customer));
            QVERIFY2(byId.value(row.customer)->consentOffers, qPrintable(row.customer));
            if (row.control) {
                control.insert(row.customer);
                continue;
            }
            spent += row.cost;
            ++perOffer[row.offer];
            ++perCustomer[row.customer];
        }
        QVERIFY2(spent <= budget + 1e-9, qPrintable(QString::number(spent)));
        QCOMPARE(perOffer.value(QStringLiteral("offer_x")) <= capacityX, true);
        QCOMPARE(perOffer.value(QStringLiteral("offer_z")), 0);  // no campaign arm tested it
        for (auto it = perCustomer.constBegin(); it != perCustomer.constEnd(); ++it) {
            QVERIFY(!control.contains(it.key()));
            int allowed = maxOffers;
            if (maxContacts >= 0)
                allowed = std::min(allowed, maxContacts - byId.value(it.key())->priorContacts);
            QVERIFY2(it.value() <= allowed, qPrintable(it.key()));
        }
        qint64 eligible = 0, atCap = 0;
        for (const TargetingCustomer& customer : c.customers) {
            if (!customer.consentOffers || !inCampaign.contains(customer.customer))
                continue;
            if (maxContacts >= 0 && customer.priorContacts >= maxContacts)
                ++atCap;
            else
                ++eligible;
        }
        QCOMPARE(static_cast<qint64>(plan.customersAtContactCap), atCap);
        QCOMPARE(static_cast<qint64>(plan.allocation.eligibleCustomers), eligible);
        QCOMPARE(static_cast<qint64>(control.size()),
                 static_cast<qint64>(std::llround(holdout * static_cast<double>(eligible))));
        QCOMPARE(static_cast<qint64>(plan.customersWithoutFeatures),
                 static_cast<qint64>(c.customers.size()) - static_cast<qint64>(inCampaign.size()));

        const TargetingPlan again = runTargeting(c.design, c.customers, c.offers, settings);
        QCOMPARE(again.rows.size(), plan.rows.size());
        for (std::size_t i = 0; i < plan.rows.size(); ++i) {
            QCOMPARE(again.rows[i].customer, plan.rows[i].customer);
            QCOMPARE(again.rows[i].offer, plan.rows[i].offer);
            QCOMPARE(again.rows[i].control, plan.rows[i].control);
        }
        if (control.size() >= 10) {
            settings.seed = seed + 100;
            const TargetingPlan other = runTargeting(c.design, c.customers, c.offers, settings);
            QSet<QString> otherControl;
            for (const OfferListRow& row : other.rows) {
                if (row.control)
                    otherControl.insert(row.customer);
            }
            QCOMPARE(otherControl.size(), control.size());
            QVERIFY(otherControl != control);
        }
    }

    void valuePerResponseIsResponderSpend() {
        const RandomCampaign c = randomCampaign(11, 900, 0.8);
        const TargetingSettings settings = quickSettings(11);
        const std::vector<ArmOffer> pairs = mapArmsToOffers(c.design, c.offers, settings, 0);
        QCOMPARE(pairs.size(), std::size_t{2});
        for (const ArmOffer& pair : pairs) {
            QCOMPARE(c.offers[static_cast<std::size_t>(pair.offer)].offer,
                     c.design.arms.at(pair.arm));
            double sum = 0.0;
            int count = 0;
            for (Eigen::Index r = 0; r < c.design.rows(); ++r) {
                if (c.design.arm[static_cast<std::size_t>(r)] == pair.arm &&
                    c.design.outcomes(r, 0) == 1.0) {
                    sum += c.design.outcomes(r, 1);
                    ++count;
                }
            }
            QVERIFY(count > 0);
            QVERIFY(pair.valueFromCampaign);
            QCOMPARE(static_cast<int>(pair.responders), count);
            QVERIFY(std::abs(pair.valuePerResponse - sum / count) < 1e-9);
        }
    }

    // With no budget, capacity or control group limit, the best list sends every customer the
    // offer with the highest expected value when that value is positive.
    void unconstrainedIsEachCustomersBest() {
        const RandomCampaign c = randomCampaign(21, 400, 0.75);
        TargetingSettings settings = quickSettings(21);
        settings.budget = 1e9;
        settings.holdoutFraction = 0.0;
        const TargetingPlan plan = runTargeting(c.design, c.customers, c.offers, settings);
        QHash<std::int32_t, double> best;
        for (const OfferOutlook& o : plan.outlooks)
            best[o.customer] = std::max(best.value(o.customer, 0.0), expectedNetValue(o));
        double closedForm = 0.0;
        int worthSending = 0;
        for (const double value : best) {
            closedForm += value;
            worthSending += value > 0.0 ? 1 : 0;
        }
        QVERIFY(worthSending > 0);
        QCOMPARE(static_cast<int>(plan.allocation.assignedCustomers), worthSending);
        QVERIFY(std::abs(plan.allocation.totalEffect - closedForm) < 1e-6 * (1.0 + closedForm));
        double listed = 0.0;
        for (const OfferListRow& row : plan.rows)
            listed += row.expectedValue;
        QVERIFY(std::abs(listed - closedForm) < 1e-6 * (1.0 + closedForm));
    }

    void standardErrors_data() {
        QTest::addColumn<int>("refits");
        QTest::newRow("none") << 0;
        QTest::newRow("eight") << 8;
    }

    void standardErrors() {
        QFETCH(int, refits);
        const RandomCampaign c = randomCampaign(31, 600, 1.0);
        TargetingSettings settings = quickSettings(31);
        settings.uncertaintyReplicates = refits;
        settings.budget = 100.0;
        const TargetingPlan plan = runTargeting(c.design, c.customers, c.offers, settings);
        QVERIFY(!plan.outlooks.empty());
        for (const OfferOutlook& o : plan.outlooks) {
            QVERIFY(std::isfinite(o.upliftStandardError));
            if (refits == 0)
                QCOMPARE(o.upliftStandardError, 0.0);
            else
                QVERIFY(o.upliftStandardError > 0.0);
        }
    }

    void badInput_data() {
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QString>("message");
        QTest::newRow("negative budget") << "budget"
                                         << "budget must be zero or more";
        QTest::newRow("no offer matches") << "offers"
                                          << "no treatment arm of campaign test";
        QTest::newRow("not a response") << "outcome"
                                        << "is not 0/1";
        QTest::newRow("no value") << "value"
                                  << "--value V";
    }

    void badInput() {
        QFETCH(QString, problem);
        QFETCH(QString, message);
        RandomCampaign c = randomCampaign(41, 200, 0.8);
        TargetingSettings settings = quickSettings(41);
        settings.budget = 10.0;
        if (problem == QLatin1String("budget"))
            settings.budget = -1.0;
        else if (problem == QLatin1String("offers"))
            c.offers.resize(1);
        else if (problem == QLatin1String("outcome"))
            settings.outcome = QStringLiteral("spend");
        else
            settings.valueOutcome = QStringLiteral("basket");
        try {
            runTargeting(c.design, c.customers, c.offers, settings);
            QFAIL("expected an error");
        } catch (const mb::Error& error) {
            QVERIFY2(error.message().contains(message), qPrintable(error.message()));
        }
    }
};

QTEST_GUILESS_MAIN(TestTargetingPlan)
#include "tst_targetingplan.moc"
