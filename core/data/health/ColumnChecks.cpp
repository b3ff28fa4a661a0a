#include "data/Kind.h"
#include "data/Sqlite.h"
#include "data/health/HealthCheck.h"
#include "data/health/Wording.h"

#include <QDate>
#include <QStringList>
#include <map>

namespace mb::data::health {

namespace {

// What one row of a kind is called in a message.
QString rowNoun(const QString& kind) {
    static const std::map<QString, QString> nouns{
        {QStringLiteral("sales"), QStringLiteral("sales rows")},
        {QStringLiteral("inventory"), QStringLiteral("stock records")},
        {QStringLiteral("baskets"), QStringLiteral("basket lines")},
        {QStringLiteral("campaign"), QStringLiteral("campaign rows")},
        {QStringLiteral("zone_links"), QStringLiteral("zone links")},
        {QStringLiteral("layout"), QStringLiteral("layout rows")},
        {QStringLiteral("traffic"), QStringLiteral("foot-traffic counts")},
        {QStringLiteral("paths"), QStringLiteral("path rows")}};
    const auto found = nouns.find(kind);
    return found != nouns.end() ? found->second : kind;
}

// The kinds with a date, the column holding it, and how the coverage is phrased.
struct DatedKind {
    const char* kind;
    const char* column;
    const char* label;
};
constexpr DatedKind kDatedKinds[] = {{"sales", "week", "Sales"},
                                     {"inventory", "date", "Stock records"},
                                     {"baskets", "time", "Basket lines"},
                                     {"traffic", "time", "Foot-traffic counts"},
                                     {"paths", "time", "Shopper paths"}};

void reportCoverage(HealthCheck& check, const DatedKind& dated, const KindHealth& kind) {
    const QDate first = QDate::fromString(kind.firstDate, Qt::ISODate);
    const QDate last = QDate::fromString(kind.lastDate, Qt::ISODate);
    const qint64 days = first.isValid() && last.isValid() ? first.daysTo(last) + 1 : 0;
    const bool weekly = kind.kind == u"sales";
    const qint64 span = weekly ? (days + 6) / 7 : days;
    check.add(Severity::Info, dated.kind, "coverage", kind.kind,
              QStringLiteral("%1 cover %2, from %3 to %4.")
                  .arg(QString::fromLatin1(dated.label),
                       weekly ? plural(span, "week", "weeks") : plural(span, "day", "days"),
                       kind.firstDate, kind.lastDate),
              static_cast<double>(span));
}

void reportMissing(HealthCheck& check, const KindSpec& spec, KindHealth& kind,
                   const QString& column, qint64 missing) {
    if (missing == 0)
        return;
    kind.missingValues += missing;
    const QByteArray kindName = spec.name.toLatin1();
    if (missing == kind.rows) {
        check.add(Severity::Info, kindName.constData(), "missing", column,
                  QStringLiteral("%1 is empty in all %2 %3: the imported files did not provide it.")
                      .arg(column, number(kind.rows), rowNoun(spec.name)),
                  static_cast<double>(missing));
        return;
    }
    check.add(Severity::Warning, kindName.constData(), "missing", column,
              QStringLiteral("%1 is missing in %2 of %3 %4 (%5).")
                  .arg(column, number(missing), number(kind.rows), rowNoun(spec.name),
                       percent(static_cast<double>(missing) / static_cast<double>(kind.rows))),
              static_cast<double>(missing));
}

}  // namespace

// One scan per table counts the NULLs of every optional column and finds the dates covered.
void scanColumns(HealthCheck& check) {
    for (const KindSpec& spec : allKinds()) {
        KindHealth& kind = check.health(spec.name);
        if (kind.rows == 0)
            continue;
        const DatedKind* dated = nullptr;
        for (const DatedKind& item : kDatedKinds) {
            if (spec.name == QLatin1String(item.kind))
                dated = &item;
        }
        QStringList columns;
        QStringList expressions;
        for (const FieldSpec& field : spec.fields) {
            if (field.required)
                continue;
            columns << field.name;
            // '' is how an optional key field (a zone's store, a layout's valid_from) is absent.
            expressions << QStringLiteral("count(*) - count(NULLIF(%1, ''))").arg(field.name);
        }
        if (dated) {
            expressions << QStringLiteral("substr(min(%1), 1, 10), substr(max(%1), 1, 10)")
                               .arg(QString::fromLatin1(dated->column));
        }
        if (expressions.isEmpty())
            continue;
        Statement scan(check.db, sql(QStringLiteral("SELECT %1 FROM %2")
                                         .arg(expressions.join(QStringLiteral(", ")), spec.table)));
        if (!scan.step())
            continue;
        const int dates = static_cast<int>(columns.size());
        if (dated && !scan.isNull(dates)) {
            kind.firstDate = scan.text(dates);
            kind.lastDate = scan.text(dates + 1);
            reportCoverage(check, *dated, kind);
        }
        for (int i = 0; i < dates; ++i)
            reportMissing(check, spec, kind, columns[i], scan.int64(i));
    }
}

}  // namespace mb::data::health
