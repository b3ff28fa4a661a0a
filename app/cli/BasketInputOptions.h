#pragma once

#include "layout/BasketReader.h"

#include <QCommandLineParser>
#include <QJsonObject>

namespace mb::cli {

// Adds INPUT and --format, --level, --basket-col, --item-col and --delimiter.
void addBasketInputOptions(QCommandLineParser& parser);
// Adds an option with a value (when valueName is given) or a flag.
void addOption(QCommandLineParser& parser, const char* name, const char* help,
               const char* valueName = nullptr);

// Reads --format, --level, --delimiter, --basket-col and --item-col, shared by the commands that
// take a basket file or project. Prints the problem and returns false on bad usage.
bool readBasketInputOptions(const QCommandLineParser& parser, const char* command,
                            layout::BasketFileOptions& input);

// Throws mb::Error when a category-level read found no basket: the lines have no category of
// their own and their products none either, which would otherwise print "0 baskets" as a result.
void requireCategoryBaskets(const layout::BasketSet& baskets,
                            const layout::BasketFileOptions& input, const QString& path);

// What a basket read left out for want of an item, said rather than assumed: the lines with no
// category (or no product, or no basket) and the baskets that had no other line, with how to
// supply them. Empty when nothing was left out.
QStringList leftOutLineWarnings(const layout::BasketFileSummary& summary,
                                const layout::BasketFileOptions& input, const QString& path);

// A basket command's --json summary: its own `fields` plus those every basket command prints
// (input, format, level, transactions (purchase baskets), items, skipped_lines, skipped_baskets,
// return_lines, return_baskets, warnings).
QJsonObject basketSummaryJson(const QString& path, const layout::BasketFileOptions& input,
                              const layout::BasketFileSummary& summary,
                              const layout::BasketSet& baskets, QJsonObject fields);

// Says how many return lines and return-only baskets were left out, when there were any.
void printReturns(const layout::BasketFileSummary& summary);

}  // namespace mb::cli
