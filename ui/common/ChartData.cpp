#include "ChartData.h"

#include "ChartValueText.h"
#include "common/Error.h"
#include "export/CsvExport.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QPieSeries>
#include <QPieSlice>
#include <QXYSeries>
#include <QtCharts/QAbstractBarSeries>

namespace mb::ui {

namespace {

QString titleOr(const QAbstractAxis* axis, const QString& fallback) {
    return axis && !axis->titleText().isEmpty() ? axis->titleText() : fallback;
}

// An x or y value as a spreadsheet should read it: a date (or date and time) on a date axis,
// the number otherwise.
QVariant axisValue(const QAbstractAxis* axis, double value) {
    if (qobject_cast<const QDateTimeAxis*>(axis)) {
        // Pages put a week at its first day's midnight, some in UTC, some in local time: either
        // is that day.
        const qint64 msecs = qint64(std::llround(value));
        const QDateTime utc = QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
        const QDateTime local = QDateTime::fromMSecsSinceEpoch(msecs);
        if (utc.time() == QTime(0, 0))
            return utc.date().toString(Qt::ISODate);
        return local.time() == QTime(0, 0) ? local.date().toString(Qt::ISODate)
                                           : local.toString(Qt::ISODate);
    }
    return value;
}

QString seriesName(const QAbstractSeries* series, int index) {
    return series->name().isEmpty() ? QObject::tr("Series %1").arg(index + 1) : series->name();
}

void addPoints(ChartTable& table, const QString& name, const QXYSeries* points,
               const QAbstractAxis* x, const QAbstractAxis* y) {
    for (const QPointF& point : points->points())
        table.rows.append({name, axisValue(x, point.x()), axisValue(y, point.y())});
}

// The category and value axes of a bar series, whichever way its bars run.
std::pair<QAbstractAxis*, QAbstractAxis*> barAxes(QAbstractSeries* series) {
    QAbstractAxis* categories = nullptr;
    QAbstractAxis* values = nullptr;
    for (QAbstractAxis* axis : series->attachedAxes())
        (qobject_cast<QBarCategoryAxis*>(axis) ? categories : values) = axis;
    return {categories, values};
}

// The header from the first series that has one: every page draws a chart's series on the
// same axes.
QStringList headerOf(QAbstractSeries* series) {
    if (qobject_cast<QAbstractBarSeries*>(series)) {
        const auto [categories, values] = barAxes(series);
        return {QObject::tr("Series"), titleOr(categories, QObject::tr("Category")),
                titleOr(values, QObject::tr("Value"))};
    }
    if (qobject_cast<QPieSeries*>(series))
        return {QObject::tr("Series"), QObject::tr("Slice"), QObject::tr("Value")};
    const QAbstractAxis* x = chartAxis(series, Qt::Horizontal);
    const QAbstractAxis* y = chartAxis(series, Qt::Vertical);
    return {
        QObject::tr("Series"),
        titleOr(x, qobject_cast<const QDateTimeAxis*>(x) ? QObject::tr("Date") : QObject::tr("X")),
        titleOr(y, QObject::tr("Y"))};
}

}  // namespace

ChartTable chartTable(const QChart* chart) {
    ChartTable table;
    if (!chart)
        return table;
    const QList<QAbstractSeries*> all = chart->series();
    for (int index = 0; index < all.size(); ++index) {
        QAbstractSeries* series = all[index];
        if (!series->isVisible())
            continue;
        if (table.header.isEmpty())
            table.header = headerOf(series);
        const QString name = seriesName(series, index);
        const QAbstractAxis* x = chartAxis(series, Qt::Horizontal);
        const QAbstractAxis* y = chartAxis(series, Qt::Vertical);
        if (auto* xy = qobject_cast<QXYSeries*>(series)) {
            addPoints(table, name, xy, x, y);
        } else if (auto* area = qobject_cast<QAreaSeries*>(series)) {
            if (area->upperSeries())
                addPoints(table, area->lowerSeries() ? QObject::tr("%1 (upper)").arg(name) : name,
                          area->upperSeries(), x, y);
            if (area->lowerSeries())
                addPoints(table, QObject::tr("%1 (lower)").arg(name), area->lowerSeries(), x, y);
        } else if (auto* bars = qobject_cast<QAbstractBarSeries*>(series)) {
            const auto [categories, values] = barAxes(series);
            const auto* names = qobject_cast<const QBarCategoryAxis*>(categories);
            for (const QBarSet* set : bars->barSets()) {
                for (int i = 0; i < set->count(); ++i) {
                    const QString category =
                        names && i < names->count() ? names->at(i) : QString::number(i + 1);
                    table.rows.append({set->label(), category, set->at(i)});
                }
            }
        } else if (auto* pie = qobject_cast<QPieSeries*>(series)) {
            for (const QPieSlice* slice : pie->slices())
                table.rows.append({name, slice->label(), slice->value()});
        }
    }
    return table;
}

void writeChartCsv(const QChart* chart, const QString& path) {
    const ChartTable table = chartTable(chart);
    if (table.header.isEmpty())
        throw Error(QObject::tr("%1: the chart has no data to export").arg(path));
    exporting::writeCsv(path, table.header, table.rows.size(),
                        [&table](qint64 row, exporting::CsvRow& out) {
                            for (const QVariant& value : table.rows[int(row)]) {
                                if (value.typeId() == QMetaType::Double)
                                    out.number(value.toDouble());
                                else
                                    out.text(value.toString());
                            }
                        });
}

}  // namespace mb::ui
