#include "demand/DemandCsv.h"

#include "common/Error.h"

#include <QSaveFile>
#include <cmath>

namespace mb::demand {

namespace {

// RFC 4180 quoting, and a leading apostrophe so a spreadsheet never runs a name as a formula.
QString text(const QString& value) {
    QString cell = value;
    if (!cell.isEmpty() && QStringLiteral("=+-@\t\r").contains(cell.front()))
        cell.prepend(QLatin1Char('\''));
    if (cell.contains(QLatin1Char(',')) || cell.contains(QLatin1Char('"')) ||
        cell.contains(QLatin1Char('\n')) || cell.contains(QLatin1Char('\r'))) {
        cell.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        cell = QLatin1Char('"') + cell + QLatin1Char('"');
    }
    return cell;
}

QString number(double value) {
    return std::isfinite(value) ? QString::number(value, 'g', 12) : QString();
}

QString multiplier(double logLift) {
    return std::isfinite(logLift) ? number(std::exp(logLift)) : QString();
}

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
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw Error(QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString()));
    QStringList lines{QStringLiteral(
        "product,store,category,n_weeks,zero_weeks,elasticity,elasticity_se,elasticity_shrunk,"
        "shrinkage_weight,feature_lift_log,display_lift_log,tpr_lift_log,feature_multiplier,"
        "display_multiplier,tpr_multiplier,lifecycle_log_per_week,seasonality,r2,wape_holdout,"
        "dispersion,nb_size,problem")};
    for (const DemandModel& model : fit.models) {
        const QStringList cells{text(model.product),
                                text(model.store),
                                text(model.category),
                                QString::number(model.observations),
                                QString::number(model.zeroWeeks),
                                number(model.elasticity.value),
                                number(model.elasticity.standardError),
                                number(model.elasticityShrunk),
                                number(model.shrinkageWeight),
                                number(model.featureLift.value),
                                number(model.displayLift.value),
                                number(model.tprLift.value),
                                multiplier(model.featureLift.value),
                                multiplier(model.displayLift.value),
                                multiplier(model.tprLift.value),
                                number(model.lifecyclePerWeek.value),
                                seasonName(model.season.source),
                                number(model.r2),
                                number(model.wapeHoldout),
                                number(model.pearsonDispersion),
                                number(model.negativeBinomialSize),
                                text(model.problem)};
        lines.push_back(cells.join(QLatin1Char(',')));
    }
    file.write((lines.join(QStringLiteral("\r\n")) + QStringLiteral("\r\n")).toUtf8());
    if (!file.commit())
        throw Error(QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString()));
}

}  // namespace mb::demand
