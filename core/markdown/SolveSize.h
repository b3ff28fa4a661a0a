#pragma once

#include <QString>

namespace mb::markdown {

struct MarkdownProblem;

// What one exact solve of an item costs, estimated before any table is built so that an item
// too large fails at once with its size named, instead of running for minutes or running out of
// memory. Operations are the multiply-adds of the expectations (the backward programme and the
// forward evaluation of its policy), summed over the demand each week and step can really take;
// bytes are the demand table, the decision table and the working values.
struct SolveSize {
    double operations = 0.0;
    double bytes = 0.0;
    double decisionBytes = 0.0;
};

SolveSize estimateSolveSize(const MarkdownProblem& problem);

// Empty when the item is within the limits; otherwise the refusal, naming the item's size
// (weeks, units, steps, markdowns, spacing), the estimate and what to change.
QString solveSizeProblem(const MarkdownProblem& problem);

}  // namespace mb::markdown
