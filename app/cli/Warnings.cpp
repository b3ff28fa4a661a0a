#include "Warnings.h"

#include "Cli.h"

#include <QJsonArray>

namespace mb::cli {

void addWarnings(QJsonObject& summary, const QStringList& warnings) {
    summary[QStringLiteral("warnings")] = QJsonArray::fromStringList(warnings);
}

void printWarnings(const QStringList& warnings) {
    for (const QString& warning : warnings)
        printError(QStringLiteral("warning: ") + warning);
}

}  // namespace mb::cli
