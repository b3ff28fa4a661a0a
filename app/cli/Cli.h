#pragma once

#include <QCommandLineParser>
#include <QJsonObject>
#include <QStringList>
#include <vector>

namespace mb::cli {

// Exit codes shared by every command.
enum Exit { Success = 0, UsageError = 1, InputError = 2 };

// Parses a command's arguments (arguments[0] is "merchbench-cli COMMAND"). Prints help and
// returns Success for --help, prints the problem and returns UsageError on bad usage, and
// returns -1 when the command should go on.
int parseArguments(QCommandLineParser& parser, const QStringList& arguments,
                   const QString& description, int minimumPositional, int maximumPositional);

void printJson(const QJsonObject& object);
void printLine(const QString& text);   // stdout
void printError(const QString& text);  // stderr

// Every command registers itself from its own file, so adding a command touches no shared file:
//   static const CommandRegistration registration{"name", "name ARGS [options]", nameCommand};
using CommandFunction = int (*)(const QStringList& arguments);
struct Command {
    QString name;
    QString synopsis;
    CommandFunction run;
};
std::vector<Command>& commandRegistry();
struct CommandRegistration {
    CommandRegistration(const char* name, const char* synopsis, CommandFunction run);
};

}  // namespace mb::cli
