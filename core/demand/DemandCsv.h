#pragma once

#include "demand/DemandEstimator.h"

#include <QString>

namespace mb::demand {

// One row per model: product, store, category, n_weeks (weeks in the fit), zero_weeks, elasticity,
// elasticity_se, elasticity_shrunk, shrinkage_weight, feature/display/tpr lifts as log-scale
// coefficients
// (*_lift_log) and as unit multipliers (*_multiplier), lifecycle_log_per_week, seasonality
// (none/own/category), r2, wape_holdout, wape_holdout_problem (why it is empty), dispersion
// (Pearson chi^2/df), nb_size (empty when Poisson), problem, censored_weeks (weeks that sold out,
// fitted as censored), elasticity_se_classical and se_clusters (the stores elasticity_se is
// clustered by; 0 when it is the classical one). Empty cells are values that could not
// be estimated. Throws mb::Error; the file is complete or absent.
void writeDemandCsv(const QString& path, const DemandFit& fit);

}  // namespace mb::demand
