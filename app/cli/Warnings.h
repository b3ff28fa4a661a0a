#pragma once

#include <QJsonObject>
#include <QStringList>

namespace mb::cli {

// What an analysis left out or could not use, said rather than assumed: each warning is printed
// as "warning: ..." on stderr (so stdout stays the result) and listed as "warnings" in the
// --json summary (an empty list when there is nothing to say, so scripts can rely on the key).
void addWarnings(QJsonObject& summary, const QStringList& warnings);
void printWarnings(const QStringList& warnings);

}  // namespace mb::cli
