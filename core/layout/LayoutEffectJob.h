#pragma once

#include "jobs/Job.h"
#include "jobs/Provenance.h"
#include "layout/LayoutEffectInputs.h"
#include "layout/LayoutEffectModel.h"
#include "layout/LayoutEffectRequest.h"

namespace mb {
class ProgressToken;
}

namespace mb::layout {

// The model layout-effect fits, as its output states it.
QString layoutEffectModelStatement();

// How attach rates change with the walking distance between two categories' zones, measured
// from the chain's own stores and layout changes (LayoutEffectModel.h).
struct LayoutEffectResult {
    jobs::Provenance provenance;
    AttachFit fit;
    int stores = 0;        // stores with observations
    int periods = 0;       // store placement periods read
    int pairs = 0;         // ordered category pairs bought together at least once
    int observations = 0;  // pair x store x period rows in the fit
    qint64 baskets = 0;
};

// Pure: fits the model to the inputs. Throws mb::Error when the effect cannot be identified
// (one store and no layout change) and jobs::Cancelled on a cancel.
LayoutEffectResult computeLayoutEffect(const LayoutEffectInputs& inputs,
                                       const LayoutEffectRequest& request, ProgressToken& progress);

// For predictions (the layout job's predicted change): the rate ratio per 10 m closer, with its
// store-clustered 95% interval, measured on the request's stores up to its as-of day. Reads the
// project in one snapshot and records nothing. Throws mb::Error as loadLayoutEffect and
// computeLayoutEffect do ("cannot be identified" for one store without a layout change).
struct LayoutEffectEstimate {
    double ratePer10m = 1.0;
    double ciLow = 1.0;
    double ciHigh = 1.0;
    int stores = 0;
    int pairs = 0;
    QString fingerprint;  // of the data it was measured on
};
// `cancel` (optional) is asked whether to go on; the estimate reports no progress of its own.
LayoutEffectEstimate estimateLayoutEffect(data::Project& project,
                                          const LayoutEffectRequest& request = {},
                                          ProgressToken* cancel = nullptr);

// The figures `layout-effect --json` prints and a run records as its summary.
QJsonObject layoutEffectSummary(const LayoutEffectResult& result, const LayoutEffectInputs& inputs);

// Per ordered pair: observations, baskets with a, with both, attach rate, distance range,
// fitted co-purchases and the pair's attach rate at 0 m (exp of its effect).
void writeLayoutEffectCsv(const QString& path, const LayoutEffectResult& result,
                          const LayoutEffectInputs& inputs);

// The `layout-effect` job: a recorded run (a finding: no decisions); writes outputs["out"].
jobs::JobOutcome runLayoutEffectJob(const QJsonObject& json, jobs::JobContext& context);

}  // namespace mb::layout
