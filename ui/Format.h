#pragma once

#include <QString>

namespace mb::ui {

// A row count as a reader expects it, with digit grouping ("24,960"), even under the C locale.
QString formatCount(qint64 count);

// "24,960 rows", "1 row".
QString formatRows(qint64 count);

}  // namespace mb::ui
