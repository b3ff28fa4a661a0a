#include "BasketInputOptions.h"

#include "Cli.h"

namespace mb::cli {

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

}  // namespace mb::cli
