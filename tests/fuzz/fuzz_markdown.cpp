// libFuzzer target for markdown-solve: any bytes read as an instance must give either a clear
// error or a solved plan whose figures are finite, never a crash or a hang.
#include "common/Error.h"
#include "markdown/MarkdownJson.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray json(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    mb::markdown::MarkdownInstance instance;
    try {
        instance = mb::markdown::readMarkdownInstance(json, QStringLiteral("fuzz.json"));
    } catch (const mb::Error&) {
        return 0;
    }
    // Solve only what answers in milliseconds; the size limits themselves are unit-tested.
    const auto& problem = instance.problem;
    const double states =
        double(problem.weeks) * (problem.inventory + 1.0) * double(problem.ladder.size());
    if (states > 2.0e4)
        return 0;
    try {
        const mb::markdown::MarkdownPlan plan = mb::markdown::optimiseMarkdown(problem);
        const mb::markdown::MarkdownSimulation simulation = mb::markdown::simulatePolicy(
            plan.policy, std::min(instance.simulations, 20), instance.seed);
        if (!std::isfinite(plan.expectedObjective) || plan.expectedLeftover < -1e-9 ||
            plan.expectedLeftover > problem.inventory + 1e-9)
            std::abort();
        mb::markdown::markdownResultToJson(plan, simulation);
    } catch (const mb::Error&) {
        // An infeasible hard target or lock is a clear error too.
    }
    return 0;
}
