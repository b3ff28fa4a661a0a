#include "targeting/CampaignFile.h"

#include "data/HeaderedCsv.h"
#include "data/ValueParser.h"

namespace mb::targeting {

CampaignFile readCampaignFile(const QString& path, const CampaignColumns& columns) {
    data::HeaderedCsv csv(path);
    const int arm = csv.column(columns.treatment, true);
    const int outcome = csv.column(columns.outcome, true);
    const int score = csv.column(columns.score, true);
    const std::string treated = columns.treatmentValue.trimmed().toStdString();
    const std::string control = columns.controlValue.trimmed().toStdString();
    CampaignFile file;
    while (csv.next()) {
        const std::string_view value = data::trimmed(csv.field(arm));
        const bool isTreated = value == treated;
        if (!isTreated && value != control) {
            ++file.ignoredRows;
            continue;
        }
        file.campaign.outcome.push_back(csv.number(outcome, "outcome"));
        file.campaign.score.push_back(csv.number(score, "score"));
        file.campaign.treated.push_back(isTreated ? 1 : 0);
    }
    return file;
}

}  // namespace mb::targeting
