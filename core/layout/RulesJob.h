#pragma once

#include "jobs/Job.h"
#include "layout/BasketInput.h"
#include "layout/RulesMiner.h"

namespace mb::layout {

// Association rules for one request: the baskets and every threshold.
struct RulesRequest {
    BasketInput input;
    RuleOptions rules;
    qint64 memoryLimit = 0;  // bytes; 0: the machine's default

    bool operator==(const RulesRequest& other) const;
    QJsonObject toJson() const;
    static RulesRequest fromJson(const QJsonObject& json);  // throws mb::Error naming the field
};

// The `rules` job: mines the rules and writes outputs["out"] (RulesCsv.h). On a project the run
// is recorded (its rules are a finding, not a decision: no decisions).
jobs::JobOutcome runRulesJob(const QJsonObject& json, jobs::JobContext& context);

}  // namespace mb::layout
