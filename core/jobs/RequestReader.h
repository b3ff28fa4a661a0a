#pragma once

#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <limits>

namespace mb::jobs {

// Reads an analysis request from JSON, once, for the CLI's `run`, a saved scenario and the
// tests: every field is looked up by name, checked for its type and range, and any error names
// the field and the value ("demand request: holdout_weeks: expected a whole number >= 0, got
// -1"). finish() refuses fields the request does not have, so a misspelt field is an error and
// never silently ignored. The keys every request may carry (analysis, input_fingerprint,
// run_id, program_version) are known to it.
class RequestReader {
public:
    // Throws mb::Error when `analysis` is not the request's "analysis".
    RequestReader(const QJsonObject& json, const QString& analysis);

    bool has(const char* field) const;
    QString text(const char* field, const QString& fallback = {});
    QString choice(const char* field, const QStringList& allowed, const QString& fallback);
    bool flag(const char* field, bool fallback);
    qint64 whole(const char* field, qint64 fallback, qint64 minimum = 0,
                 qint64 maximum = std::numeric_limits<qint64>::max());
    double number(const char* field, double fallback,
                  double minimum = -std::numeric_limits<double>::infinity(),
                  double maximum = std::numeric_limits<double>::infinity());
    QStringList texts(const char* field);
    QJsonObject object(const char* field);
    QJsonArray array(const char* field);
    // "YYYY-MM-DD" or absent (an invalid QString when absent).
    QString date(const char* field);

    // Throws mb::Error naming the first field the request does not have.
    void finish() const;

    [[noreturn]] void fail(const char* field, const QString& expected) const;

private:
    QJsonValue take(const char* field);
    QJsonObject json_;
    QString analysis_;
    QSet<QString> read_;
};

// A request's JSON always starts with its analysis name: {"analysis": "demand", ...}.
QJsonObject requestJson(const QString& analysis);

}  // namespace mb::jobs
