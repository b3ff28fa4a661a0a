#include "common/MemoryBudget.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cmath>

namespace mb {

MemoryBudget MemoryBudget::machineDefault() {
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGESIZE);
    std::uint64_t bytes = pages > 0 && pageSize > 0
                              ? std::uint64_t(pages) * std::uint64_t(pageSize) / 2
                              : std::uint64_t{2} << 30;  // 2 GB when the machine does not say
    rlimit addressSpace{};
    if (getrlimit(RLIMIT_AS, &addressSpace) == 0 && addressSpace.rlim_cur != RLIM_INFINITY) {
        // The input, the program and the allocator's slack need the remaining quarter.
        const std::uint64_t share = std::uint64_t(addressSpace.rlim_cur) / 4 * 3;
        bytes = share < bytes ? share : bytes;
    }
    return MemoryBudget(bytes);
}

std::optional<std::uint64_t> MemoryBudget::parseSize(const QString& text) {
    QString number = text.trimmed().toUpper();
    if (number.endsWith(u'B'))
        number.chop(1);
    double unit = 1;
    if (!number.isEmpty()) {
        const QChar suffix = number.back();
        const QString units = QStringLiteral("KMGT");
        const auto power = units.indexOf(suffix);
        if (power >= 0) {
            unit = std::pow(1024.0, double(power + 1));
            number.chop(1);
        }
    }
    bool ok = false;
    const double value = number.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value) || value <= 0 || value * unit >= 1.8e19)
        return std::nullopt;
    const auto bytes = static_cast<std::uint64_t>(value * unit);
    return bytes > 0 ? std::optional(bytes) : std::nullopt;
}

void MemoryBudget::chargeTable(std::uint64_t bytes, const QString& what, const QString& advice) {
    if (!tryCharge(bytes))
        throw MemoryBudgetExceeded(QStringLiteral("%1 needs %2, over the %3 memory limit: %4")
                                       .arg(what, formatSize(bytes), formatSize(limit_), advice));
}

QString MemoryBudget::formatSize(std::uint64_t bytes) {
    const char* units[] = {"bytes", "KB", "MB", "GB", "TB"};
    double value = double(bytes);
    int unit = 0;
    while (value >= 1024 && unit < 4) {
        value /= 1024;
        ++unit;
    }
    return unit == 0 ? QStringLiteral("%1 bytes").arg(bytes)
                     : QStringLiteral("%1 %2")
                           .arg(value, 0, 'f', value < 10 ? 1 : 0)
                           .arg(QString::fromLatin1(units[unit]));
}

}  // namespace mb
