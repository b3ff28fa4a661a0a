#include "Format.h"

#include <QLocale>

namespace mb::ui {

QString formatCount(qint64 count) {
    QLocale locale;
    // The C locale does not group digits, which makes large counts hard to read.
    if (locale.language() == QLocale::C)
        locale = QLocale(QLocale::English);
    return locale.toString(count);
}

QString formatRows(qint64 count) {
    return count == 1 ? QStringLiteral("1 row") : QStringLiteral("%1 rows").arg(formatCount(count));
}

}  // namespace mb::ui
