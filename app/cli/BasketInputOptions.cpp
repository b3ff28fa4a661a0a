#include "BasketInputOptions.h"

#include "Cli.h"
#include "Warnings.h"

#include "common/Progress.h"
#include "data/Project.h"

#include <QFileInfo>
#include <QLocale>

namespace mb::cli {

namespace {

bool isProjectPath(const QString& path) {
    return path.endsWith(QStringLiteral(".merchbench"), Qt::CaseInsensitive);
}

}  // namespace

void addOption(QCommandLineParser& parser, const char* name, const char* help,
               const char* valueName) {
    QCommandLineOption result(QString::fromLatin1(name), QString::fromLatin1(help));
    if (valueName)
        result.setValueName(QString::fromLatin1(valueName));
    parser.addOption(result);
}

void addBasketInputOptions(QCommandLineParser& parser) {
    parser.addPositionalArgument(
        QStringLiteral("INPUT"),
        QStringLiteral("Basket file (one basket per line, or basket,item rows with a header; "
                       ".gz accepted) or a project (*.merchbench, table basket_lines)."));
    addOption(parser, "format",
              "auto (default), lines (one basket per line) or long (basket,item rows).", "FORMAT");
    addOption(parser, "level", "product (default) or category.", "LEVEL");
    addOption(parser, "basket-col", "Long format: the basket column (default: basket or an alias).",
              "NAME");
    addOption(parser, "item-col",
              "Long format: the item column (default: product or category, by level).", "NAME");
    addOption(parser, "delimiter", "Field delimiter (default: ',' for lines, detected for long).",
              "CHAR");
}

bool readBasketInputOptions(const QCommandLineParser& parser, const char* command,
                            layout::BasketInput& input) {
    const QString name = QString::fromLatin1(command);
    const QString path = parser.positionalArguments().at(0);
    // A file by its absolute path, so the recorded request replays from any folder.
    input.file = isProjectPath(path) ? QString() : QFileInfo(path).absoluteFilePath();
    layout::BasketFileOptions& options = input.options;
    const QString format = parser.value(QStringLiteral("format"));
    if (format == QStringLiteral("lines")) {
        options.format = layout::BasketFormat::Lines;
    } else if (format == QStringLiteral("long")) {
        options.format = layout::BasketFormat::Long;
    } else if (!format.isEmpty() && format != QStringLiteral("auto")) {
        printError(
            QStringLiteral("%1: --format must be auto, lines or long (%2)").arg(name, format));
        return false;
    }
    const QString level = parser.value(QStringLiteral("level"));
    if (level == QStringLiteral("category")) {
        options.level = layout::BasketLevel::Category;
    } else if (!level.isEmpty() && level != QStringLiteral("product")) {
        printError(QStringLiteral("%1: --level must be product or category (%2)").arg(name, level));
        return false;
    }
    const QString delimiter = parser.value(QStringLiteral("delimiter"));
    if (delimiter.size() > 1 || (delimiter.size() == 1 && delimiter.front().unicode() > 127)) {
        printError(QStringLiteral("%1: --delimiter must be one ASCII character (%2)")
                       .arg(name, delimiter));
        return false;
    }
    if (delimiter.size() == 1)
        options.delimiter = static_cast<char>(delimiter.front().unicode());
    options.basketColumn = parser.value(QStringLiteral("basket-col"));
    options.itemColumn = parser.value(QStringLiteral("item-col"));
    return true;
}

jobs::JobOutcome runBasketJob(const QString& inputPath, const QJsonObject& request,
                              const jobs::JobRunner& job, const QString& out) {
    std::unique_ptr<data::Project> project;
    if (isProjectPath(inputPath))
        project = data::Project::open(inputPath, data::Project::OpenMode::MustExist);
    ProgressToken progress;
    jobs::JobContext context{project.get(),
                             progress,
                             {{QStringLiteral("out"), out}},
                             jobs::RunRecorder::Recording::WhenWritable};
    jobs::JobOutcome outcome = job(request, context);
    if (project)  // a run on a project is recorded, unless the project is read-only
        outcome.summary.insert(QStringLiteral("run_id"),
                               outcome.runId >= 0 ? QJsonValue(outcome.runId) : QJsonValue());
    printWarnings(outcome.warnings);
    addWarnings(outcome.summary, outcome.warnings);
    return outcome;
}

void printReturns(const QJsonObject& summary) {
    const qint64 lines = summary.value(QStringLiteral("return_lines")).toInteger();
    if (lines == 0)
        return;
    const QLocale locale(QLocale::English);
    printLine(
        QStringLiteral("returns left out: %1 lines with a quantity of 0 or less, %2 baskets "
                       "made only of them")
            .arg(locale.toString(lines),
                 locale.toString(summary.value(QStringLiteral("return_baskets")).toInteger())));
}

}  // namespace mb::cli
