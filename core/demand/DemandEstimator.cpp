#include "demand/DemandEstimator.h"

#include "common/Error.h"
#include "common/ParallelFor.h"
#include "common/Progress.h"
#include "demand/CategoryEstimates.h"
#include "demand/DemandDesign.h"
#include "demand/DemandForecast.h"
#include "demand/ElasticityShrinkage.h"
#include "demand/FixedEffectsRegression.h"
#include "demand/SeriesBatches.h"

#include <QHash>
#include <QPair>
#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <numeric>

// Why ordinary least squares on log(units) rather than a Poisson GLM: it is the log-log model
// retail pricing work reports elasticities from (Taddy, Business Data Science, ch. 2), its
// standard errors are closed-form, and it can be checked exactly against an independent fit.
// Weeks with no units are rare in weekly store data; they are left out of the fit and enter the
// forecast through the share of weeks that sell.

namespace mb::demand {

namespace {

struct Prepared {
    const SalesHistory& history;
    const DemandOptions& options;
    std::vector<std::vector<double>> age;  // weeks since launch, per series and week
    // log(price / regular price) and log(units) (NaN without units), per series and week: taken
    // once, as every fit reads a week up to four times (two passes; own and category seasons).
    std::vector<std::vector<double>> logPriceRatio;
    std::vector<std::vector<double>> logUnits;
    std::vector<std::int64_t> lifeStart;
    std::vector<std::vector<int>> life;  // 0-based life of each week
    std::vector<int> lives;
    FourierTable fourier;
};

struct Rows {
    Eigen::MatrixXd x;
    Eigen::VectorXd y;       // log(units) - offset for least squares; units for Poisson
    Eigen::VectorXd offset;  // borrowed seasonality, log scale
    // Intercept groups: one per member, or per member and life when lifecycle is on, because a
    // life already under way when the history starts has an unknown age.
    std::vector<int> group;
    int groups = 0;
    std::vector<int> firstGroup;  // of each member
    std::vector<char> censored;   // the week sold out: demand >= units; empty when none did
    int censoredWeeks = 0;
    // The store of each row when the rows pool two stores or more (empty otherwise): the
    // clusters of the standard errors.
    std::vector<int> store;
    int zeroWeeks = 0;
};

// The weeks a model's rows would hold, known before any row is built: whether the model can have
// its own seasonality decides which rows to build.
struct RowSpan {
    std::size_t count = 0;  // rows: the weeks that sold (least squares) or all (Poisson)
    std::size_t soldOut = 0;
    std::int64_t spanDays = 0;
    int distinctWeeks = 0;
};

// SeasonalProfile::logEffect from the day table when it holds the day: the same terms, summed in
// the same order.
double seasonEffect(const SeasonalProfile& profile, const FourierTable& table, std::int64_t day) {
    const double* terms = profile.source != SeasonalProfile::Source::None &&
                                  static_cast<int>(profile.sine.size()) == table.harmonics()
                              ? table.terms(day)
                              : nullptr;
    if (terms == nullptr)
        return profile.logEffect(day);
    double effect = 0.0;
    for (std::size_t k = 0; k < profile.sine.size(); ++k)
        effect += profile.sine[k] * terms[2 * k] + profile.cosine[k] * terms[2 * k + 1];
    return effect;
}

std::size_t trainLength(const SalesSeries& series, int holdout) {
    return series.weeks.size() - std::min(series.weeks.size(), static_cast<std::size_t>(holdout));
}

// The rows' store of each member, numbered from 0 in order of appearance; the number of stores.
int numberStores(const Prepared& data, const std::vector<int>& members,
                 std::vector<int>& memberStore) {
    if (members.size() == 1) {  // a product-store series: no table of names to build
        memberStore.assign(1, 0);
        return 1;
    }
    QHash<QString, int> stores;
    for (const int s : members) {
        const QString& store = data.history.series[s].store;
        if (!stores.contains(store))
            stores.insert(store, static_cast<int>(stores.size()));
        memberStore.push_back(stores.value(store));
    }
    return static_cast<int>(stores.size());
}

// Calls visit(week) for each week a model's rows hold: the training weeks that sold (least
// squares) or all of them (Poisson).
template <typename Visit>
void forEachRowWeek(const Prepared& data, const std::vector<int>& members, int holdout,
                    Visit visit) {
    const bool poisson = data.options.method == DemandMethod::Poisson;
    for (const int s : members) {
        const SalesSeries& series = data.history.series[s];
        const std::size_t length = trainLength(series, holdout);
        for (std::size_t w = 0; w < length; ++w) {
            if (poisson || series.weeks[w].units > 0.0)
                visit(series.weeks[w]);
        }
    }
}

// Counts the rows, then marks each day of their span (a pooled model has 100,000s of rows on a
// few hundred weeks).
RowSpan spanRows(const Prepared& data, const std::vector<int>& members, int holdout) {
    RowSpan span;
    std::int64_t low = std::numeric_limits<std::int64_t>::max();
    std::int64_t high = std::numeric_limits<std::int64_t>::min();
    forEachRowWeek(data, members, holdout, [&](const WeekSale& week) {
        ++span.count;
        span.soldOut += week.soldOut ? 1 : 0;
        low = std::min(low, week.day);
        high = std::max(high, week.day);
    });
    if (span.count == 0)
        return span;
    span.spanDays = high - low;
    std::vector<char> seen(static_cast<std::size_t>(span.spanDays) + 1, 0);
    forEachRowWeek(data, members, holdout, [&](const WeekSale& week) {
        char& mark = seen[static_cast<std::size_t>(week.day - low)];
        span.distinctWeeks += mark == 0 ? 1 : 0;
        mark = 1;
    });
    return span;
}

bool coversYears(const RowSpan& span, int weeks) {
    return span.distinctWeeks >= weeks && span.spanDays >= 7 * static_cast<std::int64_t>(weeks - 1);
}

// The rows of spanRows(data, members, holdout); with byStore, each row's store when they pool two
// stores or more.
Rows collectRows(const Prepared& data, const std::vector<int>& members, int holdout,
                 const DemandDesign& design, const SeasonalProfile* offset, const RowSpan& span,
                 bool byStore) {
    const bool poisson = data.options.method == DemandMethod::Poisson;
    const std::size_t count = span.count;  // exactly, so no matrix is resized
    Rows rows;
    rows.x.resize(static_cast<Eigen::Index>(count), design.columns());
    rows.y.resize(static_cast<Eigen::Index>(count));
    rows.offset.resize(static_cast<Eigen::Index>(count));
    std::vector<double> buffer(static_cast<std::size_t>(design.columns()));
    rows.group.reserve(count);
    if (span.soldOut > 0)
        rows.censored.reserve(count);
    std::vector<int> memberStore;
    const int stores = byStore ? numberStores(data, members, memberStore) : 1;
    if (stores > 1)
        rows.store.reserve(count);
    Eigen::Index r = 0;
    for (std::size_t m = 0; m < members.size(); ++m) {
        const SalesSeries& series = data.history.series[members[m]];
        rows.firstGroup.push_back(rows.groups);
        rows.groups += data.options.lifecycle ? data.lives[members[m]] : 1;
        const std::size_t length = trainLength(series, holdout);
        for (std::size_t w = 0; w < length; ++w) {
            const WeekSale& week = series.weeks[w];
            if (!(week.units > 0.0)) {
                ++rows.zeroWeeks;
                if (!poisson)
                    continue;
            }
            design.fillRow(week, data.logPriceRatio[members[m]][w], data.age[members[m]][w],
                           buffer.data());
            for (int c = 0; c < design.columns(); ++c)
                rows.x(r, c) = buffer[static_cast<std::size_t>(c)];
            rows.offset(r) = offset ? seasonEffect(*offset, data.fourier, week.day) : 0.0;
            rows.y(r) = poisson ? week.units : data.logUnits[members[m]][w] - rows.offset(r);
            if (span.soldOut > 0)
                rows.censored.push_back(week.soldOut ? 1 : 0);
            rows.censoredWeeks += week.soldOut ? 1 : 0;
            if (stores > 1)
                rows.store.push_back(memberStore[m]);
            rows.group.push_back(rows.firstGroup.back() +
                                 (data.options.lifecycle ? data.life[members[m]][w] : 0));
            ++r;
        }
    }
    return rows;
}

// Sold-out weeks are censored in the least-squares model (a Tobit likelihood); the Poisson model
// takes them as they are (DemandResult::warnings says so). The least-squares fit takes the
// design over: rows.x is empty after it.
FixedEffectsFit fitRows(Rows& rows, DemandMethod method) {
    const std::vector<int>* stores = rows.store.empty() ? nullptr : &rows.store;
    if (method == DemandMethod::Poisson)
        return fitPoissonFixedEffects(rows.x, rows.y, rows.offset, rows.group, rows.groups, stores);
    if (rows.censoredWeeks > 0)
        return fitCensoredFixedEffects(rows.x, rows.y, rows.censored, rows.group, rows.groups,
                                       stores);
    return fitFixedEffects(std::move(rows.x), rows.y, rows.group, rows.groups, nullptr, stores);
}

// The intercept of a member's week: its life's, when lives have their own.
double lifeIntercept(const Prepared& data, const Rows& rows, const FixedEffectsFit& fit, int member,
                     int series, std::size_t week) {
    const int life = data.options.lifecycle ? data.life[series][week] : 0;
    return fit.intercepts(rows.firstGroup[static_cast<std::size_t>(member)] + life);
}

SeasonalProfile profileFrom(const FixedEffectsFit& fit, const DemandDesign& design,
                            SeasonalProfile::Source source) {
    SeasonalProfile profile;
    profile.source = source;
    for (int k = 0; k < design.harmonics; ++k) {
        const double sine = fit.coefficients(design.firstSeasonColumn() + 2 * k);
        const double cosine = fit.coefficients(design.firstSeasonColumn() + 2 * k + 1);
        profile.sine.push_back(std::isfinite(sine) ? sine : 0.0);
        profile.cosine.push_back(std::isfinite(cosine) ? cosine : 0.0);
    }
    return profile;
}

// A category's seasonality, pooled over its series with an intercept each, for models with
// under two years of history.
SeasonalProfile categorySeason(const Prepared& data, const std::vector<int>& members, int holdout) {
    const DemandDesign design{data.options.lifecycle, data.options.harmonics, &data.fourier};
    const RowSpan span = spanRows(data, members, holdout);
    if (!coversYears(span, 52))
        return {};
    // Only the profile is kept: no standard errors to cluster by store.
    Rows rows = collectRows(data, members, holdout, design, nullptr, span, false);
    const FixedEffectsFit fit = fitRows(rows, data.options.method);
    return fit.estimable ? profileFrom(fit, design, SeasonalProfile::Source::Category)
                         : SeasonalProfile{};
}

// The series a category's season is fitted on: all, or options.seasonSeriesLimit of them spread
// evenly in their order.
std::vector<int> spreadSeries(const std::vector<int>& members, const DemandOptions& options) {
    const auto limit = static_cast<std::size_t>(std::max(0, options.seasonSeriesLimit));
    if (limit == 0 || members.size() <= limit)
        return members;
    std::vector<int> spread;
    spread.reserve(limit);
    for (std::size_t i = 0; i < limit; ++i)
        spread.push_back(members[i * members.size() / limit]);
    return spread;
}

Coefficient coefficient(const FixedEffectsFit& fit, int column) {
    return {fit.coefficients(column), fit.standardErrors(column)};
}

// The negative binomial size k whose Pearson statistic sum (y - mu)^2 / (mu + mu^2 / k) equals
// the residual degrees of freedom; infinite (Poisson) when there is no over-dispersion.
void estimateDispersion(const Prepared& data, const std::vector<int>& members, int holdout,
                        const Rows& rows, const FixedEffectsFit& fit, DemandModel& model,
                        int parameters) {
    std::vector<double> units, mean;
    units.reserve(rows.group.size() + static_cast<std::size_t>(rows.zeroWeeks));
    mean.reserve(units.capacity());
    for (std::size_t m = 0; m < members.size(); ++m) {
        const SalesSeries& series = data.history.series[members[m]];
        for (std::size_t w = 0; w < trainLength(series, holdout); ++w) {
            const WeekSale& week = series.weeks[w];
            const double shift =
                lifeIntercept(data, rows, fit, static_cast<int>(m), members[m], w) -
                model.members[m].intercept;
            const double mu = std::exp(shift) *
                              expectedUnits(model, static_cast<int>(m),
                                            {week.day, week.price / week.regularPrice, week.feature,
                                             week.display, week.tpr, data.age[members[m]][w], false,
                                             seasonEffect(model.season, data.fourier, week.day),
                                             data.logPriceRatio[members[m]][w]});
            if (std::isfinite(mu) && mu > 0.0) {
                units.push_back(week.units);
                mean.push_back(mu);
            }
        }
    }
    const double df = static_cast<double>(units.size()) - parameters;
    if (df < 1.0)
        return;
    auto pearson = [&](double inverseSize) {
        double chi2 = 0.0;
        for (std::size_t i = 0; i < units.size(); ++i) {
            const double d = units[i] - mean[i];
            chi2 += d * d / (mean[i] + inverseSize * mean[i] * mean[i]);
        }
        return chi2;
    };
    model.pearsonDispersion = pearson(0.0) / df;
    if (model.pearsonDispersion <= 1.0)
        return;
    // The statistic falls and is convex in 1/k, so Newton's steps from 0 rise to the root
    // without passing it.
    double inverseSize = 0.0;
    for (int i = 0; i < 100; ++i) {
        double chi2 = 0.0, slope = 0.0;
        for (std::size_t w = 0; w < units.size(); ++w) {
            const double d = units[w] - mean[w];
            const double variance = mean[w] + inverseSize * mean[w] * mean[w];
            chi2 += d * d / variance;
            slope -= d * d * mean[w] * mean[w] / (variance * variance);
        }
        if (!(slope < 0.0))
            break;
        const double step = (chi2 - df) / slope;
        inverseSize -= step;
        if (std::abs(step) <= 1e-13 * inverseSize)
            break;
    }
    model.negativeBinomialSize = 1.0 / inverseSize;
}

DemandModel fitModel(const Prepared& data, const std::vector<int>& members, int holdout,
                     const SeasonalProfile& categoryProfile) {
    const SalesSeries& first = data.history.series[members.front()];
    DemandModel model;
    model.category = first.category;
    if (data.options.level != DemandLevel::Category)
        model.product = first.product;
    if (data.options.level == DemandLevel::ProductStore)
        model.store = first.store;
    for (const int s : members) {
        const SalesSeries& series = data.history.series[s];
        model.members.push_back({s,
                                 series.product,
                                 series.store,
                                 kNotEstimated,
                                 data.lifeStart[s],
                                 series.weeks.back().day,
                                 {}});
    }

    DemandDesign design{data.options.lifecycle, 0, &data.fourier};
    const RowSpan span = spanRows(data, members, holdout);
    Rows rows;
    if (data.options.seasonality) {
        if (coversYears(span, data.options.ownSeasonWeeks)) {
            design.harmonics = data.options.harmonics;
            rows = collectRows(data, members, holdout, design, nullptr, span, true);
        } else {
            model.season = categoryProfile;
        }
    }
    if (design.harmonics == 0)
        rows = collectRows(data, members, holdout, design, &model.season, span, true);
    model.zeroWeeks = rows.zeroWeeks;
    model.censoredWeeks = rows.censoredWeeks;
    const int groups = static_cast<int>(members.size());
    const FixedEffectsFit fit = fitRows(rows, data.options.method);
    model.observations = fit.observations;
    if (!fit.estimable) {
        model.problem = QStringLiteral("too few weeks with sales (%1)").arg(model.observations);
        return model;
    }
    model.fitted = true;
    model.elasticity = coefficient(fit, 0);
    model.elasticityClassicalSe = fit.classicalStandardErrors(0);
    model.clusters = fit.clusters;
    model.featureLift = coefficient(fit, 1);
    model.displayLift = coefficient(fit, 2);
    model.tprLift = coefficient(fit, 3);
    if (design.lifecycle)
        model.lifecyclePerWeek = coefficient(fit, design.lifecycleColumn());
    if (design.harmonics > 0)
        model.season = profileFrom(fit, design, SeasonalProfile::Source::Own);
    if (!std::isfinite(model.elasticity.value))
        model.problem = QStringLiteral("the price never changed");
    for (int m = 0; m < groups; ++m) {
        DemandMember& member = model.members[static_cast<std::size_t>(m)];
        // The latest life that has weeks in the fit speaks for the member's future.
        const std::size_t length = trainLength(data.history.series[members[m]], holdout);
        if (length > 0)
            member.intercept = lifeIntercept(data, rows, fit, m, members[m], length - 1);
        const int lives = data.options.lifecycle ? data.lives[members[m]] : 1;
        for (int life = 0; life < lives; ++life)
            member.lifeIntercepts.push_back(
                fit.intercepts(rows.firstGroup[static_cast<std::size_t>(m)] + life));
    }
    model.r2 = fit.withinR2;
    model.residualVariance = fit.residualVariance;
    if (data.options.method == DemandMethod::LeastSquares) {
        // A censored fit has no residual for a sold-out week, only its expectation: its
        // retransformation is the normal model's own, exp(sigma^2 / 2).
        model.smearing = rows.censoredWeeks > 0 ? std::exp(fit.residualVariance / 2.0)
                                                : fit.residuals.array().exp().mean();
        model.positiveShare =
            static_cast<double>(model.observations) / (model.observations + model.zeroWeeks);
    }
    // The holdout model only forecasts the weeks it did not see: its dispersion is never read.
    if (holdout == 0)
        estimateDispersion(data, members, holdout, rows, fit, model,
                           model.observations - fit.degreesOfFreedom);
    return model;
}

// Weighted absolute percentage error of the holdout model on the weeks it did not see; NaN with
// the reason in *problem when there is nothing to divide by or nothing to forecast with.
double holdoutWape(const Prepared& data, const std::vector<int>& members, int holdout,
                   const DemandModel& model, int* weeks, QString* problem) {
    if (!model.fitted) {
        *problem = QStringLiteral("no model without the last %1 weeks: %2")
                       .arg(holdout)
                       .arg(model.problem);
        return kNotEstimated;
    }
    double error = 0.0, actual = 0.0;
    *weeks = 0;
    for (std::size_t m = 0; m < members.size(); ++m) {
        const SalesSeries& series = data.history.series[members[m]];
        for (std::size_t w = trainLength(series, holdout); w < series.weeks.size(); ++w) {
            const WeekSale& week = series.weeks[w];
            const double mu = expectedUnits(
                model, static_cast<int>(m),
                {week.day, week.price / week.regularPrice, week.feature, week.display, week.tpr,
                 data.age[members[m]][w], false, seasonEffect(model.season, data.fourier, week.day),
                 data.logPriceRatio[members[m]][w]});
            if (!std::isfinite(mu)) {
                *problem = QStringLiteral(
                               "the model without the last %1 weeks gives no forecast "
                               "for them")
                               .arg(holdout);
                return kNotEstimated;
            }
            error += std::abs(week.units - mu);
            actual += week.units;
            ++*weeks;
        }
    }
    if (*weeks == 0)
        *problem = QStringLiteral("no sales weeks to hold out");
    else if (!(actual > 0.0))
        *problem = QStringLiteral(
                       "the %1 held-out weeks sold 0 units (WAPE divides by units "
                       "sold)")
                       .arg(*weeks);
    return actual > 0.0 ? error / actual : kNotEstimated;
}

QString groupKey(const SalesSeries& series, DemandLevel level) {
    switch (level) {
        case DemandLevel::ProductStore:
            return series.product + QChar(0x1f) + series.store;
        case DemandLevel::Product:
            return series.product;
        case DemandLevel::Category:
            return series.category;
    }
    return {};
}

void shrinkOneLevel(std::vector<DemandModel>& models, const QStringList& parents) {
    std::vector<double> estimate, se;
    std::vector<int> group;
    QHash<QString, int> index;
    for (std::size_t i = 0; i < models.size(); ++i) {
        estimate.push_back(models[i].elasticity.value);
        se.push_back(models[i].elasticity.standardError);
        if (!index.contains(parents[i]))
            index.insert(parents[i], static_cast<int>(index.size()));
        group.push_back(index.value(parents[i]));
    }
    const Shrinkage result =
        shrinkTowardGroupMeans(estimate, se, group, static_cast<int>(index.size()));
    for (std::size_t i = 0; i < models.size(); ++i) {
        models[i].elasticityShrunk = result.shrunk[i];
        models[i].shrinkageWeight = result.weight[i];
    }
}

// Series toward their product's mean, and each product's mean toward its category's.
void shrinkSeries(std::vector<DemandModel>& models) {
    std::vector<double> estimate, se;
    std::vector<int> product;
    QHash<QString, int> productIndex;
    QStringList productCategory;
    for (const DemandModel& model : models) {
        estimate.push_back(model.elasticity.value);
        se.push_back(model.elasticity.standardError);
        if (!productIndex.contains(model.product)) {
            productIndex.insert(model.product, static_cast<int>(productIndex.size()));
            productCategory.push_back(model.category);
        }
        product.push_back(productIndex.value(model.product));
    }
    const int products = static_cast<int>(productIndex.size());
    const Shrinkage series = shrinkTowardGroupMeans(estimate, se, product, products);

    std::vector<double> productMean, productSe;
    std::vector<int> category;
    QHash<QString, int> categoryIndex;
    for (int p = 0; p < products; ++p) {
        const ShrinkageGroup& group = series.groups[static_cast<std::size_t>(p)];
        const bool any = group.members > 0;
        productMean.push_back(any ? group.mean : kNotEstimated);
        productSe.push_back(any ? group.meanStandardError : kNotEstimated);
        const QString& name = productCategory[p];
        if (!categoryIndex.contains(name))
            categoryIndex.insert(name, static_cast<int>(categoryIndex.size()));
        category.push_back(categoryIndex.value(name));
    }
    const Shrinkage byCategory = shrinkTowardGroupMeans(productMean, productSe, category,
                                                        static_cast<int>(categoryIndex.size()));

    for (std::size_t i = 0; i < models.size(); ++i) {
        DemandModel& model = models[i];
        const int p = product[i];
        if (!std::isfinite(estimate[i]) || !(se[i] > 0.0))
            continue;
        const double target = byCategory.shrunk[static_cast<std::size_t>(p)];
        if (series.groups[static_cast<std::size_t>(p)].members < 2) {
            // A product sold in one store: the series is the product, shrunk toward its category.
            model.elasticityShrunk = target;
            model.shrinkageWeight = byCategory.weight[static_cast<std::size_t>(p)];
            continue;
        }
        const double b = series.weight[i];
        model.elasticityShrunk = (1.0 - b) * estimate[i] + b * target;
        model.shrinkageWeight = b;
    }
}

// Each series' lifecycle ages and lives, and the Fourier terms of its days.
Prepared prepare(const SalesHistory& history, const DemandOptions& options) {
    Prepared data{history, options, {}, {}, {}, {}, {}, {}, {}};
    if (options.seasonality) {
        // A table of a century of days is 300 kB per harmonic: beyond, terms are computed.
        constexpr std::int64_t kMaxTableDays = 36525;
        std::vector<std::int64_t> days;
        for (const SalesSeries& series : history.series)
            for (const WeekSale& week : series.weeks)
                days.push_back(week.day);
        data.fourier = FourierTable(days, options.harmonics, kMaxTableDays);
    }
    for (const SalesSeries& series : history.series) {
        std::int64_t start = 0;
        data.age.push_back(lifeWeeks(series.weeks, options.relaunchGapWeeks, &start));
        std::vector<double> logPriceRatio, logUnits;
        logPriceRatio.reserve(series.weeks.size());
        logUnits.reserve(series.weeks.size());
        for (const WeekSale& week : series.weeks) {
            logPriceRatio.push_back(std::log(week.price / week.regularPrice));
            logUnits.push_back(week.units > 0.0 ? std::log(week.units) : kNotEstimated);
        }
        data.logPriceRatio.push_back(std::move(logPriceRatio));
        data.logUnits.push_back(std::move(logUnits));
        data.lifeStart.push_back(start);
        std::vector<int> life;
        for (std::size_t w = 0; w < series.weeks.size(); ++w)
            life.push_back(w == 0 ? 0 : life.back() + (data.age.back()[w] == 0.0 ? 1 : 0));
        data.lives.push_back(life.empty() ? 1 : life.back() + 1);
        data.life.push_back(std::move(life));
    }
    return data;
}

// A slice's category models toward the mean over the chain's: the chain's estimates in the
// order one fit would hold them, shrunk as shrinkOneLevel shrinks one fit's.
void shrinkAcrossChain(std::vector<DemandModel>& models, CategoryEstimateGathering& chain,
                       ProgressToken* progress) {
    std::vector<CategoryEstimate> mine;
    mine.reserve(models.size());
    for (const DemandModel& model : models)
        mine.push_back({model.members.front().product, model.members.front().store, model.category,
                        model.elasticity.value, model.elasticity.standardError});
    const std::vector<CategoryEstimate> all = chain.gather(mine, progress);
    std::vector<double> estimate, se;
    QHash<QPair<QString, QString>, std::size_t> position;
    for (std::size_t i = 0; i < all.size(); ++i) {
        estimate.push_back(all[i].value);
        se.push_back(all[i].standardError);
        position.insert({all[i].product, all[i].store}, i);
    }
    const Shrinkage result =
        shrinkTowardGroupMeans(estimate, se, std::vector<int>(all.size(), 0), 1);
    for (DemandModel& model : models) {
        const auto found =
            position.constFind({model.members.front().product, model.members.front().store});
        if (found == position.constEnd())
            throw Error(QStringLiteral("the chain's category estimates miss category %1")
                            .arg(model.category));
        model.elasticityShrunk = result.shrunk[*found];
        model.shrinkageWeight = result.weight[*found];
    }
}

// Elasticities toward their group's mean, as the level nests them.
void shrinkModels(std::vector<DemandModel>& models, const DemandOptions& options,
                  ProgressToken* progress) {
    if (options.level == DemandLevel::Category && options.chainCategories) {
        shrinkAcrossChain(models, *options.chainCategories, progress);
        return;
    }
    switch (options.level) {
        case DemandLevel::ProductStore:
            shrinkSeries(models);
            break;
        case DemandLevel::Product: {
            QStringList parents;
            for (const DemandModel& model : models)
                parents.push_back(model.category);
            shrinkOneLevel(models, parents);
            break;
        }
        case DemandLevel::Category:
            shrinkOneLevel(models, QStringList(static_cast<qsizetype>(models.size()), QString()));
            break;
    }
}

// A category's seasonal profile for each pass (the holdout's first when there is one).
struct CategorySeasons {
    SeasonalProfile holdout;
    SeasonalProfile full;
};

// One group's model as fitDemand's two passes make it: the holdout fit scores the last weeks,
// the fit on every week is the model.
DemandModel fitGroup(const Prepared& data, const std::vector<int>& members,
                     const CategorySeasons& seasons) {
    const int holdout = data.options.holdoutWeeks;
    if (holdout <= 0)
        return fitModel(data, members, 0, seasons.full);
    const DemandModel scored = fitModel(data, members, holdout, seasons.holdout);
    int weeks = 0;
    QString problem;
    const double wape = holdoutWape(data, members, holdout, scored, &weeks, &problem);
    DemandModel model = fitModel(data, members, 0, seasons.full);
    model.wapeHoldout = wape;
    model.holdoutWeeks = weeks;
    model.holdoutProblem = std::move(problem);
    return model;
}

// The series of `picked` (key indices, ascending), read a product at a time.
SalesHistory readSeries(SeriesSource& source, const std::vector<SeriesKey>& keys,
                        const std::vector<int>& picked) {
    SalesHistory history;
    for (std::size_t i = 0; i < picked.size();) {
        const QString& product = keys[static_cast<std::size_t>(picked[i])].product;
        QStringList stores;
        for (; i < picked.size() && keys[static_cast<std::size_t>(picked[i])].product == product;
             ++i)
            stores.append(keys[static_cast<std::size_t>(picked[i])].store);
        SalesHistory part = source.read({product}, stores);
        for (SalesSeries& series : part.series)
            history.series.push_back(std::move(series));
    }
    return history;
}

}  // namespace

int DemandFit::findModel(const QString& product, const QString& store, int* member) const {
    for (std::size_t i = 0; i < models.size(); ++i) {
        const auto& members = models[i].members;
        for (std::size_t m = 0; m < members.size(); ++m) {
            if (members[m].product == product && members[m].store == store) {
                if (member != nullptr)
                    *member = static_cast<int>(m);
                return static_cast<int>(i);
            }
        }
    }
    return -1;
}

DemandFit fitDemand(const SalesHistory& history, const DemandOptions& options,
                    ProgressToken* progress) {
    DemandFit result;
    result.options = options;
    const Prepared data = prepare(history, options);

    std::vector<std::vector<int>> groups;
    QHash<QString, int> groupIndex;
    QHash<QString, std::vector<int>> categories;
    QStringList categoryOrder;
    for (int s = 0; s < static_cast<int>(history.series.size()); ++s) {
        const SalesSeries& series = history.series[static_cast<std::size_t>(s)];
        const QString key = groupKey(series, options.level);
        if (!groupIndex.contains(key)) {
            groupIndex.insert(key, static_cast<int>(groups.size()));
            groups.emplace_back();
        }
        groups[static_cast<std::size_t>(groupIndex.value(key))].push_back(s);
        if (!categories.contains(series.category))
            categoryOrder.push_back(series.category);
        categories[series.category].push_back(s);
    }

    const int passes = options.holdoutWeeks > 0 ? 2 : 1;
    const int work =
        passes * static_cast<int>(groups.size() + (options.seasonality ? categoryOrder.size() : 0));
    std::atomic<int> done{0};
    std::mutex reporting;
    auto tick = [&] {
        const int finished = ++done;
        if (progress != nullptr) {
            const std::lock_guard lock(reporting);
            progress->report(static_cast<double>(finished) / std::max(1, work));
        }
    };
    auto cancelled = [&] { return progress != nullptr && progress->isCancelled(); };

    std::vector<DemandModel> models(groups.size());
    for (int pass = 0; pass < passes; ++pass) {
        const int holdout = pass + 1 < passes ? options.holdoutWeeks : 0;
        QHash<QString, SeasonalProfile> seasons;
        if (options.seasonality) {
            std::vector<SeasonalProfile> profiles(static_cast<std::size_t>(categoryOrder.size()));
            parallelFor(static_cast<int>(categoryOrder.size()), options.threads, [&](int c) {
                if (!cancelled())
                    profiles[c] = categorySeason(
                        data, spreadSeries(categories.value(categoryOrder[c]), options), holdout);
                tick();
            });
            for (qsizetype c = 0; c < categoryOrder.size(); ++c)
                seasons.insert(categoryOrder[c], profiles[static_cast<std::size_t>(c)]);
        }
        parallelFor(static_cast<int>(groups.size()), options.threads, [&](int g) {
            if (cancelled())
                return;
            const std::vector<int>& members = groups[static_cast<std::size_t>(g)];
            const SeasonalProfile profile = seasons.value(history.series[members.front()].category);
            DemandModel model = fitModel(data, members, holdout, profile);
            if (holdout > 0) {
                int weeks = 0;
                models[g].wapeHoldout =
                    holdoutWape(data, members, holdout, model, &weeks, &models[g].holdoutProblem);
                models[g].holdoutWeeks = weeks;
            } else {
                const double wape = models[g].wapeHoldout;
                const int weeks = models[g].holdoutWeeks;
                QString problem = models[g].holdoutProblem;
                models[g] = std::move(model);
                models[g].wapeHoldout = wape;
                models[g].holdoutWeeks = weeks;
                models[g].holdoutProblem = std::move(problem);
            }
            tick();
        });
        if (cancelled()) {
            result.cancelled = true;
            return result;
        }
    }

    shrinkModels(models, options, progress);
    result.models = std::move(models);
    if (progress != nullptr)
        progress->report(1.0);
    return result;
}

DemandFit fitDemandInBatches(SeriesSource& source, const DemandOptions& options,
                             std::size_t batchSeries, SalesHistory* lastWeeks,
                             ProgressToken* progress) {
    DemandFit result;
    result.options = options;
    const std::vector<SeriesKey> keys = source.keys();
    QHash<QString, std::vector<int>> categories;
    QStringList categoryOrder;
    for (std::size_t k = 0; k < keys.size(); ++k) {
        if (!categories.contains(keys[k].category))
            categoryOrder.push_back(keys[k].category);
        categories[keys[k].category].push_back(static_cast<int>(k));
    }
    // A category-level model pools every product of its category: one batch holds them all.
    const std::vector<SeriesBatch> batches =
        seriesBatches(keys, options.level == DemandLevel::Category ? keys.size() : batchSeries,
                      options.level == DemandLevel::ProductStore);
    const double steps =
        static_cast<double>(std::max<qsizetype>(1, batches.size() + categoryOrder.size()));
    double done = 0.0;
    auto cancelled = [&] { return progress != nullptr && progress->isCancelled(); };
    auto tick = [&] {
        if (progress != nullptr)
            progress->report(++done / steps);
    };

    // Shared by every batch: each category's season, from its spread series alone.
    QHash<QString, CategorySeasons> seasons;
    for (const QString& category : std::as_const(categoryOrder)) {
        if (!options.seasonality || cancelled())
            break;
        const SalesHistory sample =
            readSeries(source, keys, spreadSeries(categories.value(category), options));
        const Prepared data = prepare(sample, options);
        std::vector<int> members(sample.series.size());
        std::iota(members.begin(), members.end(), 0);
        CategorySeasons& profiles = seasons[category];
        const int passes = options.holdoutWeeks > 0 ? 2 : 1;
        parallelFor(passes, options.threads, [&](int pass) {
            const bool holdout = pass + 1 < passes;
            (holdout ? profiles.holdout : profiles.full) =
                categorySeason(data, members, holdout ? options.holdoutWeeks : 0);
        });
        tick();
    }

    // Then each batch's series, read, fitted and dropped; its models point into the whole
    // history by the series read before the batch.
    std::vector<DemandModel> models;
    // One model per series at most: reserved whole, as a doubling vector would hold half again.
    models.reserve(keys.size());
    if (lastWeeks != nullptr)
        lastWeeks->series.reserve(lastWeeks->series.size() + keys.size());
    int offset = 0;
    for (const SeriesBatch& batch : batches) {
        if (cancelled())
            break;
        SalesHistory history = source.read(batch.products, batch.stores);
        const Prepared data = prepare(history, options);
        std::vector<std::vector<int>> groups;
        QHash<QString, int> groupIndex;
        for (int s = 0; s < static_cast<int>(history.series.size()); ++s) {
            const QString key =
                groupKey(history.series[static_cast<std::size_t>(s)], options.level);
            if (!groupIndex.contains(key)) {
                groupIndex.insert(key, static_cast<int>(groups.size()));
                groups.emplace_back();
            }
            groups[static_cast<std::size_t>(groupIndex.value(key))].push_back(s);
        }
        std::vector<DemandModel> fitted(groups.size());
        parallelFor(static_cast<int>(groups.size()), options.threads, [&](int g) {
            if (cancelled())
                return;
            const std::vector<int>& members = groups[static_cast<std::size_t>(g)];
            fitted[static_cast<std::size_t>(g)] =
                fitGroup(data, members, seasons.value(history.series[members.front()].category));
        });
        for (DemandModel& model : fitted) {
            for (DemandMember& member : model.members)
                member.series += offset;
            models.push_back(std::move(model));
        }
        offset += static_cast<int>(history.series.size());
        if (lastWeeks != nullptr) {
            lastWeeks->skippedRows += history.skippedRows;
            lastWeeks->stockCounts += history.stockCounts;
            for (SalesSeries& series : history.series) {
                series.weeks.erase(series.weeks.begin(), series.weeks.end() - 1);
                series.weeks.shrink_to_fit();
                lastWeeks->series.push_back(std::move(series));
            }
        }
        tick();
    }
    if (cancelled()) {
        result.cancelled = true;
        return result;
    }
    shrinkModels(models, options, progress);
    result.models = std::move(models);
    if (progress != nullptr)
        progress->report(1.0);
    return result;
}

}  // namespace mb::demand
