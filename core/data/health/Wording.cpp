#include "data/health/Wording.h"

#include <QLocale>
#include <cmath>

namespace mb::data::health {

std::string sql(const QString& text) {
    return text.toStdString();
}

QString fromStd(const std::string& text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// Group separators make big counts readable; English keeps the report the same on every machine.
QString number(qint64 value) {
    return QLocale(QLocale::English).toString(value);
}

QString plural(qint64 count, const char* one, const char* many) {
    return number(count) + u' ' + QString::fromLatin1(count == 1 ? one : many);
}

QString money(double value) {
    return QString::number(value, 'f', 2);
}

QString percent(double share) {
    return QString::number(share * 100, 'f', std::abs(share) < 0.1 ? 1 : 0) + u'%';
}

QString capitalised(QString text) {
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

QString seriesName(const QString& product, const QString& store) {
    return QStringLiteral("product %1 at store %2").arg(product, store);
}

}  // namespace mb::data::health
