#include "demand/DemandCsv.h"

#include "export/CsvExport.h"

#include <cmath>

namespace mb::demand {

namespace {

QString seasonName(SeasonalProfile::Source source) {
    switch (source) {
        case SeasonalProfile::Source::Own:
            return QStringLiteral("own");
        case SeasonalProfile::Source::Category:
            return QStringLiteral("category");
        case SeasonalProfile::Source::None:
            break;
    }
    return QStringLiteral("none");
}

}  // namespace

void writeDemandCsv(const QString& path, const DemandFit& fit) {
    exporting::CsvWriter writer(path);
    writer.writeRow(QStringList{QStringLiteral("product"),
                                QStringLiteral("store"),
                                QStringLiteral("category"),
                                QStringLiteral("n_weeks"),
                                QStringLiteral("zero_weeks"),
                                QStringLiteral("elasticity"),
                                QStringLiteral("elasticity_se"),
                                QStringLiteral("elasticity_shrunk"),
                                QStringLiteral("shrinkage_weight"),
                                QStringLiteral("feature_lift_log"),
                                QStringLiteral("display_lift_log"),
                                QStringLiteral("tpr_lift_log"),
                                QStringLiteral("feature_multiplier"),
                                QStringLiteral("display_multiplier"),
                                QStringLiteral("tpr_multiplier"),
                                QStringLiteral("lifecycle_log_per_week"),
                                QStringLiteral("seasonality"),
                                QStringLiteral("r2"),
                                QStringLiteral("wape_holdout"),
                                QStringLiteral("wape_holdout_problem"),
                                QStringLiteral("dispersion"),
                                QStringLiteral("nb_size"),
                                QStringLiteral("problem"),
                                QStringLiteral("censored_weeks"),
                                QStringLiteral("elasticity_se_classical"),
                                QStringLiteral("se_clusters")});
    // A lift on the log scale as a multiplier of units (empty when not estimated).
    const auto multiplier = [](double logLift) { return std::exp(logLift); };
    exporting::CsvRow row;
    for (const DemandModel& model : fit.models) {
        row.clear();
        row.text(model.product)
            .text(model.store)
            .text(model.category)
            .integer(model.observations)
            .integer(model.zeroWeeks)
            .number(model.elasticity.value)
            .number(model.elasticity.standardError)
            .number(model.elasticityShrunk)
            .number(model.shrinkageWeight)
            .number(model.featureLift.value)
            .number(model.displayLift.value)
            .number(model.tprLift.value)
            .number(multiplier(model.featureLift.value))
            .number(multiplier(model.displayLift.value))
            .number(multiplier(model.tprLift.value))
            .number(model.lifecyclePerWeek.value)
            .text(seasonName(model.season.source))
            .number(model.r2)
            .number(model.wapeHoldout)
            .text(model.holdoutProblem)
            .number(model.pearsonDispersion)
            .number(model.negativeBinomialSize)
            .text(model.problem)
            .integer(model.censoredWeeks)
            .number(model.elasticityClassicalSe)
            .integer(model.clusters);
        writer.writeRow(row);
    }
    writer.commit();
}

}  // namespace mb::demand
