#pragma once

#include <QJsonObject>
#include <QString>
#include <optional>
#include <string_view>
#include <vector>

namespace mb::data {

class Project;

// A page's work kept in the project under a name: the request that computes it (a job's
// toJson(), replayed on reopening) and the user's edits on top of its answer (a plan's edited
// weeks and locks, an offer list's removals, an applied layout), each page's own JSON. The
// fingerprint and version say what data and program it was computed from, so a page reopening
// it can say when the data have changed since.
struct SavedScenario {
    QString page;  // "markdown", "targeting", "layout", ...
    QString name;
    QString analysis;
    QJsonObject request;
    QJsonObject edits;
    QString inputFingerprint;
    QString programVersion;
    QString savedAt;  // ISO 8601, UTC; set by saveScenario
};

// Saves (or replaces the page's scenario of the same name) in one transaction. Throws mb::Error
// (mb::StorageError when the project cannot be written) and changes nothing then.
void saveScenario(Project& project, const SavedScenario& scenario);
// The page's scenarios, the most recently saved first.
std::vector<SavedScenario> savedScenarios(Project& project, const QString& page);
std::optional<SavedScenario> savedScenario(Project& project, const QString& page,
                                           const QString& name);
// False when there was none.
bool deleteScenario(Project& project, const QString& page, const QString& name);
// Gives the page's scenario `from` the name `to` (trimmed), in one transaction, keeping
// everything else it holds. Throws mb::Error, changing nothing, when there is no scenario
// `from`, when `to` is empty, or when the page already has a scenario named `to` (a rename never
// replaces another scenario; delete that one first).
void renameScenario(Project& project, const QString& page, const QString& from, const QString& to);

// A project setting's value ("" when unset), and setting it in one transaction ("" removes it).
QString projectSetting(const Project& project, std::string_view key);
void setProjectSetting(Project& project, std::string_view key, const QString& value);

// The project's currency (an ISO 4217 code such as "USD"), or "" when none was set: prices
// carry no currency in the imported files.
QString projectCurrency(Project& project);
// Takes the code in either case ("eur" is EUR); throws mb::Error for anything that is not three
// letters A-Z, naming what is expected.
void setProjectCurrency(Project& project, const QString& typed);

}  // namespace mb::data
