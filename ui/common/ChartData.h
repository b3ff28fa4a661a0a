#pragma once

#include <QList>
#include <QStringList>
#include <QVariant>

class QChart;

namespace mb::ui {

// A chart's data as a table a spreadsheet opens: one row per point of each visible series, under
// the chart's axis titles. Lines and areas give (series, x, y), an area its upper and lower
// bounds as two series; bar charts give (series, category, value) with the category names;
// pies (series, slice, value). Dates are ISO text, numbers stay numbers (QVariant double).
struct ChartTable {
    QStringList header;
    QList<QVariantList> rows;
};

ChartTable chartTable(const QChart* chart);

// Writes chartTable(chart) as CSV through the project's CSV writer (atomic, formulas defused).
// Throws mb::Error.
void writeChartCsv(const QChart* chart, const QString& path);

}  // namespace mb::ui
