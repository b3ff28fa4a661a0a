#include "Options.h"

#include <cmath>

namespace mb::cli {

namespace {

QString name(const QCommandLineOption& option) {
    return QStringLiteral("--") + option.names().constFirst();
}

[[noreturn]] void refuse(const QCommandLineOption& option, const QString& expected,
                         const QString& value) {
    throw UsageProblem(
        QStringLiteral("%1: expected %2, got %3")
            .arg(name(option), expected, value.isEmpty() ? QStringLiteral("nothing") : value));
}

QString range(const QString& what, double minimum, double maximum, bool whole) {
    const auto shown = [whole](double bound) {
        return whole ? QString::number(static_cast<qint64>(bound)) : QString::number(bound);
    };
    const bool low = std::isfinite(minimum) && minimum > std::numeric_limits<qint64>::min();
    const bool high = std::isfinite(maximum) && maximum < std::numeric_limits<qint64>::max();
    if (low && high)
        return QStringLiteral("%1 from %2 to %3").arg(what, shown(minimum), shown(maximum));
    if (low)
        return QStringLiteral("%1 >= %2").arg(what, shown(minimum));
    if (high)
        return QStringLiteral("%1 <= %2").arg(what, shown(maximum));
    return what;
}

}  // namespace

qint64 wholeOption(const QCommandLineParser& parser, const QCommandLineOption& option,
                   qint64 minimum, qint64 maximum) {
    const QString value = parser.value(option).trimmed();
    bool ok = false;
    const qint64 whole = value.toLongLong(&ok);
    if (!ok || whole < minimum || whole > maximum)
        refuse(option,
               range(QStringLiteral("a whole number"), static_cast<double>(minimum),
                     static_cast<double>(maximum), true),
               value);
    return whole;
}

qint64 runIdArgument(const QString& text) {
    bool ok = false;
    const qint64 runId = text.toLongLong(&ok);
    if (!ok || runId <= 0)
        throw UsageProblem(
            QStringLiteral("RUN_ID: expected a run's id (a whole number >= 1), got %1").arg(text));
    return runId;
}

double numberOption(const QCommandLineParser& parser, const QCommandLineOption& option,
                    double minimum, double maximum) {
    const QString value = parser.value(option).trimmed();
    bool ok = false;
    const double number = value.toDouble(&ok);
    if (!ok || !std::isfinite(number) || number < minimum || number > maximum)
        refuse(option, range(QStringLiteral("a number"), minimum, maximum, false), value);
    return number;
}

QCommandLineOption idListOption(const QString& name, const QString& things) {
    return QCommandLineOption(name, QStringLiteral("Only these %1 (comma-separated).").arg(things),
                              QStringLiteral("LIST"));
}

QStringList commaList(const QCommandLineParser& parser, const QCommandLineOption& option) {
    QStringList items;
    for (const QString& value : parser.values(option))
        for (const QString& item : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
            items.push_back(item.trimmed());
    return items;
}

}  // namespace mb::cli
