#include "pg/PublishSink.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/SavedScenarios.h"
#include "pg/PgConnection.h"

#include <libpq-fe.h>

namespace mb::pg {

namespace {

constexpr std::string_view kPublishSinkSetting = "publish_to";

}  // namespace

QString publishSink(const data::Project& project) {
    return data::projectSetting(project, kPublishSinkSetting);
}

QString publishSinkRefusal(const QString& uri) {
    if (!isPostgresUri(uri))
        return QStringLiteral(
            "the database to publish to must be a postgresql:// URI, such as "
            "postgresql://planner@db.example.com/merch");
    // libpq's own reading of the URI, so a password in any of its forms (user:password@,
    // ?password=) is found; its error text may quote the URI, so it is not repeated.
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(uri.toUtf8().constData(), &error);
    if (!options) {
        PQfreemem(error);
        return QStringLiteral("the database to publish to is not a URI libpq can read");
    }
    bool password = false;
    for (const PQconninfoOption* option = options; option->keyword; ++option)
        if (qstrcmp(option->keyword, "password") == 0 && option->val && *option->val)
            password = true;
    PQconninfoFree(options);
    if (password)
        return QStringLiteral(
            "the URI of the database to publish to carries a password, which "
            "the project would keep in its file: leave it out and let libpq "
            "supply it (PGPASSWORD, ~/.pgpass or a service file)");
    return {};
}

void setPublishSink(data::Project& project, const QString& uri) {
    const QString sink = uri.trimmed();
    if (!sink.isEmpty())
        if (const QString refusal = publishSinkRefusal(sink); !refusal.isEmpty())
            throw Error(QStringLiteral("%1: %2").arg(project.path(), refusal));
    data::setProjectSetting(project, kPublishSinkSetting, sink);
}

}  // namespace mb::pg
