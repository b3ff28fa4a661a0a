#include "layout/LayoutTestJob.h"

#include "common/Error.h"
#include "common/JsonNumber.h"
#include "export/CsvExport.h"
#include "jobs/RecordedRun.h"
#include "layout/FileOrProjectRun.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace mb::layout {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A store-week's value of a measure, or nullopt when the week has nothing to measure.
using CellMeasure = std::function<std::optional<double>(const StoreWeekBaskets&)>;

struct GroupMeans {
    double sum[2][2] = {{0, 0}, {0, 0}};  // [changed][after]
    double count[2][2] = {{0, 0}, {0, 0}};
    double mean(int changed, int after) const {
        return count[changed][after] > 0 ? sum[changed][after] / count[changed][after] : kNaN;
    }
};

MeasureEffect measureEffect(const LayoutTestInputs& inputs, const QString& name,
                            const CellMeasure& valueOf, double confidence) {
    std::vector<StoreWeekValue> values;
    std::vector<double> regressor;
    GroupMeans means;
    for (int s = 0; s < inputs.stores.size(); ++s)
        for (int w = 0; w < 2 * inputs.weeks; ++w) {
            const std::optional<double> value = valueOf(inputs.cell(s, w));
            if (!value)
                continue;
            const int changed = s < inputs.changedStores ? 1 : 0;
            const int after = w >= inputs.weeks ? 1 : 0;
            values.push_back({s, w, *value});
            regressor.push_back(changed * after);
            means.sum[changed][after] += *value;
            means.count[changed][after] += 1;
        }
    MeasureEffect effect;
    effect.measure = name;
    effect.difference = fixedEffectsCoefficient(
        values, regressor, static_cast<int>(inputs.stores.size()), 2 * inputs.weeks, confidence);
    effect.changedBefore = means.mean(1, 0);
    effect.changedAfter = means.mean(1, 1);
    effect.controlBefore = means.mean(0, 0);
    effect.controlAfter = means.mean(0, 1);
    effect.counterfactual = effect.changedBefore + (effect.controlAfter - effect.controlBefore);
    const bool relative = effect.counterfactual > 0;
    effect.effect = relative ? effect.difference.estimate / effect.counterfactual : kNaN;
    effect.low = relative ? effect.difference.low / effect.counterfactual : kNaN;
    effect.high = relative ? effect.difference.high / effect.counterfactual : kNaN;
    return effect;
}

// The slope of the changed stores' share less the controls' over the weeks before the date, in
// share points a week (a linear pre-trend is what would bias the difference in differences).
PreTrendCheck preTrend(const LayoutTestInputs& inputs, double confidence) {
    PreTrendCheck check;
    if (inputs.weeks < 2)
        return check;
    std::vector<StoreWeekValue> values;
    std::vector<double> regressor;
    for (int s = 0; s < inputs.stores.size(); ++s)
        for (int w = 0; w < inputs.weeks; ++w) {
            const StoreWeekBaskets& cell = inputs.cell(s, w);
            if (cell.baskets == 0)
                continue;
            values.push_back({s, w, double(cell.crossCategory) / double(cell.baskets)});
            regressor.push_back(s < inputs.changedStores ? w - (inputs.weeks - 1) / 2.0 : 0.0);
        }
    check.slope = fixedEffectsCoefficient(values, regressor, static_cast<int>(inputs.stores.size()),
                                          inputs.weeks, confidence);
    check.checked = true;
    check.parallel = check.slope.low <= 0.0 && 0.0 <= check.slope.high;
    return check;
}

StorePermutation crossCategoryPermutation(const LayoutTestInputs& inputs,
                                          const LayoutTestRequest& request) {
    std::vector<StoreWeekValue> values;
    for (int s = 0; s < inputs.stores.size(); ++s)
        for (int w = 0; w < 2 * inputs.weeks; ++w)
            if (const StoreWeekBaskets& cell = inputs.cell(s, w); cell.baskets > 0)
                values.push_back({s, w, double(cell.crossCategory) / double(cell.baskets)});
    std::vector<bool> changed(static_cast<std::size_t>(inputs.stores.size()), false);
    std::fill_n(changed.begin(), inputs.changedStores, true);
    std::vector<bool> after(static_cast<std::size_t>(2 * inputs.weeks), false);
    std::fill(after.begin() + inputs.weeks, after.end(), true);
    return storePermutation(values, changed, after, request.confidence,
                            static_cast<std::uint64_t>(request.seed));
}

QString percent(double fraction) {
    return QString::number(100.0 * fraction, 'f', 1) + u'%';
}

QString signedPercent(double fraction) {
    return (fraction > 0 ? QStringLiteral("+") : QString()) + percent(fraction);
}

// "p = 0.62", "p = 0.004", "p < 0.001".
QString pText(double p) {
    return p < 0.001 ? QStringLiteral("p < 0.001")
                     : QStringLiteral("p = %1").arg(p, 0, 'f', p < 0.01 ? 3 : 2);
}

QString verdictOf(const LayoutTestResult& result, const LayoutTestInputs& inputs,
                  double confidence) {
    const MeasureEffect& cross = result.crossCategory;
    const int level = static_cast<int>(std::lround(100.0 * confidence));
    const int controls = static_cast<int>(inputs.stores.size()) - inputs.changedStores;
    const QString where = QStringLiteral("in %1 against %2 control store%3")
                              .arg(inputs.stores.mid(0, inputs.changedStores).join(u','))
                              .arg(controls)
                              .arg(controls == 1 ? QString() : QStringLiteral("s"));
    QString sentence;
    if (!std::isfinite(cross.effect)) {
        sentence = QStringLiteral("cross-category share changed by %1 points (%2% CI %3 to %4) %5")
                       .arg(100.0 * cross.difference.estimate, 0, 'f', 1)
                       .arg(level)
                       .arg(100.0 * cross.difference.low, 0, 'f', 1)
                       .arg(100.0 * cross.difference.high, 0, 'f', 1)
                       .arg(where);
    } else {
        // A change is clear when the clustered interval excludes 0 and the store permutation,
        // exact whatever the number of stores, agrees.
        const double alpha = 1.0 - confidence;
        const std::optional<StorePermutation>& permutation = cross.permutation;
        const bool permutationCanReject =
            permutation && 1.0 / double(permutation->assignments) <= alpha;
        const bool clear =
            (cross.low > 0.0 || cross.high < 0.0) && (!permutation || permutation->pValue <= alpha);
        QString permutationNote;
        if (permutation)
            permutationNote =
                permutationCanReject
                    ? QStringLiteral("; store permutation %1").arg(pText(permutation->pValue))
                    : QStringLiteral(
                          "; too few stores (%1 choices of changed stores) for a "
                          "store permutation to confirm it at %2%")
                          .arg(permutation->assignments)
                          .arg(level);
        const QString change = !clear             ? QStringLiteral("changed by %1")
                               : cross.effect > 0 ? QStringLiteral("rose %1")
                                                  : QStringLiteral("fell %1");
        sentence = QStringLiteral("cross-category share %1 (%2% CI %3 to %4%5%6) %7")
                       .arg(change.arg(clear ? percent(std::abs(cross.effect))
                                             : signedPercent(cross.effect)))
                       .arg(level)
                       .arg(percent(cross.low), percent(cross.high), permutationNote,
                            clear ? QString() : QStringLiteral(": no clear change"), where);
    }
    const PreTrendCheck& trend = result.preTrend;
    if (!trend.checked)
        return sentence + QStringLiteral(
                              "; pre-period trends not checked (one week before the "
                              "date)");
    if (trend.parallel)
        return sentence +
               QStringLiteral("; pre-period trends parallel (%1)").arg(pText(trend.slope.pValue));
    return sentence +
           QStringLiteral(
               "; pre-period trends differ: the changed stores' share "
               "was already moving %1 points a week %2 than the "
               "controls' (%3), so the difference is not the "
               "change's alone")
               .arg(std::abs(100.0 * trend.slope.estimate), 0, 'f', 2)
               .arg(trend.slope.estimate > 0 ? QStringLiteral("faster") : QStringLiteral("slower"))
               .arg(pText(trend.slope.pValue));
}

QJsonObject coefficientJson(const ClusteredCoefficient& c) {
    return QJsonObject{{QStringLiteral("estimate"), jsonNumber(c.estimate)},
                       {QStringLiteral("standard_error"), jsonNumber(c.standardError)},
                       {QStringLiteral("ci_low"), jsonNumber(c.low)},
                       {QStringLiteral("ci_high"), jsonNumber(c.high)},
                       {QStringLiteral("p_value"), jsonNumber(c.pValue)},
                       {QStringLiteral("store_weeks"), c.cells},
                       {QStringLiteral("degrees_of_freedom"), c.degreesOfFreedom}};
}

QJsonValue measureJson(const std::optional<MeasureEffect>& measure) {
    if (!measure)
        return QJsonValue();
    QJsonObject json{{QStringLiteral("effect"), jsonNumber(measure->effect)},
                     {QStringLiteral("ci_low"), jsonNumber(measure->low)},
                     {QStringLiteral("ci_high"), jsonNumber(measure->high)},
                     {QStringLiteral("difference"), coefficientJson(measure->difference)},
                     {QStringLiteral("changed_before"), jsonNumber(measure->changedBefore)},
                     {QStringLiteral("changed_after"), jsonNumber(measure->changedAfter)},
                     {QStringLiteral("control_before"), jsonNumber(measure->controlBefore)},
                     {QStringLiteral("control_after"), jsonNumber(measure->controlAfter)},
                     {QStringLiteral("counterfactual"), jsonNumber(measure->counterfactual)}};
    if (const std::optional<StorePermutation>& permutation = measure->permutation) {
        json.insert(QStringLiteral("permutation"),
                    QJsonObject{{QStringLiteral("assignments"), permutation->assignments},
                                {QStringLiteral("exact"), permutation->exact},
                                {QStringLiteral("p_value"), permutation->pValue},
                                {QStringLiteral("ci_low"), jsonNumber(permutation->low)},
                                {QStringLiteral("ci_high"), jsonNumber(permutation->high)}});
    }
    return json;
}

}  // namespace

LayoutTestResult computeLayoutTest(const LayoutTestInputs& inputs,
                                   const LayoutTestRequest& request) {
    LayoutTestResult result;
    const double confidence = request.confidence;
    result.crossCategory = measureEffect(
        inputs, QStringLiteral("cross_category_share"),
        [](const StoreWeekBaskets& cell) -> std::optional<double> {
            if (cell.baskets == 0)
                return std::nullopt;
            return double(cell.crossCategory) / double(cell.baskets);
        },
        confidence);
    result.crossCategory.permutation = crossCategoryPermutation(inputs, request);
    qint64 priced = 0;
    for (const StoreWeekBaskets& cell : inputs.cells)
        priced += cell.pricedBaskets;
    if (priced > 0)
        result.basketValue = measureEffect(
            inputs, QStringLiteral("basket_value"),
            [](const StoreWeekBaskets& cell) -> std::optional<double> {
                if (cell.pricedBaskets == 0)
                    return std::nullopt;
                return cell.pricedValue / double(cell.pricedBaskets);
            },
            confidence);
    if (!inputs.movedCategories.isEmpty() && priced > 0)
        result.movedSales = measureEffect(
            inputs, QStringLiteral("moved_category_sales"),
            [](const StoreWeekBaskets& cell) -> std::optional<double> {
                if (cell.baskets == 0)
                    return std::nullopt;
                return cell.movedSales;
            },
            confidence);
    result.preTrend = preTrend(inputs, confidence);
    result.verdict = verdictOf(result, inputs, confidence);
    result.provenance = requestProvenance(request.toJson(), inputs.fingerprint, request.seed);
    return result;
}

QJsonObject layoutTestSummary(const LayoutTestResult& result, const LayoutTestInputs& inputs) {
    const MeasureEffect& cross = result.crossCategory;
    const PreTrendCheck& trend = result.preTrend;
    QJsonObject preTrend{{QStringLiteral("checked"), trend.checked}};
    if (trend.checked) {
        preTrend.insert(QStringLiteral("parallel"), trend.parallel);
        preTrend.insert(QStringLiteral("slope_difference_per_week"), coefficientJson(trend.slope));
    }
    const int controls = static_cast<int>(inputs.stores.size()) - inputs.changedStores;
    return QJsonObject{
        {QStringLiteral("effect"), jsonNumber(cross.effect)},
        {QStringLiteral("ci_low"), jsonNumber(cross.low)},
        {QStringLiteral("ci_high"), jsonNumber(cross.high)},
        {QStringLiteral("confidence"),
         result.provenance.request.value(QStringLiteral("confidence"))},
        {QStringLiteral("verdict"), result.verdict},
        {QStringLiteral("changed_stores"),
         QJsonArray::fromStringList(inputs.stores.mid(0, inputs.changedStores))},
        {QStringLiteral("control_stores"),
         QJsonArray::fromStringList(inputs.stores.mid(inputs.changedStores, controls))},
        {QStringLiteral("date"), inputs.date},
        {QStringLiteral("weeks"), inputs.weeks},
        {QStringLiteral("first_day"), inputs.firstDay},
        {QStringLiteral("end_day"), inputs.endDay},
        {QStringLiteral("moved_categories"), QJsonArray::fromStringList(inputs.movedCategories)},
        {QStringLiteral("moved_by_store"), QJsonArray::fromStringList(inputs.movedByStore)},
        {QStringLiteral("measures"),
         QJsonObject{{QStringLiteral("cross_category_share"), measureJson(cross)},
                     {QStringLiteral("basket_value"), measureJson(result.basketValue)},
                     {QStringLiteral("moved_category_sales"), measureJson(result.movedSales)}}},
        {QStringLiteral("pre_trend"), preTrend},
        {QStringLiteral("interval"),
         QStringLiteral("store-clustered (CR1) from a store-week regression with store and week "
                        "fixed effects; Student's t with %1 degrees of freedom (stores less one)")
             .arg(cross.difference.degreesOfFreedom)}};
}

void writeLayoutTestCsv(const QString& path, const LayoutTestResult& result) {
    exporting::CsvWriter out(path);
    out.writeRow(QStringList{"measure", "changed_before", "changed_after", "control_before",
                             "control_after", "difference", "standard_error", "difference_ci_low",
                             "difference_ci_high", "p_value", "effect", "ci_low", "ci_high",
                             "store_weeks", "stores"});
    exporting::CsvRow row;
    for (const std::optional<MeasureEffect>& measure :
         {std::optional<MeasureEffect>(result.crossCategory), result.basketValue,
          result.movedSales}) {
        if (!measure)
            continue;
        const ClusteredCoefficient& d = measure->difference;
        row.clear();
        row.text(measure->measure);
        for (const double value :
             {measure->changedBefore, measure->changedAfter, measure->controlBefore,
              measure->controlAfter, d.estimate, d.standardError, d.low, d.high, d.pValue,
              measure->effect, measure->low, measure->high})
            row.numberAsR(value);
        row.integer(d.cells).integer(d.clusters);
        out.writeRow(row);
    }
    out.commit();
}

jobs::JobOutcome runLayoutTestJob(const QJsonObject& json, jobs::JobContext& context) {
    const LayoutTestRequest request = LayoutTestRequest::fromJson(json);
    if (!context.project)
        throw Error(QStringLiteral("layout-test: the request needs a project (--project P)"));
    const LayoutTestInputs inputs = loadLayoutTest(*context.project, request);
    const QString out = context.outputs.value(QStringLiteral("out"));
    jobs::JobOutcome outcome = jobs::computeAndRecord(
        context, requestProvenance(request.toJson(), inputs.fingerprint, request.seed),
        [&](ProgressToken&) { return computeLayoutTest(inputs, request); },
        [&](const LayoutTestResult& result, jobs::RunRecorder&, jobs::JobOutcome& outcome) {
            if (!out.isEmpty()) {
                writeLayoutTestCsv(out, result);
                outcome.files.append(out);
            }
            outcome.summary = layoutTestSummary(result, inputs);
            outcome.summary.insert(QStringLiteral("out"), out);
        });
    outcome.warnings = inputs.warnings + outcome.warnings;
    if (inputs.changedStores < 3)
        outcome.warnings.append(
            QStringLiteral("only %1 changed store%2: the store-clustered interval leans on the "
                           "weekly variation of so few stores and may be too narrow; treat it "
                           "as approximate")
                .arg(inputs.changedStores)
                .arg(inputs.changedStores == 1 ? QString() : QStringLiteral("s")));
    return outcome;
}

}  // namespace mb::layout
