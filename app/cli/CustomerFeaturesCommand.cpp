#include "Cli.h"
#include "MemoryLimitOption.h"
#include "OutputCheck.h"
#include "ProjectRun.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "data/ValueParser.h"
#include "targeting/CustomerFeatures.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <cmath>

namespace mb::cli {

namespace {

// Mean of a column over the customers where it is known; null when nowhere.
QJsonValue columnMean(const targeting::CustomerFeatureTable& table, Eigen::Index column) {
    double total = 0.0;
    int known = 0;
    for (Eigen::Index r = 0; r < table.values.rows(); ++r) {
        if (std::isfinite(table.values(r, column))) {
            total += table.values(r, column);
            ++known;
        }
    }
    return known > 0 ? QJsonValue(total / known) : QJsonValue(QJsonValue::Null);
}

}  // namespace

static int customerFeaturesCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("Project file."));
    const QCommandLineOption asOf(
        QStringLiteral("as-of"),
        QStringLiteral("Features as of this date (YYYY-MM-DD): only baskets before it count "
                       "(default: the day after the last basket)."),
        QStringLiteral("DATE"));
    const QCommandLineOption out(QStringLiteral("out"),
                                 QStringLiteral("Feature CSV to write (required)."),
                                 QStringLiteral("FILE.csv"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print a summary as one JSON object."));
    for (const QCommandLineOption& option : {asOf, out, json}) {
        parser.addOption(option);
    }
    addMemoryLimitOption(parser);
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral(
            "Customer features from basket lines: recency, frequency, monetary, category "
            "shares, share bought on discount and tenure. Lines with a negative or zero "
            "quantity are returns: frequency counts purchase occasions (baskets with at least "
            "one purchased line), monetary_total and monetary_mean are net of returns, and "
            "the shares are of the value purchased. A customer with only returns gets no row."),
        1, 1);
    if (parsed >= 0)
        return parsed;
    if (!parser.isSet(out)) {
        printError(QStringLiteral("customer-features: --out is required."));
        return UsageError;
    }
    exporting::CommandFiles files;
    files.addProject(parser.positionalArguments().at(0));
    files.addOutput(QStringLiteral("--out"), parser.value(out));
    if (const int refused = refuseOverwrites(files); refused >= 0)
        return refused;
    std::optional<std::int32_t> asOfDay;
    if (parser.isSet(asOf)) {
        const auto date =
            data::parseDateTime(parser.value(asOf).toStdString(), data::DateOrder::Iso);
        if (!date) {
            printError(QStringLiteral("--as-of: expected a date such as 2024-07-29 (%1)")
                           .arg(parser.value(asOf)));
            return UsageError;
        }
        asOfDay = date->days;
    }
    std::optional<MemoryBudget> budget = readMemoryLimit(parser, "customer-features");
    if (!budget)
        return UsageError;

    try {
        QElapsedTimer timer;
        timer.start();
        const auto project = data::Project::open(parser.positionalArguments().at(0),
                                                 data::Project::OpenMode::MustExist);
        const targeting::CustomerPurchaseHistory history =
            targeting::loadCustomerPurchaseHistory(*project, asOfDay);
        const targeting::CustomerFeatureTable table =
            targeting::computeCustomerFeatures(history, asOfDay, nullptr, &*budget);
        // An empty table is not an answer: say what is missing instead.
        const bool anyCustomer =
            !history.lines.empty() ||
            data::queryInt(project->db(),
                           "SELECT EXISTS(SELECT 1 FROM basket_lines WHERE customer <> '')") != 0;
        if (!anyCustomer)
            throw Error(QStringLiteral("%1: no basket line names a customer: import baskets with "
                                       "a customer column (customer, CustomerID, ...)")
                            .arg(project->path()));
        if (table.customers.empty())
            throw Error(QStringLiteral("%1: no customer bought anything before %2 (%3 return "
                                       "lines before it): choose a later --as-of")
                            .arg(project->path(), data::formatIsoDate(table.asOfDay))
                            .arg(table.returnLines));
        const QString file = parser.value(out);
        // Recorded with the file's path, so erasing a customer can list the files naming them.
        const QString absolute = QFileInfo(file).absoluteFilePath();
        ProjectRun run(*project, QStringLiteral("customer-features"),
                       QJsonObject{{QStringLiteral("as_of"), data::formatIsoDate(table.asOfDay)},
                                   {QStringLiteral("out"), absolute}},
                       0, ProjectRun::Recording::WhenWritable);
        run.begin();
        targeting::writeCustomerFeaturesCsv(file, table);
        run.finish(QJsonObject{{QStringLiteral("out"), absolute},
                               {QStringLiteral("customers"), qint64(table.customers.size())}});
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        if (parser.isSet(json)) {
            QJsonObject means;
            for (std::size_t c = 0; c < table.columns.size(); ++c) {
                means.insert(QString::fromStdString(table.columns[c]),
                             columnMean(table, static_cast<Eigen::Index>(c)));
            }
            QJsonArray categories;
            for (const std::string& category : table.categories) {
                categories.append(QString::fromStdString(category));
            }
            printJson(QJsonObject{
                {QStringLiteral("project"), project->path()},
                {QStringLiteral("as_of"), data::formatIsoDate(table.asOfDay)},
                {QStringLiteral("basket_lines"), qint64(history.lines.size())},
                {QStringLiteral("customers"), qint64(table.customers.size())},
                {QStringLiteral("purchase_baskets"), qint64(table.purchaseBaskets)},
                {QStringLiteral("return_lines"), qint64(table.returnLines)},
                {QStringLiteral("customers_with_only_returns"), qint64(table.onlyReturnCustomers)},
                {QStringLiteral("monetary"), QStringLiteral("net of returns")},
                {QStringLiteral("columns"), qint64(table.columns.size())},
                {QStringLiteral("categories"), categories},
                {QStringLiteral("means"), means},
                {QStringLiteral("out"), file},
                {QStringLiteral("seconds"), seconds}});
        } else {
            printLine(QStringLiteral("%1 customers x %2 features as of %3 -> %4")
                          .arg(table.customers.size())
                          .arg(table.columns.size())
                          .arg(data::formatIsoDate(table.asOfDay), file));
            printLine(QStringLiteral("%1 purchase occasions; monetary is net of %2 return lines; "
                                     "%3 customers with only returns have no row")
                          .arg(table.purchaseBaskets)
                          .arg(table.returnLines)
                          .arg(table.onlyReturnCustomers));
        }
    } catch (const MemoryBudgetExceeded& error) {
        printError(QStringLiteral("customer-features: ") + error.message());
        return InputError;
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "customer-features",
    "customer-features PROJECT [--as-of DATE] --out FILE.csv [--memory-limit SIZE] [--json]",
    customerFeaturesCommand};

}  // namespace mb::cli
