#include "RequestReader.h"

#include "common/Error.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace mb::jobs {

namespace {

QString shown(const QJsonValue& value) {
    if (value.isUndefined())
        return QStringLiteral("nothing");
    if (value.isString())
        return QStringLiteral("\"%1\"").arg(value.toString());
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 17);
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isNull())
        return QStringLiteral("null");
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
}

const QStringList& commonKeys() {
    static const QStringList keys{QStringLiteral("analysis"), QStringLiteral("input_fingerprint"),
                                  QStringLiteral("run_id"), QStringLiteral("program_version")};
    return keys;
}

}  // namespace

RequestReader::RequestReader(const QJsonObject& json, const QString& analysis)
    : json_(json), analysis_(analysis) {
    const QString named = json.value(QStringLiteral("analysis")).toString();
    if (named != analysis)
        throw Error(QStringLiteral("a %1 request must say \"analysis\": \"%1\" (it says %2)")
                        .arg(analysis, shown(json.value(QStringLiteral("analysis")))));
}

void RequestReader::fail(const char* field, const QString& expected) const {
    throw Error(QStringLiteral("%1 request: %2: expected %3, got %4")
                    .arg(analysis_, QLatin1String(field), expected,
                         shown(json_.value(QLatin1String(field)))));
}

bool RequestReader::has(const char* field) const {
    return json_.contains(QLatin1String(field)) && !json_.value(QLatin1String(field)).isNull();
}

QJsonValue RequestReader::take(const char* field) {
    read_.insert(QLatin1String(field));
    return json_.value(QLatin1String(field));
}

QString RequestReader::text(const char* field, const QString& fallback) {
    const QJsonValue value = take(field);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isString())
        fail(field, QStringLiteral("text"));
    return value.toString();
}

QString RequestReader::choice(const char* field, const QStringList& allowed,
                              const QString& fallback) {
    QString value = text(field, fallback);
    if (!allowed.contains(value))
        fail(field, QStringLiteral("one of %1").arg(allowed.join(QStringLiteral(", "))));
    return value;
}

bool RequestReader::flag(const char* field, bool fallback) {
    const QJsonValue value = take(field);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isBool())
        fail(field, QStringLiteral("true or false"));
    return value.toBool();
}

qint64 RequestReader::whole(const char* field, qint64 fallback, qint64 minimum, qint64 maximum) {
    const QJsonValue value = take(field);
    if (value.isUndefined() || value.isNull())
        return fallback;
    const double number = value.toDouble(std::nan(""));
    // Doubles hold whole numbers exactly up to 2^53; seeds beyond are written as text.
    qint64 whole = 0;
    if (value.isString()) {
        bool ok = false;
        whole = value.toString().toLongLong(&ok);
        if (!ok)
            fail(field, QStringLiteral("a whole number"));
    } else if (!value.isDouble() || std::floor(number) != number || std::fabs(number) > 9.0e15) {
        fail(field, QStringLiteral("a whole number"));
    } else {
        whole = static_cast<qint64>(number);
    }
    if (whole < minimum || whole > maximum) {
        fail(field, maximum == std::numeric_limits<qint64>::max()
                        ? QStringLiteral("a whole number >= %1").arg(minimum)
                        : QStringLiteral("a whole number from %1 to %2").arg(minimum).arg(maximum));
    }
    return whole;
}

double RequestReader::number(const char* field, double fallback, double minimum, double maximum) {
    const QJsonValue value = take(field);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isDouble() || !std::isfinite(value.toDouble()))
        fail(field, QStringLiteral("a number"));
    const double number = value.toDouble();
    if (number < minimum || number > maximum) {
        if (std::isinf(maximum))
            fail(field, QStringLiteral("a number >= %1").arg(minimum));
        if (std::isinf(minimum))
            fail(field, QStringLiteral("a number <= %1").arg(maximum));
        fail(field, QStringLiteral("a number from %1 to %2").arg(minimum).arg(maximum));
    }
    return number;
}

QStringList RequestReader::texts(const char* field) {
    const QJsonValue value = take(field);
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isArray())
        fail(field, QStringLiteral("a list of text"));
    QStringList list;
    for (const auto& item : value.toArray()) {
        if (!item.isString())
            fail(field, QStringLiteral("a list of text"));
        list.push_back(item.toString());
    }
    return list;
}

QJsonObject RequestReader::object(const char* field) {
    const QJsonValue value = take(field);
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isObject())
        fail(field, QStringLiteral("an object"));
    return value.toObject();
}

QJsonArray RequestReader::array(const char* field) {
    const QJsonValue value = take(field);
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isArray())
        fail(field, QStringLiteral("a list"));
    return value.toArray();
}

QString RequestReader::date(const char* field) {
    QString value = text(field);
    if (value.isEmpty())
        return {};
    if (!QDate::fromString(value, Qt::ISODate).isValid() || value.size() != 10)
        fail(field, QStringLiteral("a date YYYY-MM-DD"));
    return value;
}

void RequestReader::finish() const {
    for (auto it = json_.begin(); it != json_.end(); ++it) {
        if (!read_.contains(it.key()) && !commonKeys().contains(it.key()))
            throw Error(
                QStringLiteral("%1 request: unknown field \"%2\"").arg(analysis_, it.key()));
    }
}

QJsonObject requestJson(const QString& analysis) {
    return QJsonObject{{QStringLiteral("analysis"), analysis}};
}

}  // namespace mb::jobs
