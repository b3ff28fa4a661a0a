#pragma once

#include "targeting/UpliftMetrics.h"

#include <QString>

namespace mb::targeting {

// Which columns of a campaign-results file hold what, and which arm values count.
struct CampaignColumns {
    QString treatment;
    QString treatmentValue;
    QString controlValue;
    QString outcome;
    QString score;
};

struct CampaignFile {
    ScoredCampaign campaign;
    std::int64_t ignoredRows = 0;  // arm value neither the treatment nor the control value
};

// Streams the file; rows in neither arm are skipped. Throws mb::Error naming
// file:line:column: message (value) at the first bad outcome or score.
CampaignFile readCampaignFile(const QString& path, const CampaignColumns& columns);

}  // namespace mb::targeting
