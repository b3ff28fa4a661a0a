#include "layout/ProximityEffect.h"

namespace mb::layout {

ProximityEffect chainProximityEffect(const data::Project& project, const QString& asOf) {
    // The estimate itself is `layout-effect`'s (issue 14, item 2); until it is wired here the
    // chain's effect is not measured, and a prediction says so rather than assume one.
    Q_UNUSED(project);
    Q_UNUSED(asOf);
    ProximityEffect effect;
    effect.source = QStringLiteral(
        "the chain's effect of proximity is not measured yet (merchbench-cli layout-effect); "
        "give one with --effect R,LOW,HIGH");
    return effect;
}

}  // namespace mb::layout
