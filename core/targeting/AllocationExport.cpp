#include "targeting/AllocationExport.h"

#include "export/CsvExport.h"

namespace mb::targeting {

void writeAllocation(const QString& path, const OfferEffectsFile& input,
                     const AllocationResult& result) {
    exporting::CsvWriter writer(path);
    writer.writeRow(QStringList{QStringLiteral("customer"), QStringLiteral("offer"),
                                QStringLiteral("effect"), QStringLiteral("cost"),
                                QStringLiteral("control")});
    exporting::CsvRow row;
    for (const std::int32_t chosen : result.chosen) {
        const OfferOption& option = input.problem.options[static_cast<std::size_t>(chosen)];
        row.clear();
        row.text(input.customers[option.customer])
            .text(input.offers[option.offer])
            .number(option.effect)
            .number(option.cost)
            .flag(false);
        writer.writeRow(row);
    }
    for (std::size_t customer = 0; customer < result.heldOut.size(); ++customer) {
        if (!result.heldOut[customer])
            continue;
        row.clear();
        row.text(input.customers[static_cast<qsizetype>(customer)])
            .empty()
            .number(0)
            .number(0)
            .flag(true);
        writer.writeRow(row);
    }
    writer.commit();
}

}  // namespace mb::targeting
