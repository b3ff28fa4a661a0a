#include "Cli.h"

#include "common/Error.h"
#include "data/DemoGenerator.h"

#include <QLocale>

namespace mb::cli {

static int generateCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(
        QStringLiteral("OUTDIR"),
        QStringLiteral("Folder for the CSV files (created when missing)."));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("Random seed (default 42)."), QStringLiteral("N"),
                                  QStringLiteral("42"));
    const QCommandLineOption scale(QStringLiteral("scale"),
                                   QStringLiteral("Size: 1 (default) is the committed demo; 100 "
                                                  "gives over a million weekly sales rows."),
                                   QStringLiteral("S"), QStringLiteral("1"));
    parser.addOption(seed);
    parser.addOption(scale);
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Write the demo retailer's CSV files (every kind) with planted truth "
                       "(truth.json; see datasets/README.md)."),
        1, 1);
    if (parsed >= 0)
        return parsed;
    bool seedOk = false;
    bool scaleOk = false;
    data::DemoOptions options;
    options.seed = parser.value(seed).toULongLong(&seedOk);
    options.scale = parser.value(scale).toDouble(&scaleOk);
    if (!seedOk || !scaleOk || options.scale <= 0 || options.scale > 10000) {
        printError(
            QStringLiteral("generate: --seed is a whole number >= 0 and --scale a number in "
                           "(0, 10000]."));
        return UsageError;
    }
    try {
        const data::DemoResult result =
            data::generateDemo(parser.positionalArguments().at(0), options);
        for (const auto& [kind, path] : result.files)
            printLine(QStringLiteral("%1 %2").arg(kind, -11).arg(path));
        printLine(QStringLiteral("%1 weekly sales rows; planted truth in %2")
                      .arg(QLocale(QLocale::English).toString(result.salesRows), result.truthPath));
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{"generate", "generate OUTDIR [--seed N] [--scale S]",
                                              generateCommand};

}  // namespace mb::cli
