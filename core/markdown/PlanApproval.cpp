#include "markdown/PlanApproval.h"

#include "common/Error.h"
#include "jobs/RunRecorder.h"

namespace mb::markdown {

qint64 recordApprovedPlan(data::Project& project, const jobs::Provenance& provenance,
                          const std::vector<PriceChange>& changes, const QJsonObject& summary) {
    jobs::RunRecorder recorder(project, provenance);
    try {
        recorder.begin();
        std::vector<jobs::Decision> decisions = priceChangeDecisions(changes);
        for (jobs::Decision& decision : decisions)
            decision.status = QStringLiteral("approved");
        recorder.addDecisions(decisions);
        recorder.finish(summary);
    } catch (const Error& error) {
        recorder.recordFailure(QStringLiteral("failed"), error.message());
        throw;
    }
    return recorder.id();
}

}  // namespace mb::markdown
