#include "TargetingOptions.h"

#include "Options.h"

#include "targeting/TargetRequest.h"

#include <cmath>

namespace mb::cli {

std::map<QString, double> capacityOptions(const QCommandLineParser& parser,
                                          const QCommandLineOption& option) {
    std::map<QString, double> capacities;
    for (const QString& text : parser.values(option)) {
        const auto equals = text.lastIndexOf(QLatin1Char('='));
        bool ok = false;
        const double count = equals > 0 ? text.mid(equals + 1).toDouble(&ok) : -1.0;
        if (equals <= 0 || !ok || !(count >= 0.0))
            throw UsageProblem(
                QStringLiteral("--capacity must be OFFER=N with N >= 0 (%1).").arg(text));
        capacities[text.left(equals)] = std::floor(count);
    }
    return capacities;
}

targeting::UpliftMethod upliftModelOption(const QCommandLineParser& parser,
                                          const QCommandLineOption& option) {
    try {
        return targeting::upliftMethodNamed(parser.value(option));
    } catch (const Error&) {
        throw UsageProblem(
            QStringLiteral("--model must be tlearner, classtransform or forest (%1).")
                .arg(parser.value(option)));
    }
}

}  // namespace mb::cli
