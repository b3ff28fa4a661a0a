#include "layout/BasketReader.h"

#include "common/Error.h"
#include "common/Progress.h"
#include "data/CsvReader.h"
#include "data/InputFile.h"
#include "data/Kind.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "data/ValueParser.h"

#include <QFileInfo>
#include <cmath>
#include <unordered_set>

namespace mb::layout {

namespace {

std::string_view trimmed(std::string_view text) {
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && blank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && blank(text.back()))
        text.remove_suffix(1);
    return text;
}

QString where(const QString& file, data::TextPosition position) {
    return QStringLiteral("%1:%2:%3").arg(file).arg(position.line).arg(position.column);
}

// Column index whose header is `wanted` (when given) or the field's name or one of its aliases.
int findColumn(const data::CsvRecord& header, const QString& wanted, const char* fieldName) {
    QStringList names;
    if (!wanted.isEmpty()) {
        names.append(data::normalizedHeader(wanted));
    } else {
        const data::KindSpec* baskets = data::findKind(QStringLiteral("baskets"));
        const data::FieldSpec* field =
            baskets ? baskets->field(QString::fromLatin1(fieldName)) : nullptr;
        names.append(QString::fromLatin1(fieldName));
        if (field) {
            for (const QString& alias : field->aliases)
                names.append(data::normalizedHeader(alias));
        }
    }
    for (const QString& name : names) {
        for (std::size_t column = 0; column < header.fields.size(); ++column) {
            if (data::normalizedHeader(QString::fromUtf8(
                    header.fields[column].data(), qsizetype(header.fields[column].size()))) == name)
                return int(column);
        }
    }
    return -1;
}

// Baskets none of whose lines was kept: those with a return are counted as returns (as before),
// the others as left out for an empty item.
void countLeftOut(const BasketSetBuilder& builder,
                  const std::unordered_set<std::string>& returnBaskets,
                  const std::unordered_set<std::string>& skippedBaskets,
                  BasketFileSummary& counts) {
    for (const std::string& basket : returnBaskets)
        counts.returnBaskets += builder.hasBasket(basket) ? 0 : 1;
    for (const std::string& basket : skippedBaskets)
        counts.skippedBaskets +=
            builder.hasBasket(basket) || returnBaskets.contains(basket) ? 0 : 1;
}

}  // namespace

BasketSet readBasketFile(const QString& path, const BasketFileOptions& options,
                         BasketFileSummary* summary, ProgressToken* progress) {
    QString openError;
    std::unique_ptr<data::InputFile> input = data::InputFile::open(path, &openError);
    if (!input)
        throw Error(QStringLiteral("%1: %2").arg(path, openError));
    const QString file = QFileInfo(path).fileName();

    data::CsvDialect dialect;
    dialect.delimiter = options.delimiter;
    if (dialect.delimiter == 0 && options.format == BasketFormat::Lines)
        dialect.delimiter = ',';
    data::CsvReader reader(input->device(), dialect);

    BasketFileSummary local;
    BasketFileSummary& counts = summary ? *summary : local;
    counts = BasketFileSummary{};
    BasketSetBuilder builder;
    data::CsvRecord record;
    const char* itemField = options.level == BasketLevel::Category ? "category" : "product";

    auto checkSyntax = [&]() {
        const data::CsvSyntaxError* error = reader.error();
        if (!error)
            return;
        throw Error(QStringLiteral("%1: %2").arg(where(file, error->position),
                                                 input->explainCsvError(error->message)));
    };
    auto report = [&]() {
        if (progress && (counts.records & 0xFFFF) == 0) {
            if (progress->isCancelled())
                throw Error(QStringLiteral("%1: cancelled").arg(file));
            if (input->size() > 0)
                progress->report(double(input->position()) / double(input->size()));
        }
    };

    if (!reader.next(record)) {
        checkSyntax();
        counts.format =
            options.format == BasketFormat::Long ? BasketFormat::Long : BasketFormat::Lines;
        return builder.finish();
    }
    int basketColumn = -1;
    int itemColumn = -1;
    if (options.format != BasketFormat::Lines) {
        basketColumn = findColumn(record, options.basketColumn, "basket");
        itemColumn = findColumn(record, options.itemColumn, itemField);
    }
    const bool isLong = options.format == BasketFormat::Long ||
                        (options.format == BasketFormat::Auto && basketColumn >= 0 &&
                         itemColumn >= 0 && basketColumn != itemColumn);
    counts.format = isLong ? BasketFormat::Long : BasketFormat::Lines;

    if (!isLong) {
        if (options.level == BasketLevel::Category)
            throw Error(QStringLiteral("%1:1:1: a one-basket-per-line file has no category "
                                       "column; use --level product or a long file")
                            .arg(file));
        std::vector<ItemId> basket;
        do {
            ++counts.records;
            basket.clear();
            for (const std::string& field : record.fields) {
                const std::string_view item = trimmed(field);
                if (!item.empty())
                    basket.push_back(builder.itemId(item));
            }
            builder.addBasket(basket);
            report();
        } while (reader.next(record));
        checkSyntax();
        return builder.finish();
    }

    if (basketColumn < 0 || itemColumn < 0 || basketColumn == itemColumn) {
        QString header;
        for (const std::string& field : record.fields)
            header += (header.isEmpty() ? QString() : QStringLiteral(",")) +
                      QString::fromUtf8(field.data(), qsizetype(field.size()));
        const QString missing =
            basketColumn < 0
                ? (options.basketColumn.isEmpty() ? QStringLiteral("basket") : options.basketColumn)
                : (options.itemColumn.isEmpty() ? QString::fromLatin1(itemField)
                                                : options.itemColumn);
        throw Error(QStringLiteral("%1:1:1: no %2 column in the header (%3)")
                        .arg(file, missing, header.left(200)));
    }
    // Without a quantity column every line is a purchase.
    const int quantityColumn = findColumn(record, QString(), "quantity");
    const std::size_t needed = std::size_t(std::max(basketColumn, itemColumn)) + 1;
    std::unordered_set<std::string> returnBaskets;
    std::unordered_set<std::string> skippedBaskets;
    while (reader.next(record)) {
        ++counts.records;
        if (record.fields.size() < needed) {
            const data::TextPosition end = record.positions.empty()
                                               ? data::TextPosition{record.line, 1}
                                               : record.positions.back();
            throw Error(QStringLiteral("%1: row has %2 field(s), the %3 column is field %4 (%5)")
                            .arg(where(file, end))
                            .arg(record.fields.size())
                            .arg(basketColumn >= itemColumn ? QStringLiteral("basket")
                                                            : QString::fromLatin1(itemField))
                            .arg(needed)
                            .arg(QString::fromUtf8(record.fields.empty() ? std::string()
                                                                         : record.fields.back())
                                     .left(80)));
        }
        const std::string_view basket = trimmed(record.fields[std::size_t(basketColumn)]);
        const std::string_view item = trimmed(record.fields[std::size_t(itemColumn)]);
        if (basket.empty() || item.empty()) {
            ++counts.skippedRecords;
            if (!basket.empty())
                skippedBaskets.emplace(basket);
            continue;
        }
        if (quantityColumn >= 0 && std::size_t(quantityColumn) < record.fields.size()) {
            const std::string_view text = trimmed(record.fields[std::size_t(quantityColumn)]);
            if (!data::isMissing(text)) {
                const std::optional<double> quantity = data::parseNumber(text, {});
                if (!quantity || !std::isfinite(*quantity))
                    throw Error(
                        QStringLiteral("%1: the quantity is not a number (%2)")
                            .arg(where(file, record.positions[std::size_t(quantityColumn)]),
                                 QString::fromUtf8(text.data(), qsizetype(text.size())).left(80)));
                if (*quantity <= 0) {
                    ++counts.returnLines;
                    returnBaskets.emplace(basket);
                    report();
                    continue;
                }
            }
        }
        builder.addLine(basket, builder.itemId(item));
        report();
    }
    checkSyntax();
    countLeftOut(builder, returnBaskets, skippedBaskets, counts);
    return builder.finish();
}

BasketSet readProjectBaskets(const data::Project& project, BasketLevel level,
                             BasketFileSummary* summary, const BasketScope& scope) {
    const std::string_view sql =
        level == BasketLevel::Category
            ? "SELECT b.basket, COALESCE(NULLIF(b.category, ''), p.category), b.quantity "
              "FROM basket_lines b LEFT JOIN products p ON p.product = b.product "
              "WHERE (?1 = '' OR b.store = ?1) AND (?2 = '' OR b.time < ?2) "
              "AND (?3 = '' OR b.time >= ?3)"
            : "SELECT basket, product, quantity FROM basket_lines "
              "WHERE (?1 = '' OR store = ?1) AND (?2 = '' OR time < ?2) "
              "AND (?3 = '' OR time >= ?3)";
    data::Statement statement(project.db(), sql);
    statement.bind(1, scope.store.isNull() ? QStringLiteral("") : scope.store);
    statement.bind(2, scope.before.isNull() ? QStringLiteral("") : scope.before);
    statement.bind(3, scope.since.isNull() ? QStringLiteral("") : scope.since);
    BasketFileSummary counts{BasketFormat::Long, 0, 0, 0, 0};
    std::unordered_set<std::string> returnBaskets;
    std::unordered_set<std::string> skippedBaskets;
    BasketSetBuilder builder;
    while (statement.step()) {
        ++counts.records;
        if (statement.isNull(0)) {
            ++counts.skippedRecords;
            continue;
        }
        if (statement.isNull(1)) {
            ++counts.skippedRecords;
            skippedBaskets.emplace(statement.textView(0));
            continue;
        }
        const std::string_view item = trimmed(statement.textView(1));
        if (item.empty()) {
            ++counts.skippedRecords;
            skippedBaskets.emplace(statement.textView(0));
            continue;
        }
        if (!statement.isNull(2) && !(statement.real(2) > 0)) {
            ++counts.returnLines;
            returnBaskets.emplace(statement.textView(0));
            continue;
        }
        builder.addLine(statement.textView(0), builder.itemId(item));
    }
    countLeftOut(builder, returnBaskets, skippedBaskets, counts);
    if (summary)
        *summary = counts;
    return builder.finish();
}

BasketSet readBaskets(const QString& path, const BasketFileOptions& options,
                      BasketFileSummary* summary, ProgressToken* progress) {
    if (path.endsWith(QStringLiteral(".merchbench"), Qt::CaseInsensitive)) {
        const std::unique_ptr<data::Project> project =
            data::Project::open(path, data::Project::OpenMode::MustExist);
        return readProjectBaskets(*project, options.level, summary);
    }
    return readBasketFile(path, options, summary, progress);
}

}  // namespace mb::layout
