#pragma once

#include <QString>
#include <QtGlobal>
#include <string>

// How the health report phrases figures: the same text on every machine, whatever its locale.
namespace mb::data::health {

std::string sql(const QString& text);
QString fromStd(const std::string& text);

QString number(qint64 value);  // with group separators: 1,234,567
QString plural(qint64 count, const char* one, const char* many);  // "1 week", "3 weeks"
QString money(double value);
QString percent(double share);  // 0.25 -> "25%"; one decimal below 10%
QString capitalised(QString text);
QString seriesName(const QString& product, const QString& store);

}  // namespace mb::data::health
