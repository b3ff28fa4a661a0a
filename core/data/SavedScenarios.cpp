#include "SavedScenarios.h"

#include "Project.h"
#include "Sqlite.h"
#include "common/Error.h"

#include <sqlite3.h>
#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>

namespace mb::data {

namespace {

constexpr std::string_view kCurrencySetting = "currency";

QString toText(const QJsonObject& object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject toObject(const QString& text, const QString& what) {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        throw Error(QStringLiteral("a saved scenario's %1 is not a JSON object: %2")
                        .arg(what, error.errorString()));
    return document.object();
}

SavedScenario readRow(Statement& select) {
    SavedScenario scenario;
    scenario.page = select.text(0);
    scenario.name = select.text(1);
    scenario.analysis = select.text(2);
    scenario.request = toObject(select.text(3), QStringLiteral("request"));
    scenario.edits = toObject(select.text(4), QStringLiteral("edits"));
    scenario.inputFingerprint = select.text(5);
    scenario.programVersion = select.text(6);
    scenario.savedAt = select.text(7);
    return scenario;
}

constexpr std::string_view kColumns =
    "page, name, analysis, request, edits, input_fingerprint, "
    "program_version, saved_at";

}  // namespace

void saveScenario(Project& project, const SavedScenario& scenario) {
    if (scenario.page.isEmpty() || scenario.name.trimmed().isEmpty())
        throw Error(QStringLiteral("a saved scenario needs a page and a name"));
    Transaction transaction(project.db());
    Statement remove(project.db(), "DELETE FROM scenarios WHERE page = ?1 AND name = ?2");
    remove.bind(1, scenario.page);
    remove.bind(2, scenario.name);
    remove.step();
    Statement insert(project.db(),
                     "INSERT INTO scenarios(page, name, analysis, request, edits, "
                     "input_fingerprint, program_version, saved_at) "
                     "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    insert.bind(1, scenario.page);
    insert.bind(2, scenario.name);
    insert.bind(3, scenario.analysis);
    insert.bind(4, toText(scenario.request));
    insert.bind(5, toText(scenario.edits));
    insert.bind(6, scenario.inputFingerprint);
    insert.bind(7, scenario.programVersion.isEmpty() ? QStringLiteral(MERCHBENCH_VERSION)
                                                     : scenario.programVersion);
    insert.bind(8, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    insert.step();
    transaction.commit();
}

std::vector<SavedScenario> savedScenarios(Project& project, const QString& page) {
    Statement select(project.db(), "SELECT " + std::string(kColumns) +
                                       " FROM scenarios WHERE page = ?1 "
                                       "ORDER BY saved_at DESC, id DESC");
    select.bind(1, page);
    std::vector<SavedScenario> scenarios;
    while (select.step())
        scenarios.push_back(readRow(select));
    return scenarios;
}

std::optional<SavedScenario> savedScenario(Project& project, const QString& page,
                                           const QString& name) {
    Statement select(project.db(), "SELECT " + std::string(kColumns) +
                                       " FROM scenarios WHERE page = ?1 AND name = ?2");
    select.bind(1, page);
    select.bind(2, name);
    if (!select.step())
        return std::nullopt;
    return readRow(select);
}

bool deleteScenario(Project& project, const QString& page, const QString& name) {
    Transaction transaction(project.db());
    Statement remove(project.db(), "DELETE FROM scenarios WHERE page = ?1 AND name = ?2");
    remove.bind(1, page);
    remove.bind(2, name);
    remove.step();
    const bool removed = sqlite3_changes(project.db()) > 0;
    transaction.commit();
    return removed;
}

void renameScenario(Project& project, const QString& page, const QString& from, const QString& to) {
    const QString name = to.trimmed();
    if (name.isEmpty())
        throw Error(QStringLiteral("a saved scenario needs a name"));
    Transaction transaction(project.db());
    Statement taken(project.db(), "SELECT 1 FROM scenarios WHERE page = ?1 AND name = ?2");
    taken.bind(1, page);
    taken.bind(2, name);
    if (name != from && taken.step())
        throw Error(QStringLiteral("there is already a saved scenario named \"%1\"; pick another "
                                   "name or delete that one first")
                        .arg(name));
    Statement rename(project.db(), "UPDATE scenarios SET name = ?3 WHERE page = ?1 AND name = ?2");
    rename.bind(1, page);
    rename.bind(2, from);
    rename.bind(3, name);
    rename.step();
    if (sqlite3_changes(project.db()) == 0)
        throw Error(QStringLiteral("there is no saved scenario named \"%1\"").arg(from));
    transaction.commit();
}

QString projectSetting(const Project& project, std::string_view key) {
    Statement select(project.db(), "SELECT value FROM settings WHERE key = ?1");
    select.bind(1, key);
    return select.step() ? select.text(0) : QString();
}

void setProjectSetting(Project& project, std::string_view key, const QString& value) {
    Transaction transaction(project.db());
    Statement change(project.db(), value.isEmpty()
                                       ? "DELETE FROM settings WHERE key = ?1"
                                       : "INSERT INTO settings(key, value) VALUES(?1, ?2) "
                                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    change.bind(1, key);
    if (!value.isEmpty())
        change.bind(2, value);
    change.step();
    transaction.commit();
}

QString projectCurrency(Project& project) {
    return projectSetting(project, kCurrencySetting);
}

void setProjectCurrency(Project& project, const QString& typed) {
    // ISO 4217 codes are upper case; "eur" typed in a hurry means EUR.
    const QString code = typed.trimmed().toUpper();
    static const QRegularExpression iso(QStringLiteral("^[A-Z]{3}$"));
    if (!iso.match(code).hasMatch())
        throw Error(QStringLiteral("a currency is a three-letter ISO 4217 code such as USD, "
                                   "got \"%1\"")
                        .arg(typed));
    setProjectSetting(project, kCurrencySetting, code);
}

}  // namespace mb::data
