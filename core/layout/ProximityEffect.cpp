#include "layout/ProximityEffect.h"

#include "common/Error.h"
#include "jobs/RunRecorder.h"
#include "layout/LayoutEffectJob.h"
#include "layout/LayoutEffectRequest.h"

namespace mb::layout {

ProximityEffect chainProximityEffect(data::Project& project, const QString& asOf,
                                     ProgressToken* progress) {
    ProximityEffect effect;
    LayoutEffectRequest request;
    request.asOf = asOf;  // every store the basket lines name, up to the same day
    try {
        const LayoutEffectEstimate estimate = estimateLayoutEffect(project, request, progress);
        effect.ratePer10m = estimate.ratePer10m;
        effect.ciLow = estimate.ciLow;
        effect.ciHigh = estimate.ciHigh;
        effect.source = QStringLiteral(
                            "measured on the chain's %1 stores and %2 category pairs "
                            "(layout-effect)")
                            .arg(estimate.stores)
                            .arg(estimate.pairs);
    } catch (const StorageError&) {
        throw;  // the project itself failed: not a reason to predict without an effect
    } catch (const jobs::Cancelled&) {
        throw;
    } catch (const Error& error) {
        // Not identified (one store, no layout change) or not measurable: said, never assumed.
        effect.source = QStringLiteral(
                            "the chain's effect of proximity is not measured: %1; "
                            "give one with --effect R,LOW,HIGH")
                            .arg(error.message());
    }
    return effect;
}

}  // namespace mb::layout
