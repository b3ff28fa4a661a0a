#include "targeting/AllocationExport.h"

#include "common/Error.h"

#include <QSaveFile>

namespace mb::targeting {

QString spreadsheetSafe(const QString& field) {
    static const QString risky = QStringLiteral("=+-@\t\r");
    if (!field.isEmpty() && risky.contains(field.front()))
        return QLatin1Char('\'') + field;
    return field;
}

namespace {

// RFC 4180: quote when the field holds a delimiter, a quote or a line break.
QByteArray csvField(const QString& text) {
    const QString safe = spreadsheetSafe(text);
    QByteArray bytes = safe.toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') || bytes.contains('\r'))
        bytes = '"' + bytes.replace("\"", "\"\"") + '"';
    return bytes;
}

QByteArray number(double value) {
    return QByteArray::number(value, 'g', 17);
}

}  // namespace

void writeAllocation(const QString& path, const OfferEffectsFile& input,
                     const AllocationResult& result) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw Error(QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
    QByteArray out = "customer,offer,effect,cost,control\n";
    for (const std::int32_t row : result.chosen) {
        const OfferOption& option = input.problem.options[static_cast<std::size_t>(row)];
        out += csvField(input.customers[option.customer]) + ',' +
               csvField(input.offers[option.offer]) + ',' + number(option.effect) + ',' +
               number(option.cost) + ",0\n";
        if (out.size() > (1 << 20)) {
            file.write(out);
            out.clear();
        }
    }
    for (std::size_t customer = 0; customer < result.heldOut.size(); ++customer) {
        if (result.heldOut[customer])
            out += csvField(input.customers[static_cast<qsizetype>(customer)]) + ",,0,0,1\n";
    }
    file.write(out);
    if (!file.commit())
        throw Error(QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
}

}  // namespace mb::targeting
