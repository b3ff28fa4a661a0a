#pragma once

#include <QCommandLineParser>
#include <QJsonObject>
#include <QStringList>

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

int importCommand(const QStringList& arguments);
int infoCommand(const QStringList& arguments);
int generateCommand(const QStringList& arguments);
int demoCommand(const QStringList& arguments);

}  // namespace mb::cli
