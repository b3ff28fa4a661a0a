#pragma once

#include "layout/BasketSet.h"

#include <QString>

namespace mb {
class ProgressToken;
}
namespace mb::data {
class Project;
}

namespace mb::layout {

enum class BasketFormat { Auto, Lines, Long };
enum class BasketLevel { Product, Category };

struct BasketFileOptions {
    // Auto: long when the first row names a basket column and an item column, else lines.
    BasketFormat format = BasketFormat::Auto;
    BasketLevel level = BasketLevel::Product;
    QString basketColumn;  // long format; empty = the importer's aliases for "basket"
    QString itemColumn;    // long format; empty = aliases for "product" or "category" (level)
    char delimiter = 0;    // 0 = ',' for lines, detected for long

    bool operator==(const BasketFileOptions&) const = default;
};

// Lines with a negative (or zero) quantity are returns, not purchases: a basket counts when it
// has at least one line with a positive quantity (or none stated), and only those lines are its
// items. Cancellation documents (UCI's C-prefixed invoices) hold only returns and drop out.
struct BasketFileSummary {
    BasketFormat format = BasketFormat::Lines;
    qint64 records = 0;         // data records read
    qint64 skippedRecords = 0;  // long rows with an empty basket or item
    qint64 skippedBaskets = 0;  // baskets all of whose lines were skipped so, left out
    qint64 returnLines = 0;     // lines with a quantity of 0 or less, left out
    qint64 returnBaskets = 0;   // baskets made only of such lines, left out
};

// Reads a basket file as a stream (plain or .gz). Throws mb::Error with
// "file:line:column: message (value)" for a malformed file or a missing column.
BasketSet readBasketFile(const QString& path, const BasketFileOptions& options,
                         BasketFileSummary* summary = nullptr, ProgressToken* progress = nullptr);

// Which basket lines of a project to read: one store's ('' = every line) and those before a
// time (ISO text; '' = all; a line without a time is then left out: it cannot be dated).
struct BasketScope {
    QString store;
    QString before;
    QString since;  // ISO date: lines from that day on ('' = from the first)
};

// Reads the basket_lines table of a project; at category level a line without a category takes
// its product's category. Returns are left out as in a file. Throws mb::Error.
BasketSet readProjectBaskets(const data::Project& project, BasketLevel level,
                             BasketFileSummary* summary = nullptr, const BasketScope& scope = {});

// A project (*.merchbench, read with its level) or else a basket file. Throws mb::Error.
BasketSet readBaskets(const QString& path, const BasketFileOptions& options,
                      BasketFileSummary* summary = nullptr, ProgressToken* progress = nullptr);

}  // namespace mb::layout
