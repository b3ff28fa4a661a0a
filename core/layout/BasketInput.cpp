#include "layout/BasketInput.h"

#include "common/Error.h"
#include "data/Project.h"
#include "jobs/ReadSnapshot.h"
#include "jobs/RequestReader.h"

#include <QLocale>

namespace mb::layout {

namespace {

void requireCategoryBaskets(const LoadedBaskets& loaded, const BasketFileOptions& options) {
    if (options.level != BasketLevel::Category || loaded.baskets.basketCount() > 0)
        return;
    throw Error(QStringLiteral("%1: no basket line has a category, so there are no category "
                               "baskets: give the basket lines a category column, or import "
                               "products with a category column (kind products) for a project, "
                               "or use --level product")
                    .arg(loaded.where));
}

// What a basket read left out for want of an item, said rather than assumed, with how to supply
// it.
QStringList leftOutLineWarnings(const LoadedBaskets& loaded, const BasketFileOptions& options) {
    const BasketFileSummary& summary = loaded.summary;
    if (summary.skippedRecords == 0)
        return {};
    const QLocale locale(QLocale::English);
    const bool category = options.level == BasketLevel::Category;
    QString warning =
        QStringLiteral(
            "%1: %2 of %3 lines have no %4 (or no basket) and are left out, and with "
            "them %5 baskets that had no other line")
            .arg(loaded.where, locale.toString(summary.skippedRecords),
                 locale.toString(summary.records),
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

}  // namespace

void BasketInput::addTo(QJsonObject& json) const {
    json.insert(QStringLiteral("input"), file);
    json.insert(QStringLiteral("format"), options.format == BasketFormat::Lines  ? "lines"
                                          : options.format == BasketFormat::Long ? "long"
                                                                                 : "auto");
    json.insert(QStringLiteral("level"),
                options.level == BasketLevel::Category ? "category" : "product");
    json.insert(QStringLiteral("basket_col"), options.basketColumn);
    json.insert(QStringLiteral("item_col"), options.itemColumn);
    json.insert(QStringLiteral("delimiter"),
                options.delimiter ? QString(QLatin1Char(options.delimiter)) : QString());
}

BasketInput BasketInput::read(jobs::RequestReader& reader) {
    BasketInput input;
    input.file = reader.text("input");
    const QString format = reader.choice(
        "format", {QStringLiteral("auto"), QStringLiteral("lines"), QStringLiteral("long")},
        QStringLiteral("auto"));
    input.options.format = format == QLatin1String("lines")  ? BasketFormat::Lines
                           : format == QLatin1String("long") ? BasketFormat::Long
                                                             : BasketFormat::Auto;
    input.options.level =
        reader.choice("level", {QStringLiteral("product"), QStringLiteral("category")},
                      QStringLiteral("product")) == QLatin1String("category")
            ? BasketLevel::Category
            : BasketLevel::Product;
    input.options.basketColumn = reader.text("basket_col");
    input.options.itemColumn = reader.text("item_col");
    const QString delimiter = reader.text("delimiter");
    if (delimiter.size() > 1 || (delimiter.size() == 1 && delimiter.front().unicode() > 127))
        reader.fail("delimiter", QStringLiteral("one ASCII character"));
    if (delimiter.size() == 1)
        input.options.delimiter = static_cast<char>(delimiter.front().unicode());
    return input;
}

LoadedBaskets loadBaskets(data::Project* project, const BasketInput& input) {
    LoadedBaskets loaded;
    if (input.isProject()) {
        if (!project)
            throw Error(
                QStringLiteral("the request reads the project's baskets: give the "
                               "project (--project P)"));
        const jobs::ReadSnapshot snapshot(*project);
        loaded.where = project->path();
        loaded.fingerprint = snapshot.fingerprint();
        loaded.baskets = readProjectBaskets(*project, input.options.level, &loaded.summary);
    } else {
        loaded.where = input.file;
        loaded.baskets = readBasketFile(input.file, input.options, &loaded.summary);
    }
    requireCategoryBaskets(loaded, input.options);
    loaded.warnings = leftOutLineWarnings(loaded, input.options);
    return loaded;
}

QJsonObject basketSummaryJson(const LoadedBaskets& loaded, const BasketInput& input,
                              QJsonObject fields) {
    const BasketFileSummary& summary = loaded.summary;
    const QJsonObject common{
        {QStringLiteral("input"), loaded.where},
        {QStringLiteral("format"),
         summary.format == BasketFormat::Long ? QStringLiteral("long") : QStringLiteral("lines")},
        {QStringLiteral("level"), input.options.level == BasketLevel::Category
                                      ? QStringLiteral("category")
                                      : QStringLiteral("product")},
        {QStringLiteral("transactions"), qint64(loaded.baskets.basketCount())},
        {QStringLiteral("items"), qint64(loaded.baskets.itemCount())},
        {QStringLiteral("skipped_lines"), summary.skippedRecords},
        {QStringLiteral("skipped_baskets"), summary.skippedBaskets},
        {QStringLiteral("return_lines"), summary.returnLines},
        {QStringLiteral("return_baskets"), summary.returnBaskets}};
    for (auto it = common.begin(); it != common.end(); ++it)
        fields.insert(it.key(), it.value());
    return fields;
}

}  // namespace mb::layout
