#include "Cli.h"
#include "OutputCheck.h"
#include "ShardRunOptions.h"
#include "Warnings.h"

#include "common/Error.h"
#include "data/InputFile.h"
#include "data/Project.h"
#include "jobs/Job.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>

namespace mb::cli {

namespace {

constexpr qint64 kMaxRequestBytes = 64 * 1024 * 1024;

QJsonObject readRequest(const QString& path) {
    const QByteArray bytes = data::InputFile::readSmall(path, kMaxRequestBytes);
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        // Qt's offset is just past the character the parser stopped at; show that character.
        const qsizetype at = std::max(0, error.offset - 1);
        const QByteArray before = bytes.left(at);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = at - (before.lastIndexOf('\n') + 1) + 1;
        throw Error(QStringLiteral("%1: line %2, column %3: %4 (expected a request as JSON, as "
                                   "`merchbench-cli request PROJECT RUN_ID` prints it)")
                        .arg(path)
                        .arg(line)
                        .arg(column)
                        .arg(error.errorString()));
    }
    if (!document.isObject())
        throw Error(QStringLiteral("%1: expected a JSON object with \"analysis\"").arg(path));
    return document.object();
}

QStringList jobNames() {
    QStringList names;
    for (const jobs::JobEntry& job : jobs::allJobs())
        names << job.analysis;
    return names;
}

}  // namespace

static int runCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("REQUEST.json"),
                                 QStringLiteral("A request, as `merchbench-cli request` prints."));
    const QCommandLineOption projectOption(QStringLiteral("project"),
                                           QStringLiteral("The project to run it on."),
                                           QStringLiteral("P"));
    const QCommandLineOption out(
        QStringLiteral("out"),
        QStringLiteral("Folder for the analysis' decision files, under their standard names "
                       "(made when missing; without it only the run is recorded)."),
        QStringLiteral("DIR"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print a summary as one JSON object."));
    parser.addOptions({projectOption, out, json});
    const ShardRunOptions shardOptions;
    shardOptions.addTo(parser);
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Runs an analysis from a request file, records it in the project and "
                       "says whether the project's data changed since the request's run."),
        1, 1);
    if (parsed >= 0)
        return parsed;
    const QString requestPath = parser.positionalArguments().at(0);
    try {
        const QJsonObject request = readRequest(requestPath);
        if (shardOptions.anySet(parser)) {
            // A shard reads its slice from the source, not from a project, and publishes to the
            // sink, not to files.
            if (parser.isSet(projectOption) || parser.isSet(out)) {
                printError(
                    QStringLiteral("run: a sharded run (--shard) reads --source and "
                                   "writes --sink: it takes no --project or --out"));
                return UsageError;
            }
            return shardOptions.run(parser, request, parser.isSet(json));
        }
        const QString analysis = request.value(QStringLiteral("analysis")).toString();
        const jobs::JobEntry* job = jobs::findJob(analysis);
        if (!job)
            throw Error(QStringLiteral("%1: \"analysis\" is %2; expected one of %3")
                            .arg(requestPath,
                                 analysis.isEmpty() ? QStringLiteral("missing")
                                                    : QStringLiteral("\"%1\"").arg(analysis),
                                 jobNames().join(QStringLiteral(", "))));

        exporting::CommandFiles files;
        files.addInput(QStringLiteral("REQUEST.json"), requestPath);
        if (parser.isSet(projectOption))
            files.addProject(parser.value(projectOption));
        jobs::OutputFiles outputs;
        if (parser.isSet(out)) {
            const QDir folder(parser.value(out));
            for (auto it = job->files.begin(); it != job->files.end(); ++it) {
                outputs.insert(it.key(), folder.filePath(it.value()));
                files.addOutputMakingFolder(QStringLiteral("--out"), folder.filePath(it.value()));
            }
        }
        if (const int refused = refuseOverwrites(files); refused >= 0)
            return refused;
        if (parser.isSet(out) && !QDir().mkpath(parser.value(out)))
            throw Error(QStringLiteral("--out %1: the folder cannot be made; nothing was written")
                            .arg(parser.value(out)));

        std::unique_ptr<data::Project> project;
        if (parser.isSet(projectOption))
            project = data::Project::open(parser.value(projectOption),
                                          data::Project::OpenMode::MustExist);
        ProgressToken progress;
        jobs::JobContext context{project.get(), progress, outputs,
                                 jobs::RunRecorder::Recording::WhenWritable};
        const jobs::JobOutcome outcome = job->run(request, context);

        const QString recordedFingerprint =
            request.value(QStringLiteral("input_fingerprint")).toString();
        const bool changed = !recordedFingerprint.isEmpty() &&
                             recordedFingerprint != outcome.provenance.inputFingerprint;
        QStringList warnings = outcome.warnings;
        if (changed)
            warnings << QStringLiteral(
                "the project's data changed since the request's run (its input fingerprint "
                "differs): the results may differ from that run's");
        if (outcome.provenance.replayMayDiffer)
            warnings << QStringLiteral(
                "this analysis is bounded by time: a replay may find a different answer");
        QJsonObject summary{
            {QStringLiteral("analysis"), analysis},
            {QStringLiteral("run_id"),
             outcome.runId >= 0 ? QJsonValue(outcome.runId) : QJsonValue()},
            {QStringLiteral("input_changed"), changed},
            {QStringLiteral("input_fingerprint"), outcome.provenance.inputFingerprint},
            {QStringLiteral("replay_may_differ"), outcome.provenance.replayMayDiffer},
            {QStringLiteral("files"), QJsonArray::fromStringList(outcome.files)},
            {QStringLiteral("result"), outcome.summary}};
        addWarnings(summary, warnings);
        printWarnings(warnings);
        if (parser.isSet(json)) {
            printJson(summary);
            return Success;
        }
        printLine(outcome.runId >= 0
                      ? QStringLiteral("%1: run %2 recorded").arg(analysis).arg(outcome.runId)
                      : QStringLiteral("%1: done (no run recorded)").arg(analysis));
        for (const QString& file : outcome.files)
            printLine(QStringLiteral("  written to %1").arg(file));
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "run",
    "run REQUEST.json [--project P] [--out DIR] [--json] | run REQUEST.json --source URI --shard "
    "I/N --sink URI --run-key K [--round-wait MINUTES] [--json]",
    runCommand};

}  // namespace mb::cli
