#include "layout/LayoutScenarioFile.h"

#include "common/JsonNumber.h"
#include "export/CsvExport.h"

namespace mb::layout {

std::vector<LayoutScenarioRow> layoutScenario(const LayoutModel& model,
                                              const std::vector<int>& current,
                                              const std::vector<int>& proposed) {
    const std::vector<double> adjacencyCurrent = categoryAdjacency(model, current);
    const std::vector<double> adjacencyProposed = categoryAdjacency(model, proposed);
    const auto zoneName = [&](int zone) { return zone < 0 ? QString() : model.zones[zone]; };
    // An impulse category's exposure is its zone's share of the store's visits.
    const auto exposure = [&](std::size_t category, int zone) {
        return model.impulse[category] && zone >= 0
                   ? model.visitShare[static_cast<std::size_t>(zone)]
                   : 0.0;
    };
    std::vector<LayoutScenarioRow> rows;
    for (int c = 0; c < model.categoryCount(); ++c) {
        const auto i = static_cast<std::size_t>(c);
        if (current[i] < 0 && proposed[i] < 0)
            continue;
        rows.push_back(LayoutScenarioRow{model.categories[c], zoneName(current[i]),
                                         zoneName(proposed[i]), current[i] != proposed[i],
                                         adjacencyCurrent[i], adjacencyProposed[i],
                                         exposure(i, current[i]), exposure(i, proposed[i])});
    }
    return rows;
}

void writeLayoutScenario(const QString& path, const std::vector<LayoutScenarioRow>& rows) {
    exporting::CsvWriter out(path);
    out.writeRow(QStringList{"category", "current_zone", "proposed_zone", "moved",
                             "adjacency_current", "adjacency_proposed", "exposure_current",
                             "exposure_proposed"});
    exporting::CsvRow line;
    for (const LayoutScenarioRow& row : rows) {
        line.clear();
        line.text(row.category)
            .text(row.currentZone)
            .text(row.proposedZone)
            .flag(row.moved)
            .numberAsR(row.adjacencyCurrent)
            .numberAsR(row.adjacencyProposed)
            .numberAsR(row.exposureCurrent)
            .numberAsR(row.exposureProposed);
        out.writeRow(line);
    }
    out.commit();
}

std::vector<jobs::Decision> layoutDecisions(const std::vector<LayoutScenarioRow>& rows) {
    std::vector<jobs::Decision> decisions;
    decisions.reserve(rows.size());
    for (const LayoutScenarioRow& row : rows)
        decisions.push_back(jobs::Decision{
            QStringLiteral("layout_move"), row.category,
            QJsonObject{{QStringLiteral("category"), row.category},
                        {QStringLiteral("current_zone"), row.currentZone},
                        {QStringLiteral("proposed_zone"), row.proposedZone},
                        {QStringLiteral("moved"), row.moved},
                        {QStringLiteral("adjacency_current"), jsonNumber(row.adjacencyCurrent)},
                        {QStringLiteral("adjacency_proposed"), jsonNumber(row.adjacencyProposed)},
                        {QStringLiteral("exposure_current"), jsonNumber(row.exposureCurrent)},
                        {QStringLiteral("exposure_proposed"), jsonNumber(row.exposureProposed)}}});
    return decisions;
}

}  // namespace mb::layout
