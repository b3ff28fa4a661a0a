#include "targeting/TargetingPlan.h"

#include "common/Error.h"
#include "common/Progress.h"
#include "data/HeaderedCsv.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "targeting/SeededRandom.h"

#include <QDate>
#include <algorithm>
#include <cmath>
#include <limits>

namespace mb::targeting {

namespace {

bool cancelled(ProgressToken* progress) {
    return progress && progress->isCancelled();
}

void report(ProgressToken* progress, double fraction) {
    if (progress)
        progress->report(fraction);
}

QString text(std::string_view field) {
    return QString::fromUtf8(field.data(), static_cast<qsizetype>(field.size())).trimmed();
}

// The first campaign row of each customer id (a customer tested twice keeps the first row).
QHash<QString, Eigen::Index> firstRowByCustomer(const CampaignDesign& design) {
    QHash<QString, Eigen::Index> rows;
    for (std::size_t i = 0; i < design.customer.size(); ++i) {
        if (!design.customer[i].isEmpty() && !rows.contains(design.customer[i]))
            rows.insert(design.customer[i], static_cast<Eigen::Index>(i));
    }
    return rows;
}

// Keeps each customer's best `allowance` offers (by expected value) and recomputes the totals;
// dropping offers frees budget and capacity, so every constraint still holds.
void applyContactAllowance(const std::vector<OfferOutlook>& outlooks,
                           const std::vector<OfferOption>& options,
                           const std::vector<int>& allowance, AllocationResult& result) {
    std::vector<std::int32_t> kept;
    std::size_t i = 0;
    while (i < result.chosen.size()) {
        const std::int32_t customer = outlooks[static_cast<std::size_t>(result.chosen[i])].customer;
        std::size_t end = i;
        while (end < result.chosen.size() &&
               outlooks[static_cast<std::size_t>(result.chosen[end])].customer == customer)
            ++end;
        std::vector<std::int32_t> group(result.chosen.begin() + static_cast<std::ptrdiff_t>(i),
                                        result.chosen.begin() + static_cast<std::ptrdiff_t>(end));
        std::stable_sort(group.begin(), group.end(), [&](std::int32_t a, std::int32_t b) {
            return options[static_cast<std::size_t>(a)].effect >
                   options[static_cast<std::size_t>(b)].effect;
        });
        const auto limit =
            static_cast<std::size_t>(std::max(0, allowance[static_cast<std::size_t>(customer)]));
        if (group.size() > limit)
            group.resize(limit);
        std::sort(group.begin(), group.end());
        kept.insert(kept.end(), group.begin(), group.end());
        i = end;
    }
    result.chosen = std::move(kept);
    result.totalCost = 0.0;
    result.totalEffect = 0.0;
    result.assignedCustomers = 0;
    std::int32_t previous = -1;
    for (const std::int32_t index : result.chosen) {
        const OfferOption& option = options[static_cast<std::size_t>(index)];
        result.totalCost += option.cost;
        result.totalEffect += option.effect;
        if (option.customer != previous)
            ++result.assignedCustomers;
        previous = option.customer;
    }
    result.gap = result.upperBound - result.totalEffect;
}

OfferReason reasonFor(const TargetingCustomer& customer, const TargetingOffer& offer, double uplift,
                      int windowDays) {
    OfferReason reason;
    reason.segment = customer.segment;
    // Only purchases that happened are cited: "bought snacks 0 times" tells a planner nothing.
    const int purchases = customer.recentPurchases.value(offer.category, 0);
    if (!offer.category.isEmpty() && purchases > 0) {
        reason.category = offer.category;
        reason.purchases = purchases;
    }
    reason.windowDays = windowDays;
    reason.predictedUplift = uplift;
    return reason;
}

}  // namespace

int responseOutcome(const CampaignDesign& design, const QString& requested) {
    int index = -1;
    if (!requested.isEmpty()) {
        index = design.outcomeIndex(requested);
    } else {
        index = design.outcomeIndex(QStringLiteral("purchase"));
        for (int i = 0; index < 0 && i < static_cast<int>(design.outcomeNames.size()); ++i) {
            if (design.outcomeIsBinary[static_cast<std::size_t>(i)])
                index = i;
        }
    }
    if (index < 0)
        throw Error(QStringLiteral("campaign %1 has no 0/1 outcome %2 (there are: %3)")
                        .arg(design.name, requested.isEmpty() ? QStringLiteral("(any)") : requested,
                             design.outcomeNames.join(u", ")));
    if (!design.outcomeIsBinary[static_cast<std::size_t>(index)])
        throw Error(
            QStringLiteral("campaign %1's outcome %2 is not 0/1; targeting needs a "
                           "response such as purchase (there are: %3)")
                .arg(design.name, design.outcomeNames.at(index), design.outcomeNames.join(u", ")));
    return index;
}

UpliftTrainingSet campaignTrainingSet(const CampaignDesign& design, int outcomeIndex) {
    std::vector<Eigen::Index> rows;
    for (Eigen::Index r = 0; r < design.rows(); ++r) {
        if (!std::isnan(design.outcomes(r, outcomeIndex)))
            rows.push_back(r);
    }
    UpliftTrainingSet set;
    set.features.resize(static_cast<Eigen::Index>(rows.size()), design.features.cols());
    set.outcome.resize(static_cast<Eigen::Index>(rows.size()));
    set.arm.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto to = static_cast<Eigen::Index>(i);
        set.features.row(to) = design.features.row(rows[i]);
        set.outcome(to) = design.outcomes(rows[i], outcomeIndex);
        set.arm[i] = design.arm[static_cast<std::size_t>(rows[i])];
    }
    set.treatmentArms = design.treatmentArms();
    set.binaryOutcome = design.outcomeIsBinary[static_cast<std::size_t>(outcomeIndex)];
    return set;
}

std::vector<ArmOffer> mapArmsToOffers(const CampaignDesign& design,
                                      const std::vector<TargetingOffer>& offers,
                                      const TargetingSettings& settings, int outcomeIndex) {
    QStringList offerIds;
    for (const TargetingOffer& offer : offers)
        offerIds << offer.offer;
    const int valueIndex = design.outcomeIndex(settings.valueOutcome);
    std::vector<ArmOffer> paired;
    for (int arm = 1; arm < static_cast<int>(design.arms.size()); ++arm) {
        const auto offer = offerIds.indexOf(design.arms.at(arm));
        if (offer < 0)
            continue;
        ArmOffer pair;
        pair.arm = arm;
        pair.offer = static_cast<int>(offer);
        double valueSum = 0.0;
        std::int64_t valued = 0;
        for (Eigen::Index r = 0; r < design.rows(); ++r) {
            if (design.arm[static_cast<std::size_t>(r)] != arm ||
                design.outcomes(r, outcomeIndex) != 1.0)
                continue;
            ++pair.responders;
            if (valueIndex >= 0 && std::isfinite(design.outcomes(r, valueIndex))) {
                valueSum += design.outcomes(r, valueIndex);
                ++valued;
            }
        }
        if (valued > 0) {
            pair.valuePerResponse = valueSum / static_cast<double>(valued);
            pair.valueFromCampaign = true;
        } else if (std::isfinite(settings.fallbackValue) && settings.fallbackValue >= 0.0) {
            pair.valuePerResponse = settings.fallbackValue;
        } else {
            throw Error(QStringLiteral("campaign %1 gives no %2 for the responders of arm %3; "
                                       "give a value per response (--value V)")
                            .arg(design.name, settings.valueOutcome, design.arms.at(arm)));
        }
        paired.push_back(pair);
    }
    if (paired.empty())
        throw Error(QStringLiteral("no treatment arm of campaign %1 (%2) is an offer id (%3)")
                        .arg(design.name, design.arms.mid(1).join(u", "), offerIds.join(u", ")));
    return paired;
}

Eigen::MatrixXd upliftStandardErrors(const UpliftTrainingSet& training,
                                     const UpliftSettings& settings,
                                     const Eigen::MatrixXd& features, int replicates,
                                     std::uint64_t seed, ProgressToken* progress) {
    const Eigen::Index arms = training.treatmentArms;
    if (replicates < 2)
        return Eigen::MatrixXd::Zero(features.rows(), arms);
    std::vector<std::vector<Eigen::Index>> byArm(static_cast<std::size_t>(arms + 1));
    for (std::size_t i = 0; i < training.arm.size(); ++i)
        byArm[static_cast<std::size_t>(training.arm[i])].push_back(static_cast<Eigen::Index>(i));
    // Welford's running mean and sum of squares keep the variance exact without storing refits.
    Eigen::MatrixXd mean = Eigen::MatrixXd::Zero(features.rows(), arms);
    Eigen::MatrixXd squares = Eigen::MatrixXd::Zero(features.rows(), arms);
    SeededRandom random(seed ^ 0x5bd1e995a1b2c3d4ULL);
    for (int b = 0; b < replicates; ++b) {
        if (cancelled(progress))
            return {};
        std::vector<Eigen::Index> rows;
        rows.reserve(training.arm.size());
        for (const std::vector<Eigen::Index>& members : byArm) {
            for (std::size_t k = 0; k < members.size(); ++k)
                rows.push_back(members[random.below(members.size())]);
        }
        UpliftSettings refit = settings;
        refit.seed = settings.seed + static_cast<std::uint64_t>(b) + 1;
        const UpliftTraining trained = trainUpliftModel(selectRows(training, rows), refit);
        if (!trained.model)
            return {};
        const Eigen::MatrixXd uplift = trained.model->predict(features).uplift;
        const Eigen::MatrixXd delta = uplift - mean;
        mean += delta / static_cast<double>(b + 1);
        squares += delta.cwiseProduct(uplift - mean);
        report(progress, static_cast<double>(b + 1) / replicates);
    }
    return (squares / static_cast<double>(replicates - 1)).cwiseSqrt();
}

TargetingPlan planTargeting(const CampaignDesign& design, const UpliftModel& model,
                            const std::vector<TargetingCustomer>& customers,
                            const std::vector<TargetingOffer>& offers,
                            const TargetingSettings& settings, ProgressToken* progress) {
    if (!(settings.budget >= 0.0) || !std::isfinite(settings.budget))
        throw Error(QStringLiteral("the budget must be zero or more (%1)").arg(settings.budget));
    if (!(settings.holdoutFraction >= 0.0 && settings.holdoutFraction < 1.0))
        throw Error(QStringLiteral("the control group share must be in [0, 1) (%1)")
                        .arg(settings.holdoutFraction));
    if (settings.maxOffersPerCustomer < 1)
        throw Error(QStringLiteral("the offers per customer must be 1 or more (%1)")
                        .arg(settings.maxOffersPerCustomer));
    for (const TargetingOffer& offer : offers) {
        if (!(offer.cost >= 0.0) || !std::isfinite(offer.cost))
            throw Error(QStringLiteral("offer %1 has a negative or unknown cost (%2)")
                            .arg(offer.offer)
                            .arg(offer.cost));
    }
    for (const TargetingCustomer& customer : customers) {
        if (!customer.offerAllowed.empty() && customer.offerAllowed.size() != offers.size())
            throw Error(QStringLiteral("internal error: the eligibility of customer %1 does not "
                                       "list every offer")
                            .arg(customer.customer));
    }
    TargetingPlan plan;
    const int outcomeIndex = responseOutcome(design, settings.outcome);
    plan.outcome = design.outcomeNames.at(outcomeIndex);
    plan.armOffers = mapArmsToOffers(design, offers, settings, outcomeIndex);
    for (int arm = 1; arm < static_cast<int>(design.arms.size()); ++arm) {
        if (std::none_of(plan.armOffers.begin(), plan.armOffers.end(),
                         [&](const ArmOffer& pair) { return pair.arm == arm; }))
            plan.notes << QStringLiteral("arm %1 has no offer of that id and is not sent")
                              .arg(design.arms.at(arm));
    }

    // Score every customer the campaign has features for.
    const QHash<QString, Eigen::Index> rowOf = firstRowByCustomer(design);
    std::vector<std::int32_t> scored;
    std::vector<Eigen::Index> designRows;
    for (std::size_t c = 0; c < customers.size(); ++c) {
        const auto it = rowOf.constFind(customers[c].customer);
        if (it == rowOf.constEnd()) {
            ++plan.customersWithoutFeatures;
            continue;
        }
        scored.push_back(static_cast<std::int32_t>(c));
        designRows.push_back(*it);
    }
    plan.customersScored = static_cast<std::int64_t>(scored.size());
    Eigen::MatrixXd features(static_cast<Eigen::Index>(designRows.size()), design.features.cols());
    for (std::size_t i = 0; i < designRows.size(); ++i)
        features.row(static_cast<Eigen::Index>(i)) = design.features.row(designRows[i]);
    const UpliftPrediction prediction = model.predict(features);
    report(progress, 0.05);

    // The refits report into their own token, which passes the caller's cancel on.
    ProgressToken bootstrapProgress;
    bootstrapProgress.setListener([&](double fraction) {
        report(progress, 0.05 + 0.6 * fraction);
        if (cancelled(progress))
            bootstrapProgress.cancel();
    });
    if (cancelled(progress))
        bootstrapProgress.cancel();
    const Eigen::MatrixXd standardErrors = upliftStandardErrors(
        campaignTrainingSet(design, outcomeIndex), settings.model, features,
        settings.uncertaintyReplicates, settings.seed, progress ? &bootstrapProgress : nullptr);
    if (cancelled(progress) || standardErrors.rows() != features.rows()) {
        plan.cancelled = true;
        return plan;
    }

    // What each consented customer below the contact cap could be sent.
    std::vector<int> allowance(customers.size(), 0);
    std::vector<OfferOption> options;
    for (std::size_t i = 0; i < scored.size(); ++i) {
        const auto c = static_cast<std::size_t>(scored[i]);
        const TargetingCustomer& customer = customers[c];
        if (!customer.consentOffers)
            continue;
        if (customer.excluded) {
            ++plan.customersExcluded;
            continue;
        }
        int allowed = settings.maxOffersPerCustomer;
        if (settings.maxContacts >= 0)
            allowed = std::min(allowed, settings.maxContacts - customer.priorContacts);
        if (allowed <= 0) {
            ++plan.customersAtContactCap;
            continue;
        }
        allowance[c] = allowed;
        const auto row = static_cast<Eigen::Index>(i);
        std::int64_t ruledOut = 0;
        for (const ArmOffer& pair : plan.armOffers) {
            // An ineligible offer gets no outlook at all, so no strategy or control row uses it.
            if (!customer.mayHave(pair.offer)) {
                ++ruledOut;
                continue;
            }
            const TargetingOffer& offer = offers[static_cast<std::size_t>(pair.offer)];
            OfferOutlook outlook;
            outlook.customer = scored[i];
            outlook.offer = pair.offer;
            outlook.baselineResponse = std::clamp(prediction.controlResponse(row), 0.0, 1.0);
            outlook.upliftMean = prediction.uplift(row, pair.arm - 1);
            outlook.upliftStandardError = standardErrors(row, pair.arm - 1);
            outlook.valuePerResponse = pair.valuePerResponse;
            outlook.marginRate = offer.marginRate;
            outlook.cost = offer.cost;
            plan.outlooks.push_back(outlook);
            options.push_back(
                OfferOption{scored[i], pair.offer, expectedNetValue(outlook), offer.cost, true});
        }
        plan.ineligibleOptions += ruledOut;
        if (ruledOut > 0 && ruledOut == static_cast<std::int64_t>(plan.armOffers.size()))
            ++plan.customersWithoutEligibleOffer;
    }

    AllocationProblem problem;
    problem.customerCount = static_cast<std::int32_t>(customers.size());
    problem.offerCount = static_cast<std::int32_t>(offers.size());
    problem.options = options;
    problem.consented.reserve(customers.size());
    for (const TargetingCustomer& customer : customers)
        problem.consented.push_back(customer.consentOffers ? 1 : 0);
    problem.budget = settings.budget;
    problem.capacity.reserve(offers.size());
    for (const TargetingOffer& offer : offers)
        problem.capacity.push_back(offer.capacity);
    problem.maxOffersPerCustomer = settings.maxOffersPerCustomer;
    problem.holdoutFraction = settings.holdoutFraction;
    problem.seed = settings.seed;
    // The plan and every point of its budget curve are one allocation: the same problem (the
    // control group drawn from the same seed) and the same contact allowance, only the budget
    // differs, so a point of the curve is the plan at that budget.
    const auto allocateAt = [&](double budget) {
        AllocationProblem atBudget = problem;
        atBudget.budget = budget;
        AllocationResult result = allocateOffers(atBudget);
        if (settings.maxContacts >= 0 && !result.cancelled)
            applyContactAllowance(plan.outlooks, options, allowance, result);
        return result;
    };
    plan.allocation = allocateAt(settings.budget);
    if (plan.allocation.cancelled || cancelled(progress)) {
        plan.cancelled = true;
        return plan;
    }
    for (const std::int32_t index : plan.allocation.chosen) {
        // The one promise the list must keep whatever else goes wrong.
        const auto customer =
            static_cast<std::size_t>(options[static_cast<std::size_t>(index)].customer);
        const TargetingCustomer& chosen = customers[customer];
        if (!chosen.consentOffers || plan.allocation.heldOut[customer] || chosen.excluded ||
            !chosen.mayHave(options[static_cast<std::size_t>(index)].offer))
            throw Error(QStringLiteral("internal error: customer %1 was chosen without consent, "
                                       "from the control group or against an eligibility rule")
                            .arg(chosen.customer));
    }
    report(progress, 0.7);

    SimulationSettings simulation;
    simulation.replicates = settings.simulations;
    simulation.seed = settings.seed;
    simulation.upliftCorrelation = settings.upliftCorrelation;
    plan.expected = expectCampaign(plan.outlooks, plan.allocation.chosen);
    plan.forecast = simulateCampaign(plan.outlooks, plan.allocation.chosen, simulation);
    report(progress, 0.8);

    // Strategies choose among the customers who are not in the control group, as the allocation
    // does, so they compete on the same customers.
    std::vector<std::int32_t> compared(plan.outlooks.size(), -1);
    for (std::size_t i = 0; i < plan.outlooks.size(); ++i) {
        if (plan.allocation.heldOut[static_cast<std::size_t>(plan.outlooks[i].customer)])
            continue;
        compared[i] = static_cast<std::int32_t>(plan.comparedOptions.size());
        plan.comparedOptions.push_back(plan.outlooks[i]);
    }
    std::vector<std::int32_t> allocation;
    for (const std::int32_t index : plan.allocation.chosen)
        allocation.push_back(compared[static_cast<std::size_t>(index)]);
    if (!plan.comparedOptions.empty()) {
        plan.strategies =
            compareStrategies(plan.comparedOptions, allocation, settings.budget, simulation);
    }
    {
        // Evenly from nothing to what the plan would spend with no budget limit (capacities and
        // caps still bind), plus the plan's own budget.
        const double top = allocateAt(unlimited).totalCost;
        const int points = std::max(2, settings.budgetCurvePoints);
        std::vector<double> budgets;
        budgets.reserve(static_cast<std::size_t>(points) + 1);
        for (int i = 0; i < points; ++i)
            budgets.push_back(top * i / (points - 1));
        budgets.push_back(settings.budget);
        std::sort(budgets.begin(), budgets.end());
        budgets.erase(std::unique(budgets.begin(), budgets.end()), budgets.end());
        for (const double budget : budgets) {
            if (cancelled(progress))
                break;
            const AllocationResult at =
                budget == settings.budget ? plan.allocation : allocateAt(budget);
            BudgetPoint point;
            point.budget = budget;
            point.spend = at.totalCost;
            point.netValue = at.totalEffect;
            point.incrementalMargin = at.totalEffect + at.totalCost;
            point.wholeOffersSpend = at.totalCost;
            point.wholeOffersNetValue = at.totalEffect;
            plan.budgetCurve.push_back(point);
        }
    }
    if (cancelled(progress)) {
        plan.cancelled = true;
        return plan;
    }
    report(progress, 0.95);

    // The offer list: offers sent, then the control group with the offer each would most likely
    // have had (its best, when worth sending), so responses can be compared offer by offer.
    for (const std::int32_t index : plan.allocation.chosen) {
        const OfferOutlook& o = plan.outlooks[static_cast<std::size_t>(index)];
        const TargetingCustomer& customer = customers[static_cast<std::size_t>(o.customer)];
        const TargetingOffer& offer = offers[static_cast<std::size_t>(o.offer)];
        plan.rows.push_back(OfferListRow{
            customer.customer, offer.offer, o.upliftMean, expectedNetValue(o), o.cost,
            describeReason(reasonFor(customer, offer, o.upliftMean, settings.reasonWindowDays)),
            false});
    }
    std::vector<std::int32_t> bestOf(customers.size(), -1);
    for (std::size_t i = 0; i < plan.outlooks.size(); ++i) {
        const auto c = static_cast<std::size_t>(plan.outlooks[i].customer);
        if (!plan.allocation.heldOut[c])
            continue;
        if (bestOf[c] < 0 ||
            options[i].effect > options[static_cast<std::size_t>(bestOf[c])].effect)
            bestOf[c] = static_cast<std::int32_t>(i);
    }
    for (std::size_t c = 0; c < customers.size(); ++c) {
        if (!plan.allocation.heldOut[c])
            continue;
        OfferListRow row;
        row.customer = customers[c].customer;
        row.control = true;
        row.reason = QStringLiteral("control group");
        if (bestOf[c] >= 0 && options[static_cast<std::size_t>(bestOf[c])].effect > 0.0) {
            const OfferOutlook& o = plan.outlooks[static_cast<std::size_t>(bestOf[c])];
            const TargetingOffer& offer = offers[static_cast<std::size_t>(o.offer)];
            row.offer = offer.offer;
            row.expectedUplift = o.upliftMean;
            row.expectedValue = expectedNetValue(o);
            row.cost = o.cost;
            row.reason = QStringLiteral("control group; ") +
                         describeReason(reasonFor(customers[c], offer, o.upliftMean,
                                                  settings.reasonWindowDays));
        }
        plan.rows.push_back(row);
    }
    if (plan.customersWithoutFeatures > 0)
        plan.notes << QStringLiteral(
                          "%1 customers have no row in campaign %2 and were not scored "
                          "(the model's features come from the campaign rows: %3)")
                          .arg(plan.customersWithoutFeatures)
                          .arg(design.name, design.featureNames.join(u", "));
    if (plan.customersExcluded > 0)
        plan.notes << QStringLiteral(
                          "%1 consented customers are on the exclusion list and "
                          "were not offered anything")
                          .arg(plan.customersExcluded);
    if (plan.ineligibleOptions > 0)
        plan.notes << QStringLiteral(
                          "eligibility rules ruled out %1 customer-offer pairs; %2 "
                          "customers had no eligible offer left")
                          .arg(plan.ineligibleOptions)
                          .arg(plan.customersWithoutEligibleOffer);
    plan.notes << QStringLiteral(
                      "uplift standard errors: spread over %1 bootstrap refits of the "
                      "%2 model, customers resampled within each arm")
                      .arg(settings.uncertaintyReplicates)
                      .arg(methodTitle(settings.model.method));
    report(progress, 1.0);
    return plan;
}

TargetingPlan runTargeting(const CampaignDesign& design,
                           const std::vector<TargetingCustomer>& customers,
                           const std::vector<TargetingOffer>& offers,
                           const TargetingSettings& settings, ProgressToken* progress) {
    const int outcomeIndex = responseOutcome(design, settings.outcome);
    const UpliftTraining trained =
        trainUpliftModel(campaignTrainingSet(design, outcomeIndex), settings.model);
    if (!trained.model) {
        TargetingPlan plan;
        plan.cancelled = true;
        return plan;
    }
    TargetingPlan plan =
        planTargeting(design, *trained.model, customers, offers, settings, progress);
    plan.notes << trained.model->notes();
    return plan;
}

std::vector<TargetingCustomer> loadTargetingCustomers(const data::Project& project, int windowDays,
                                                      const QDate& asOf) {
    const QString asOfText = asOf.isValid() ? asOf.toString(Qt::ISODate) : QString();
    const auto bindAsOf = [&](data::Statement& statement, int index) {
        if (asOfText.isEmpty())
            statement.bindNull(index);
        else
            statement.bind(index, asOfText);
    };
    std::vector<TargetingCustomer> customers;
    QHash<QString, std::size_t> index;
    {
        data::Statement select(project.db(),
                               "SELECT customer, segment, consent_offers FROM customers "
                               "WHERE ?1 IS NULL OR signup_date IS NULL "
                               "OR substr(signup_date, 1, 10) <= ?1 ORDER BY rowid");
        bindAsOf(select, 1);
        while (select.step()) {
            TargetingCustomer customer;
            customer.customer = select.text(0);
            customer.segment = select.isNull(1) ? QString() : select.text(1);
            customer.consentOffers = !select.isNull(2) && select.int64(2) == 1;
            index.insert(customer.customer, customers.size());
            customers.push_back(std::move(customer));
        }
    }
    QString cutoff =
        asOf.isValid() ? asOf.addDays(1 - windowDays).toString(Qt::ISODate) : QString();
    if (!asOf.isValid()) {
        data::Statement last(project.db(),
                             "SELECT MAX(substr(time, 1, 10)) FROM basket_lines "
                             "WHERE customer IS NOT NULL AND time IS NOT NULL");
        if (last.step() && !last.isNull(0)) {
            const QDate day = QDate::fromString(last.text(0), Qt::ISODate);
            if (day.isValid())
                cutoff = day.addDays(1 - windowDays).toString(Qt::ISODate);
        }
    }
    data::Statement baskets(project.db(),
                            "SELECT b.customer, COALESCE(NULLIF(p.category, ''), b.category), "
                            "COUNT(DISTINCT b.basket) FROM basket_lines b LEFT JOIN products p "
                            "ON p.product = b.product WHERE b.customer IS NOT NULL "
                            "AND (b.quantity IS NULL OR b.quantity > 0) "
                            "AND (?1 IS NULL OR substr(b.time, 1, 10) >= ?1) "
                            "AND (?2 IS NULL OR substr(b.time, 1, 10) <= ?2) GROUP BY 1, 2");
    bindAsOf(baskets, 2);
    if (cutoff.isEmpty())
        baskets.bindNull(1);
    else
        baskets.bind(1, cutoff);
    while (baskets.step()) {
        const auto it = index.constFind(baskets.text(0));
        if (it == index.constEnd() || baskets.isNull(1))
            continue;
        customers[*it].recentPurchases.insert(baskets.text(1), static_cast<int>(baskets.int64(2)));
    }
    return customers;
}

std::vector<TargetingOffer> loadProjectOffers(const data::Project& project) {
    std::vector<TargetingOffer> offers;
    data::Statement select(project.db(),
                           "SELECT offer, category, product, cost, capacity FROM offers "
                           "ORDER BY rowid");
    while (select.step()) {
        TargetingOffer offer;
        offer.offer = select.text(0);
        offer.category = select.isNull(1) ? QString() : select.text(1);
        offer.product = select.isNull(2) ? QString() : select.text(2);
        if (select.isNull(3))
            throw Error(QStringLiteral("offer %1 has no cost in the project").arg(offer.offer));
        offer.cost = select.real(3);
        offer.capacity = select.isNull(4) ? unlimited : select.real(4);
        offers.push_back(std::move(offer));
    }
    applyProductMargins(project, offers);
    return offers;
}

std::vector<TargetingOffer> readOffersCsv(const QString& path) {
    data::HeaderedCsv csv(path);
    const int offerColumn = csv.column(QStringLiteral("offer"), true);
    const int costColumn = csv.column(QStringLiteral("cost"), true);
    const int categoryColumn = csv.column(QStringLiteral("category"), false);
    const int productColumn = csv.column(QStringLiteral("product"), false);
    const int capacityColumn = csv.column(QStringLiteral("capacity"), false);
    std::vector<TargetingOffer> offers;
    QStringList seen;
    while (csv.next()) {
        TargetingOffer offer;
        offer.offer = text(csv.field(offerColumn));
        if (offer.offer.isEmpty())
            csv.fail(offerColumn, QStringLiteral("offer id is empty"));
        if (seen.contains(offer.offer))
            csv.fail(offerColumn, QStringLiteral("offer listed twice"));
        seen << offer.offer;
        offer.cost = csv.number(costColumn, "cost");
        if (offer.cost < 0.0)
            csv.fail(costColumn, QStringLiteral("cost is negative"));
        if (categoryColumn >= 0)
            offer.category = text(csv.field(categoryColumn));
        if (productColumn >= 0)
            offer.product = text(csv.field(productColumn));
        if (capacityColumn >= 0 && !text(csv.field(capacityColumn)).isEmpty()) {
            offer.capacity = csv.number(capacityColumn, "capacity");
            if (offer.capacity < 0.0)
                csv.fail(capacityColumn, QStringLiteral("capacity is negative"));
        }
        offers.push_back(std::move(offer));
    }
    return offers;
}

void applyProductMargins(const data::Project& project, std::vector<TargetingOffer>& offers) {
    auto rate = [&](const char* sql, const QString& key) {
        data::Statement select(project.db(), sql);
        if (!key.isNull())
            select.bind(1, key);
        if (!select.step() || select.isNull(0) || select.isNull(1) || !(select.real(1) > 0.0))
            return std::nan("");
        return 1.0 - select.real(0) / select.real(1);
    };
    const char* where = " AND unit_cost IS NOT NULL AND regular_price > 0";
    const std::string byProduct =
        std::string("SELECT SUM(unit_cost), SUM(regular_price) FROM products WHERE product = ?1") +
        where;
    const std::string byCategory =
        std::string("SELECT SUM(unit_cost), SUM(regular_price) FROM products WHERE category = ?1") +
        where;
    const std::string overall =
        std::string("SELECT SUM(unit_cost), SUM(regular_price) FROM products WHERE 1") + where;
    const double everything = rate(overall.c_str(), QString());
    for (TargetingOffer& offer : offers) {
        double margin = std::nan("");
        if (!offer.product.isEmpty())
            margin = rate(byProduct.c_str(), offer.product);
        if (std::isnan(margin) && !offer.category.isEmpty())
            margin = rate(byCategory.c_str(), offer.category);
        if (std::isnan(margin))
            margin = everything;
        if (std::isfinite(margin))
            offer.marginRate = margin;
    }
}

void checkTargetableCustomers(const CampaignDesign& design,
                              const std::vector<TargetingCustomer>& customers) {
    if (customers.empty())
        throw Error(
            QStringLiteral("the project has no customers to target: import the customer "
                           "list (merchbench-cli import PROJECT customers.csv --kind "
                           "customers: customer, segment, consent_offers), since only "
                           "customers with consent are ever offered anything"));
    const bool anyId = std::any_of(design.customer.begin(), design.customer.end(),
                                   [](const QString& id) { return !id.isEmpty(); });
    if (!anyId)
        throw Error(QStringLiteral("campaign %1 has no customer ids, so its model cannot be "
                                   "applied to the project's customers: re-import the campaign "
                                   "file with a customer column (--map COLUMN=customer)")
                        .arg(design.name));
    const QHash<QString, Eigen::Index> rowOf = firstRowByCustomer(design);
    const bool anyScored = std::any_of(
        customers.begin(), customers.end(),
        [&](const TargetingCustomer& customer) { return rowOf.contains(customer.customer); });
    if (!anyScored)
        throw Error(QStringLiteral("none of the %1 customers in the customers table has a row in "
                                   "campaign %2 (which has %3 rows): the campaign's features are "
                                   "what the model scores, so import the campaign with the same "
                                   "customer ids as the customers file")
                        .arg(customers.size())
                        .arg(design.name)
                        .arg(design.rows()));
}

}  // namespace mb::targeting
