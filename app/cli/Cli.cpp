#include "Cli.h"

#include <QJsonDocument>
#include <cstdio>

namespace mb::cli {

std::vector<Command>& commandRegistry() {
    static std::vector<Command> commands;
    return commands;
}

CommandRegistration::CommandRegistration(const char* name, const char* synopsis,
                                         CommandFunction run) {
    commandRegistry().push_back(
        Command{QString::fromLatin1(name), QString::fromLatin1(synopsis), run});
}

void printLine(const QString& text) {
    std::fputs(text.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
}

void printError(const QString& text) {
    std::fputs(text.toUtf8().constData(), stderr);
    std::fputc('\n', stderr);
}

void printJson(const QJsonObject& object) {
    std::fputs(QJsonDocument(object).toJson(QJsonDocument::Indented).constData(), stdout);
}

int parseArguments(QCommandLineParser& parser, const QStringList& arguments,
                   const QString& description, int minimumPositional, int maximumPositional) {
    parser.setApplicationDescription(description);
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(arguments)) {
        printError(parser.errorText());
        printError(QStringLiteral("Try '%1 --help'.").arg(arguments.first()));
        return UsageError;
    }
    if (parser.isSet(help)) {
        std::fputs(parser.helpText().toUtf8().constData(), stdout);
        return Success;
    }
    const auto count = parser.positionalArguments().size();
    if (count < minimumPositional || count > maximumPositional) {
        printError(
            QStringLiteral("%1: expected %2 argument(s), got %3.")
                .arg(arguments.first())
                .arg(minimumPositional == maximumPositional
                         ? QString::number(minimumPositional)
                         : QStringLiteral("%1 to %2").arg(minimumPositional).arg(maximumPositional))
                .arg(count));
        printError(QStringLiteral("Try '%1 --help'.").arg(arguments.first()));
        return UsageError;
    }
    return -1;
}

}  // namespace mb::cli
