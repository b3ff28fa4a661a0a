#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include "common/Error.h"
#include "markdown/MarkdownProblem.h"

#include <cmath>
#include <vector>

// Reading the markdown JSON files (one-item instances and planning rules) with messages that
// name the file, the key, what was found and what was expected. Internal to core/markdown.
namespace mb::markdown::json {

class Reader {
public:
    explicit Reader(const QString& fileName) : fileName_(fileName) {}

    [[noreturn]] void fail(const QString& key, const QString& expected,
                           const QJsonValue& got) const {
        throw Error(QStringLiteral("%1: %2: expected %3 (got %4)")
                        .arg(fileName_, key, expected, describe(got)));
    }

    static QString describe(const QJsonValue& value) {
        switch (value.type()) {
            case QJsonValue::Undefined:
                return QStringLiteral("nothing");
            case QJsonValue::Null:
                return QStringLiteral("null");
            case QJsonValue::Bool:
                return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
            case QJsonValue::Double:
                return QString::number(value.toDouble(), 'g', 12);
            case QJsonValue::String:
                return QLatin1Char('"') + value.toString().left(40) + QLatin1Char('"');
            case QJsonValue::Array:
                return QStringLiteral("an array");
            case QJsonValue::Object:
                return QStringLiteral("an object");
        }
        return QString();
    }

    double number(const QJsonValue& value, const QString& key, double low, double high) const {
        const QString expected = QStringLiteral("a number from %1 to %2").arg(low).arg(high);
        if (!value.isDouble() || !(value.toDouble() >= low && value.toDouble() <= high))
            fail(key, expected, value);
        return value.toDouble();
    }

    qint64 integer(const QJsonValue& value, const QString& key, qint64 low, qint64 high) const {
        const QString expected = QStringLiteral("a whole number from %1 to %2").arg(low).arg(high);
        if (!value.isDouble() || std::floor(value.toDouble()) != value.toDouble() ||
            !(value.toDouble() >= double(low) && value.toDouble() <= double(high)))
            fail(key, expected, value);
        return qint64(value.toDouble());
    }

    QJsonObject object(const QJsonValue& value, const QString& key) const {
        if (!value.isObject())
            fail(key, QStringLiteral("an object"), value);
        return value.toObject();
    }

    // Unknown keys are errors, so a misspelt rule is never silently ignored.
    void onlyKeys(const QJsonObject& object, const QString& where, const QStringList& known) const {
        for (const QString& key : object.keys())
            if (!known.contains(key))
                fail(where.isEmpty() ? key : where + QLatin1Char('.') + key,
                     QStringLiteral("one of %1").arg(known.join(QStringLiteral(", "))),
                     QJsonValue(QStringLiteral("an unknown key")));
    }

    void require(const QJsonObject& object, const QString& where, const QStringList& keys) const {
        for (const QString& key : keys)
            if (!object.contains(key))
                fail(where.isEmpty() ? key : where + QLatin1Char('.') + key,
                     QStringLiteral("a value (it is required)"), QJsonValue(QJsonValue::Undefined));
    }

private:
    QString fileName_;
};

// Line and column (1-based) of a byte offset, for parse errors.
inline QString position(const QByteArray& text, int offset) {
    int line = 1, column = 1;
    for (int i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return QStringLiteral("%1:%2").arg(line).arg(column);
}

// The top-level object of a JSON file; throws mb::Error with the line and column of a parse error.
QJsonObject parseObject(const QByteArray& json, const QString& fileName);
// "ladder": price multipliers of the regular price, 1 to 127 of them, deepest last.
std::vector<double> readLadder(const Reader& read, const QJsonValue& ladder);
// "rules": every rule optional; unknown keys are errors. Locks ("locks": [{"week": 3,
// "step": 2}, ...], 1-based weeks) belong to one item of known length, so only when allowed.
enum class Locks { Refused, Allowed };
void readRules(const Reader& read, const QJsonValue& rules, int steps, int weeks, MarkdownRules& r,
               Locks locks = Locks::Refused);
// "rules.price_endings": whole cents from 0.00 to 0.99, each once; returned in cents, ascending.
std::vector<int> readPriceEndings(const Reader& read, const QJsonValue& endings);
MarkdownObjective readObjective(const Reader& read, const QJsonValue& objective);
DemandDistribution readDistribution(const Reader& read, const QJsonValue& value,
                                    const QString& key);

}  // namespace mb::markdown::json
