#include "Cli.h"
#include "Options.h"

#include "common/Error.h"
#include "data/CustomerErasure.h"
#include "data/Project.h"

#include <QFileInfo>

namespace mb::cli {

namespace {

QString customersText(qsizetype count) {
    return count == 1 ? QStringLiteral("1 customer") : QStringLiteral("%1 customers").arg(count);
}

void printPlan(const data::ErasurePlan& plan, const QString& verb) {
    for (const data::ErasureCount& count : plan.counts) {
        if (count.rows == 0)
            continue;
        printLine(QStringLiteral("  %1 %2%3")
                      .arg(count.rows, 8)
                      .arg(count.what, count.scrubbed ? QStringLiteral(" (id replaced)") : verb));
    }
    if (plan.exports.empty()) {
        printLine(QStringLiteral("No recorded export names these customers."));
        return;
    }
    printLine(
        QStringLiteral("Files written earlier that name these customers (delete them "
                       "yourself):"));
    for (const data::NamingExport& file : plan.exports) {
        printLine(QStringLiteral("  %1  (%2 run %3 of %4, customer %5: %6)%7")
                      .arg(file.path, file.analysis)
                      .arg(file.runId)
                      .arg(file.startedAt, file.customer, file.evidence,
                           QFileInfo(file.path).isRelative()
                               ? QStringLiteral(" (recorded without its folder)")
                           : file.exists ? QString()
                                         : QStringLiteral(" [no longer on disk]")));
    }
}

}  // namespace

static int eraseCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("Project file."));
    const QCommandLineOption customer(
        QStringLiteral("customer"),
        QStringLiteral("A customer id to erase (repeatable, or comma-separated)."),
        QStringLiteral("ID"));
    const QCommandLineOption fromFile(
        QStringLiteral("from-file"),
        QStringLiteral("A CSV file whose customer (or customer_id) column lists ids to erase."),
        QStringLiteral("FILE"));
    const QCommandLineOption dryRun(QStringLiteral("dry-run"),
                                    QStringLiteral("Only say what would be erased."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the erasure as one JSON object."));
    for (const auto& option : {customer, fromFile, dryRun, json})
        parser.addOption(option);
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Erase customers from a project (right to erasure): every row that holds "
                       "their ids, rewritten so no page of the file still holds them, recorded "
                       "under a keyed hash; lists the exports that named them."),
        1, 1);
    if (parsed >= 0)
        return parsed;
    if (!parser.isSet(customer) && !parser.isSet(fromFile)) {
        printError(QStringLiteral("erase: give --customer ID or --from-file FILE."));
        return UsageError;
    }

    try {
        QStringList ids = commaList(parser, customer);
        if (parser.isSet(fromFile))
            ids += data::readCustomerIds(parser.value(fromFile));
        const auto project = data::Project::open(parser.positionalArguments().at(0),
                                                 data::Project::OpenMode::MustExist);
        if (parser.isSet(dryRun)) {
            const data::ErasurePlan plan = data::planErasure(*project, ids);
            if (!plan.unknown.isEmpty()) {
                printError(QStringLiteral("Unknown customer %1: nothing in the project holds "
                                          "this id.")
                               .arg(plan.unknown.join(QStringLiteral(", "))));
                return InputError;
            }
            if (parser.isSet(json)) {
                printJson(plan.toJson());
                return Success;
            }
            printLine(QStringLiteral("Erasing %1 would remove:")
                          .arg(customersText(plan.customers.size())));
            printPlan(plan, QStringLiteral(""));
            return Success;
        }
        const data::ErasureResult result = data::eraseCustomers(*project, ids);
        if (parser.isSet(json)) {
            printJson(result.toJson());
            return Success;
        }
        for (const QString& warning : result.warnings)
            printError(QStringLiteral("warning: ") + warning);
        printLine(QStringLiteral("Erased %1 from %2 at %3:")
                      .arg(customersText(result.plan.customers.size()), project->path(),
                           result.erasedAt));
        printPlan(result.plan, QStringLiteral(" removed"));
        printLine(
            QStringLiteral("The erasure is recorded under a keyed hash of each id; the file "
                           "was rewritten so it no longer holds them."));
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "erase", "erase PROJECT (--customer ID... | --from-file FILE.csv) [--dry-run] [--json]",
    eraseCommand};

}  // namespace mb::cli
