#include "BasketInputOptions.h"

#include "Cli.h"
#include "Warnings.h"

#include <QLocale>
#include "common/Error.h"

namespace mb::cli {

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
                            layout::BasketFileOptions& input) {
    const QString name = QString::fromLatin1(command);
    const QString format = parser.value(QStringLiteral("format"));
    if (format == QStringLiteral("lines")) {
        input.format = layout::BasketFormat::Lines;
    } else if (format == QStringLiteral("long")) {
        input.format = layout::BasketFormat::Long;
    } else if (!format.isEmpty() && format != QStringLiteral("auto")) {
        printError(
            QStringLiteral("%1: --format must be auto, lines or long (%2)").arg(name, format));
        return false;
    }
    const QString level = parser.value(QStringLiteral("level"));
    if (level == QStringLiteral("category")) {
        input.level = layout::BasketLevel::Category;
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
        input.delimiter = static_cast<char>(delimiter.front().unicode());
    input.basketColumn = parser.value(QStringLiteral("basket-col"));
    input.itemColumn = parser.value(QStringLiteral("item-col"));
    return true;
}

void requireCategoryBaskets(const layout::BasketSet& baskets,
                            const layout::BasketFileOptions& input, const QString& path) {
    if (input.level != layout::BasketLevel::Category || baskets.basketCount() > 0)
        return;
    throw Error(QStringLiteral("%1: no basket line has a category, so there are no category "
                               "baskets: give the basket lines a category column, or import "
                               "products with a category column (kind products) for a project, "
                               "or use --level product")
                    .arg(path));
}

QStringList leftOutLineWarnings(const layout::BasketFileSummary& summary,
                                const layout::BasketFileOptions& input, const QString& path) {
    if (summary.skippedRecords == 0)
        return {};
    const QLocale locale(QLocale::English);
    const bool category = input.level == layout::BasketLevel::Category;
    QString warning =
        QStringLiteral(
            "%1: %2 of %3 lines have no %4 (or no basket) and are left out, and with "
            "them %5 baskets that had no other line")
            .arg(path, locale.toString(summary.skippedRecords), locale.toString(summary.records),
                 category ? QStringLiteral("category, of their own or their product's")
                          : QStringLiteral("item"),
                 locale.toString(summary.skippedBaskets));
    if (category)
        warning += QStringLiteral(
            ": give the basket lines a category column, or import products "
            "with a category column (kind products) for a project, or use "
            "--level product");
    return {warning};
}

QJsonObject basketSummaryJson(const QString& path, const layout::BasketFileOptions& input,
                              const layout::BasketFileSummary& summary,
                              const layout::BasketSet& baskets, QJsonObject fields) {
    const QJsonObject common{{QStringLiteral("input"), path},
                             {QStringLiteral("format"), summary.format == layout::BasketFormat::Long
                                                            ? QStringLiteral("long")
                                                            : QStringLiteral("lines")},
                             {QStringLiteral("level"), input.level == layout::BasketLevel::Category
                                                           ? QStringLiteral("category")
                                                           : QStringLiteral("product")},
                             {QStringLiteral("transactions"), qint64(baskets.basketCount())},
                             {QStringLiteral("items"), qint64(baskets.itemCount())},
                             {QStringLiteral("skipped_lines"), summary.skippedRecords},
                             {QStringLiteral("skipped_baskets"), summary.skippedBaskets},
                             {QStringLiteral("return_lines"), summary.returnLines},
                             {QStringLiteral("return_baskets"), summary.returnBaskets}};
    for (auto it = common.begin(); it != common.end(); ++it)
        fields.insert(it.key(), it.value());
    addWarnings(fields, leftOutLineWarnings(summary, input, path));
    return fields;
}

void printReturns(const layout::BasketFileSummary& summary) {
    if (summary.returnLines == 0)
        return;
    const QLocale locale(QLocale::English);
    printLine(
        QStringLiteral("returns left out: %1 lines with a quantity of 0 or less, %2 baskets "
                       "made only of them")
            .arg(locale.toString(summary.returnLines), locale.toString(summary.returnBaskets)));
}

}  // namespace mb::cli
