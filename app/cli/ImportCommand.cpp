#include "Cli.h"
#include "OutputCheck.h"

#include "common/Error.h"
#include "data/Importer.h"
#include "data/InputFile.h"
#include "data/Kind.h"
#include "data/Project.h"
#include "pg/PgConnection.h"
#include "pg/PgImport.h"

#include <QFileInfo>
#include <QLocale>
#include <functional>

namespace mb::cli {

namespace {

QString kindsHelp() {
    QString text = QStringLiteral("\nKinds and their fields (* required):\n");
    for (const data::KindSpec& kind : data::allKinds()) {
        QStringList fields;
        for (const data::FieldSpec& field : kind.fields) {
            fields.append(field.name + (field.required ? QStringLiteral("*") : QString()));
        }
        text +=
            QStringLiteral("  %1: %2\n").arg(kind.name, -11).arg(fields.join(QStringLiteral(", ")));
    }
    return text;
}

// "," ";" "tab" "\t" "|" or their names.
bool parseDelimiter(const QString& text, char& delimiter) {
    const QString value = text.toLower();
    if (value == QStringLiteral("tab") || value == QStringLiteral("\\t") ||
        value == QStringLiteral("\t")) {
        delimiter = '\t';
    } else if (value == QStringLiteral("comma") || value == QStringLiteral(",")) {
        delimiter = ',';
    } else if (value == QStringLiteral("semicolon") || value == QStringLiteral(";")) {
        delimiter = ';';
    } else if (value == QStringLiteral("pipe") || value == QStringLiteral("|")) {
        delimiter = '|';
    } else if (value == QStringLiteral("auto")) {
        delimiter = 0;
    } else {
        return false;
    }
    return true;
}

bool parseThousands(const QString& text, char& separator) {
    const QString value = text.toLower();
    if (value == QStringLiteral("none") || value.isEmpty())
        separator = 0;
    else if (value == QStringLiteral(",") || value == QStringLiteral("comma"))
        separator = ',';
    else if (value == QStringLiteral(".") || value == QStringLiteral("dot"))
        separator = '.';
    else if (value == QStringLiteral(" ") || value == QStringLiteral("space"))
        separator = ' ';
    else if (value == QStringLiteral("'") || value == QStringLiteral("apostrophe"))
        separator = '\'';
    else
        return false;
    return true;
}

// Checks the command's files, then opens (or creates) the project; returns an exit code when it
// cannot, -1 when `project` is open.
int openProject(const exporting::CommandFiles& files, const QString& projectPath,
                std::unique_ptr<data::Project>& project) {
    if (const int refused = refuseOverwrites(files); refused >= 0)
        return refused;
    try {
        project = data::Project::open(projectPath);
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return -1;
}

// Prints what a failed or finished import says, the same way for a file and a database.
int reportImport(const data::ImportReport& report, const QString& name, const QString& projectPath,
                 bool json, bool skipMode,
                 const std::function<QString(const data::ImportIssue&)>& formatIssue) {
    if (json) {
        printJson(report.toJson());
        return report.committed ? Success : InputError;
    }
    constexpr int kShown = 50;
    for (size_t i = 0; i < report.errors.size() && i < kShown; ++i) {
        if (report.errors[i].message != report.failure)  // said once, below
            printError(formatIssue(report.errors[i]));
    }
    if (report.errorCount > kShown) {
        printError(QStringLiteral("... and %1 more errors (%2)")
                       .arg(report.errorCount - kShown)
                       .arg(skipMode ? QStringLiteral("every one is in the error report")
                                     : QStringLiteral("--on-error skip lists every one in its "
                                                      "error report")));
    }
    for (const QString& warning : report.warnings)
        printError(QStringLiteral("warning: ") + warning);
    const QLocale locale(QLocale::English);
    if (report.committed) {
        printLine(
            QStringLiteral("%1: imported %2 of %3 rows as %4 into %5%6")
                .arg(
                    name, locale.toString(report.rowsImported), locale.toString(report.rowsRead),
                    report.kind, projectPath,
                    report.rowsRejected > 0
                        ? QStringLiteral(" (%1 rejected)").arg(locale.toString(report.rowsRejected))
                        : QString()));
    } else if (report.cancelled) {
        printLine(QStringLiteral("%1: cancelled; nothing was written.").arg(name));
    } else if (!report.failure.isEmpty()) {
        printError(QStringLiteral("%1: not imported; nothing was written, the project is as "
                                  "it was: %2")
                       .arg(name, report.failure));
    } else {
        printError(QStringLiteral("%1: rejected (%2 errors in %3 rows); nothing was written.")
                       .arg(name, locale.toString(report.errorCount),
                            locale.toString(report.rowsRejected)));
    }
    return report.committed ? Success : InputError;
}

int importFromPostgres(const QCommandLineParser& parser, const QString& projectPath,
                       const data::ImportOptions& options) {
    pg::PostgresSource source;
    source.connection = parser.value(QStringLiteral("from"));
    source.table = parser.value(QStringLiteral("table"));
    source.query = parser.value(QStringLiteral("query"));
    if (!pg::isPostgresUri(source.connection)) {
        printError(
            QStringLiteral("import: --from takes a postgresql:// URI (postgresql:// alone "
                           "takes every setting from the PG* variables)."));
        return UsageError;
    }
    if (source.table.isEmpty() == source.query.isEmpty()) {
        printError(QStringLiteral("import: --from needs one of --table T or --query SQL."));
        return UsageError;
    }
    if (parser.positionalArguments().size() != 1) {
        printError(QStringLiteral("import: --from reads a database, not a FILE."));
        return UsageError;
    }
    if (options.format != data::FileFormat::Csv || parser.isSet(QStringLiteral("delimiter")) ||
        parser.isSet(QStringLiteral("encoding")) || options.onError == data::OnError::Skip) {
        printError(
            QStringLiteral("import: --from reads rows whole, in UTF-8, all or nothing: "
                           "--format, --delimiter, --encoding and --on-error skip are for "
                           "files."));
        return UsageError;
    }
    if (options.kind == QStringLiteral("campaign") && options.campaign.isEmpty()) {
        printError(QStringLiteral("import: --from with --kind campaign needs --campaign NAME."));
        return UsageError;
    }
    exporting::CommandFiles files;
    files.addProject(projectPath);
    std::unique_ptr<data::Project> project;
    if (const int refused = openProject(files, projectPath, project); refused >= 0)
        return refused;
    const data::ImportReport report = pg::importFromPostgres(*project, source, options);
    return reportImport(report, report.file, projectPath, parser.isSet(QStringLiteral("json")),
                        false, [&report](const data::ImportIssue& issue) {
                            return pg::formatSourceIssue(issue, report.file);
                        });
}

}  // namespace

static int importCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(
        QStringLiteral("PROJECT"),
        QStringLiteral("Project file (*.merchbench); created when missing."));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("CSV file to import (not with --from)."));
    const QCommandLineOption from(
        QStringLiteral("from"),
        QStringLiteral("Read the rows from PostgreSQL instead of a file: a postgresql:// URI; "
                       "what it leaves out comes from PG* variables, the service file and "
                       "~/.pgpass. The password is never printed or stored."),
        QStringLiteral("URI"));
    const QCommandLineOption table(QStringLiteral("table"),
                                   QStringLiteral("--from: the table or view to read."),
                                   QStringLiteral("T"));
    const QCommandLineOption query(
        QStringLiteral("query"),
        QStringLiteral("--from: a SELECT whose rows to read (e.g. one category or region)."),
        QStringLiteral("SQL"));
    const QCommandLineOption kind(QStringLiteral("kind"), QStringLiteral("What the file holds."),
                                  QStringLiteral("KIND"));
    const QCommandLineOption map(QStringLiteral("map"),
                                 QStringLiteral("Map a file column to a field (repeatable); "
                                                "FIELD 'ignore' leaves the column out."),
                                 QStringLiteral("COLUMN=FIELD"));
    const QCommandLineOption set(
        QStringLiteral("set"),
        QStringLiteral("Give a field the same value on every row, e.g. "
                       "--set store=S1 for a one-store file (repeatable)."),
        QStringLiteral("FIELD=VALUE"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("csv (default) or lines: one basket per line."),
                                    QStringLiteral("csv|lines"), QStringLiteral("csv"));
    const QCommandLineOption delimiter(
        QStringLiteral("delimiter"),
        QStringLiteral("comma, semicolon, tab, pipe or auto (default)."), QStringLiteral("C"),
        QStringLiteral("auto"));
    const QCommandLineOption encoding(QStringLiteral("encoding"),
                                      QStringLiteral("UTF-8 (default), ISO-8859-1 or UTF-16 "
                                                     "(UTF-16 text is recognised anyway)."),
                                      QStringLiteral("NAME"), QStringLiteral("UTF-8"));
    const QCommandLineOption dateFormat(QStringLiteral("date-format"),
                                        QStringLiteral("auto (default), iso, dmy or mdy."),
                                        QStringLiteral("F"), QStringLiteral("auto"));
    const QCommandLineOption decimalComma(QStringLiteral("decimal-comma"),
                                          QStringLiteral("Numbers use a decimal comma (1,5)."));
    const QCommandLineOption thousands(QStringLiteral("thousands"),
                                       QStringLiteral("Thousands separator: none (default), comma, "
                                                      "dot, space, apostrophe."),
                                       QStringLiteral("C"), QStringLiteral("none"));
    const QCommandLineOption onError(
        QStringLiteral("on-error"),
        QStringLiteral("reject (default): any error writes nothing; "
                       "skip: write the good rows and an error report."),
        QStringLiteral("reject|skip"), QStringLiteral("reject"));
    const QCommandLineOption errorReport(QStringLiteral("error-report"),
                                         QStringLiteral("Where skip mode lists rejected rows "
                                                        "(default FILE.errors.csv)."),
                                         QStringLiteral("PATH"));
    const QCommandLineOption createMissing(
        QStringLiteral("create-missing"),
        QStringLiteral(
            "Create unknown products, stores or zones instead of rejecting their rows."));
    const QCommandLineOption campaign(QStringLiteral("campaign"),
                                      QStringLiteral("campaign kind: the campaign's name "
                                                     "(default: the file's name)."),
                                      QStringLiteral("NAME"));
    const QCommandLineOption control(QStringLiteral("control"),
                                     QStringLiteral("campaign kind: the arm value of the control "
                                                    "group."),
                                     QStringLiteral("VALUE"));
    const QCommandLineOption outcome(
        QStringLiteral("outcome"), QStringLiteral("campaign kind: an outcome column (repeatable)."),
        QStringLiteral("COLUMN"));
    const QCommandLineOption snapshot(
        QStringLiteral("snapshot"),
        QStringLiteral("customers kind: the file is the full customer list; customers not in it "
                       "no longer consent."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the import report as one JSON object."));
    for (const auto& option :
         {from,          table,    query,      kind,         map,       set,     format,
          delimiter,     encoding, dateFormat, decimalComma, thousands, onError, errorReport,
          createMissing, campaign, control,    outcome,      snapshot,  json}) {
        parser.addOption(option);
    }
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Import a CSV file of one kind into a project, validating every value.") +
            kindsHelp(),
        1, 2);
    if (parsed >= 0)
        return parsed;

    data::ImportOptions options;
    options.kind = parser.value(kind);
    if (options.kind.isEmpty()) {
        printError(QStringLiteral("import: --kind is required.") + kindsHelp());
        return UsageError;
    }
    if (!data::findKind(options.kind)) {
        printError(QStringLiteral("import: unknown kind '%1'.").arg(options.kind) + kindsHelp());
        return UsageError;
    }
    for (const QString& pair : parser.values(map)) {
        const auto equals = pair.indexOf(u'=');
        if (equals <= 0) {
            printError(QStringLiteral("import: --map needs COLUMN=FIELD, got '%1'.").arg(pair));
            return UsageError;
        }
        options.mapping[pair.left(equals)] = pair.mid(equals + 1);
    }
    for (const QString& pair : parser.values(set)) {
        const auto equals = pair.indexOf(u'=');
        if (equals <= 0) {
            printError(QStringLiteral("import: --set needs FIELD=VALUE, got '%1'.").arg(pair));
            return UsageError;
        }
        options.constants[pair.left(equals)] = pair.mid(equals + 1);
    }
    if (parser.value(format) == QStringLiteral("lines")) {
        options.format = data::FileFormat::BasketPerLine;
    } else if (parser.value(format) != QStringLiteral("csv")) {
        printError(QStringLiteral("import: --format is csv or lines."));
        return UsageError;
    }
    if (!parseDelimiter(parser.value(delimiter), options.delimiter)) {
        printError(QStringLiteral("import: --delimiter is comma, semicolon, tab, pipe or auto."));
        return UsageError;
    }
    if (!parseThousands(parser.value(thousands), options.thousandsSeparator)) {
        printError(QStringLiteral("import: --thousands is none, comma, dot, space or apostrophe."));
        return UsageError;
    }
    const QStringList dateFormats{QStringLiteral("auto"), QStringLiteral("iso"),
                                  QStringLiteral("dmy"), QStringLiteral("mdy")};
    if (!dateFormats.contains(parser.value(dateFormat).toLower())) {
        printError(QStringLiteral("import: --date-format is auto, iso, dmy or mdy."));
        return UsageError;
    }
    if (parser.value(onError) != QStringLiteral("reject") &&
        parser.value(onError) != QStringLiteral("skip")) {
        printError(QStringLiteral("import: --on-error is reject or skip."));
        return UsageError;
    }
    options.encoding = parser.value(encoding);
    options.dateFormat = parser.value(dateFormat);
    options.decimalComma = parser.isSet(decimalComma);
    options.onError = parser.value(onError) == QStringLiteral("skip") ? data::OnError::Skip
                                                                      : data::OnError::Reject;
    options.errorReportPath = parser.value(errorReport);
    options.createMissing = parser.isSet(createMissing);
    options.campaign = parser.value(campaign);
    options.controlArm = parser.value(control);
    options.outcomes = parser.values(outcome);
    options.snapshot = parser.isSet(snapshot);
    if (options.snapshot && options.kind != QStringLiteral("customers")) {
        printError(QStringLiteral("import: --snapshot is only for --kind customers."));
        return UsageError;
    }

    const QString projectPath = parser.positionalArguments().at(0);
    if (parser.isSet(from) || parser.isSet(table) || parser.isSet(query))
        return importFromPostgres(parser, projectPath, options);
    if (parser.positionalArguments().size() != 2) {
        printError(QStringLiteral("import: give the FILE to import, or --from URI."));
        return UsageError;
    }
    const QString filePath = parser.positionalArguments().at(1);
    if (const QString problem = data::InputFile::problem(filePath); !problem.isEmpty()) {
        printError(QStringLiteral("import: %1: %2.").arg(filePath, problem));
        return InputError;
    }
    exporting::CommandFiles files;
    files.addProject(projectPath);
    files.addInput(QStringLiteral("the import file"), filePath);
    if (options.onError == data::OnError::Skip || parser.isSet(errorReport))
        files.addOutput(QStringLiteral("--error-report"),
                        options.errorReportPath.isEmpty() ? data::defaultErrorReportPath(filePath)
                                                          : options.errorReportPath);
    std::unique_ptr<data::Project> project;
    if (const int refused = openProject(files, projectPath, project); refused >= 0)
        return refused;
    const data::ImportReport report = data::Importer(*project).run(filePath, options);
    const QString name = QFileInfo(filePath).fileName();
    return reportImport(report, name, projectPath, parser.isSet(json),
                        options.onError == data::OnError::Skip,
                        [&name](const data::ImportIssue& issue) { return issue.format(name); });
}

static const CommandRegistration registration{
    "import",
    "import PROJECT (FILE | --from postgresql://... (--table T | --query SQL)) --kind KIND "
    "[--map COLUMN=FIELD]... [options]",
    importCommand};

}  // namespace mb::cli
