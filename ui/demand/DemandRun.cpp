#include "DemandRun.h"

#include "common/Progress.h"
#include "common/ProgressSpan.h"
#include "data/Project.h"

namespace mb::ui {

DemandRunPtr runDemand(const QString& projectPath, const demand::DemandRequest& request,
                       ProgressToken& token) {
    auto run = std::make_shared<DemandRun>();
    run->request = request;
    demand::DemandInputs inputs;
    {
        const auto project = data::Project::open(projectPath, data::Project::OpenMode::MustExist);
        inputs = demand::loadDemand(*project, request);
    }
    token.report(0.05);
    ProgressSpan fit(token, 0.05, 1.0);
    run->result = demand::computeDemand(inputs, request, *fit.token());
    run->history = std::move(inputs.history);
    return run;
}

}  // namespace mb::ui
