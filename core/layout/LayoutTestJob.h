#pragma once

#include "jobs/Job.h"
#include "jobs/Provenance.h"
#include "layout/LayoutTestInputs.h"
#include "layout/StorePermutation.h"
#include "layout/StoreWeekPanel.h"

#include <QJsonObject>
#include <optional>

namespace mb::layout {

// One measure's difference in differences: the change in the changed stores less the change in
// the controls (store and week fixed effects, store-clustered), and relative to what the
// changed stores would have had without the change (their before level plus the controls'
// change).
struct MeasureEffect {
    QString measure;  // cross_category_share, basket_value, moved_category_sales
    ClusteredCoefficient difference;
    double changedBefore = 0.0;  // mean store-week value of each group and period
    double changedAfter = 0.0;
    double controlBefore = 0.0;
    double controlAfter = 0.0;
    double counterfactual = 0.0;
    // difference / counterfactual and its interval (the counterfactual taken as known); NaN when
    // the counterfactual is not above 0.
    double effect = 0.0;
    double low = 0.0;
    double high = 0.0;
    // The cross-category share's difference tested by permuting which stores changed: exact
    // with few stores, where the clustered interval is only approximate.
    std::optional<StorePermutation> permutation;
};

// Whether the changed stores' cross-category share already moved apart from the controls'
// before the date: the difference in weekly slope over the weeks before it.
struct PreTrendCheck {
    bool checked = false;  // false with one week before the date
    ClusteredCoefficient slope;
    bool parallel = true;  // the slope difference's interval holds 0
};

struct LayoutTestResult {
    jobs::Provenance provenance;
    MeasureEffect crossCategory;
    std::optional<MeasureEffect> basketValue;  // absent when no basket is priced
    std::optional<MeasureEffect> movedSales;   // absent when no category moved
    PreTrendCheck preTrend;
    QString verdict;
};

// The test's three measures and trend check. Pure: no database. Throws mb::Error when the
// effect is not identified.
LayoutTestResult computeLayoutTest(const LayoutTestInputs& inputs,
                                   const LayoutTestRequest& request);

// The JSON the CLI prints and a run records.
QJsonObject layoutTestSummary(const LayoutTestResult& result, const LayoutTestInputs& inputs);

// One row per measure. Throws mb::Error; the file is complete or absent.
void writeLayoutTestCsv(const QString& path, const LayoutTestResult& result);

// The `layout-test` job: recorded as a run (a finding: no decisions). Writes outputs["out"].
jobs::JobOutcome runLayoutTestJob(const QJsonObject& json, jobs::JobContext& context);

}  // namespace mb::layout
