#include "pg/PgConnection.h"

#include "common/Error.h"

#include <libpq-fe.h>
#include <poll.h>
#include <QRegularExpression>
#include <QUrl>
#include <vector>

namespace mb::pg {

namespace {

struct ResultGuard {
    PGresult* result;
    ~ResultGuard() { PQclear(result); }
};

QString firstLine(const char* text) {
    QString message = QString::fromUtf8(text).trimmed();
    message.replace(QLatin1Char('\n'), QStringLiteral("; "));
    return message;
}

// The passwords a connection string holds (as written and percent-decoded), so that a message
// quoting the string (libpq's, for a malformed URI) can be cleaned of them.
QStringList passwordsIn(const QString& connection) {
    QStringList found;
    static const QRegularExpression userInfo(
        QStringLiteral("^postgres(?:ql)?://([^/?]*)@"));  // up to the last @ before the host
    if (const auto match = userInfo.match(connection); match.hasMatch()) {
        const QString user = match.captured(1);
        if (const auto colon = user.indexOf(u':'); colon >= 0)
            found.append(user.mid(colon + 1));
    }
    static const QRegularExpression parameter(
        QStringLiteral("(?:[?&]|^|\\s)password\\s*=\\s*'?([^&'\\s]*)"));
    for (auto it = parameter.globalMatch(connection); it.hasNext();)
        found.append(it.next().captured(1));
    for (qsizetype i = found.size() - 1; i >= 0; --i) {
        const QString decoded = QUrl::fromPercentEncoding(found[i].toUtf8());
        if (decoded != found[i])
            found.append(decoded);
    }
    found.removeAll(QString());
    return found;
}

}  // namespace

bool isPostgresUri(const QString& text) {
    return text.startsWith(QStringLiteral("postgresql://")) ||
           text.startsWith(QStringLiteral("postgres://"));
}

PgConnection::PgConnection(const QString& connectionString) {
    conn_ = PQconnectdb(connectionString.toUtf8().constData());
    if (!conn_)
        throw Error(QStringLiteral("cannot connect to PostgreSQL: out of memory"));
    if (PQstatus(conn_) != CONNECTION_OK) {
        // libpq quotes a malformed URI whole, password and all: the password is cut out.
        QString reason = lastError();
        for (const QString& password : passwordsIn(connectionString))
            reason.replace(password, QStringLiteral("***"));
        PQfinish(conn_);
        conn_ = nullptr;
        throw Error(QStringLiteral("cannot connect to PostgreSQL: %1").arg(reason));
    }
    if (PQsetClientEncoding(conn_, "UTF8") != 0) {
        const QString reason = lastError();
        PQfinish(conn_);
        conn_ = nullptr;
        throw Error(QStringLiteral("PostgreSQL: cannot use UTF-8 text: %1").arg(reason));
    }
    // Dates as 2024-03-01 and times in UTC: the forms the importer reads without guessing.
    exec(QStringLiteral("SET DateStyle = 'ISO, YMD'; SET TimeZone = 'UTC'; "
                        "SET extra_float_digits = 3; "
                        "SET client_min_messages = warning"),
         QStringLiteral("setting the session's date style"));
}

PgConnection::~PgConnection() {
    if (conn_)
        PQfinish(conn_);
}

QString PgConnection::displayName() const {
    const QString user = QString::fromUtf8(PQuser(conn_));
    const QString host = QString::fromUtf8(PQhost(conn_));
    const QString port = QString::fromUtf8(PQport(conn_));
    const QString database = QString::fromUtf8(PQdb(conn_));
    if (host.startsWith(QLatin1Char('/')))
        return QStringLiteral("postgresql://%1@/%2?host=%3&port=%4")
            .arg(user, database, host, port);
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host, port, database);
}

QString PgConnection::lastError() const {
    return firstLine(PQerrorMessage(conn_));
}

pg_result* PgConnection::run(const QString& sql, const QStringList& parameters, const QString& what,
                             int expected) {
    std::vector<QByteArray> values;
    values.reserve(static_cast<std::size_t>(parameters.size()));
    std::vector<const char*> pointers;
    for (const QString& parameter : parameters) {
        values.push_back(parameter.toUtf8());
        pointers.push_back(parameter.isNull() ? nullptr : values.back().constData());
    }
    PGresult* result =
        parameters.isEmpty()
            ? PQexec(conn_, sql.toUtf8().constData())
            : PQexecParams(conn_, sql.toUtf8().constData(), static_cast<int>(pointers.size()),
                           nullptr, pointers.data(), nullptr, nullptr, 0);
    if (PQresultStatus(result) != expected) {
        const QString reason = result ? firstLine(PQresultErrorMessage(result)) : lastError();
        PQclear(result);
        throw Error(QStringLiteral("PostgreSQL: %1: %2").arg(what, reason));
    }
    return result;
}

void PgConnection::exec(const QString& sql, const QString& what) {
    PQclear(run(sql, {}, what, PGRES_COMMAND_OK));
}

long long PgConnection::execParams(const QString& sql, const QStringList& parameters,
                                   const QString& what) {
    const ResultGuard guard{run(sql, parameters, what, PGRES_COMMAND_OK)};
    return QByteArray(PQcmdTuples(guard.result)).toLongLong();
}

QStringList PgConnection::column(const QString& sql, const QStringList& parameters,
                                 const QString& what) {
    const ResultGuard guard{run(sql, parameters, what, PGRES_TUPLES_OK)};
    QStringList values;
    const int rows = PQntuples(guard.result);
    for (int row = 0; row < rows; ++row)
        values.append(QString::fromUtf8(PQgetvalue(guard.result, row, 0)));
    return values;
}

std::vector<QStringList> PgConnection::rows(const QString& sql, const QStringList& parameters,
                                            const QString& what) {
    const ResultGuard guard{run(sql, parameters, what, PGRES_TUPLES_OK)};
    const int count = PQntuples(guard.result), columns = PQnfields(guard.result);
    std::vector<QStringList> out(static_cast<std::size_t>(count));
    for (int row = 0; row < count; ++row)
        for (int c = 0; c < columns; ++c)
            out[std::size_t(row)].append(PQgetisnull(guard.result, row, c)
                                             ? QString()
                                             : QString::fromUtf8(PQgetvalue(guard.result, row, c)));
    return out;
}

bool PgConnection::waitForNotification(int timeoutMs) {
    const auto drained = [this] {
        bool any = false;
        while (PGnotify* notification = PQnotifies(conn_)) {
            any = true;
            PQfreemem(notification);
        }
        return any;
    };
    if (drained())
        return true;
    pollfd socket{PQsocket(conn_), POLLIN, 0};
    if (socket.fd < 0)
        throw Error(QStringLiteral("PostgreSQL: the connection is lost: %1").arg(lastError()));
    if (::poll(&socket, 1, timeoutMs) > 0 && PQconsumeInput(conn_) == 0)
        throw Error(QStringLiteral("PostgreSQL: the connection is lost: %1").arg(lastError()));
    return drained();
}

QString PgConnection::quotedName(const QString& dottedName) const {
    QStringList parts;
    for (const QString& part : dottedName.split(QLatin1Char('.'))) {
        const QByteArray utf8 = part.toUtf8();
        char* quoted =
            PQescapeIdentifier(conn_, utf8.constData(), static_cast<size_t>(utf8.size()));
        if (!quoted)
            throw Error(
                QStringLiteral("PostgreSQL: %1 is not a valid name: %2").arg(part, lastError()));
        parts.append(QString::fromUtf8(quoted));
        PQfreemem(quoted);
    }
    return parts.join(QLatin1Char('.'));
}

QString PgConnection::quotedLiteral(const QString& value) const {
    const QByteArray utf8 = value.toUtf8();
    char* quoted = PQescapeLiteral(conn_, utf8.constData(), static_cast<size_t>(utf8.size()));
    if (!quoted)
        throw Error(QStringLiteral("PostgreSQL: a value cannot be quoted: %1").arg(lastError()));
    QString text = QString::fromUtf8(quoted);
    PQfreemem(quoted);
    return text;
}

}  // namespace mb::pg
