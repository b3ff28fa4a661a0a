#include "ScheduleSearch.h"

#include "markdown/MarkdownBaselines.h"

#include <algorithm>
#include <functional>
#include <limits>

namespace mb::ui {

std::vector<int> bestScheduleWithLock(const markdown::MarkdownProblem& problem, int week, int step,
                                      bool* tooMany, int limit) {
    bool overLimit = false;
    if (!tooMany)
        tooMany = &overLimit;
    *tooMany = false;
    const markdown::MarkdownRules& rules = problem.rules;
    const int weeks = problem.weeks;
    const int steps = static_cast<int>(problem.ladder.size());
    if (week < 1 || week > weeks || step < 0 || step >= steps)
        return {};
    // Collect the candidates first, so the (costlier) evaluations stop at the limit.
    std::vector<std::vector<int>> candidates;
    std::vector<int> schedule(size_t(weeks), rules.startStep);
    std::function<void(int, int, int, int)> extend = [&](int w, int current, int taken,
                                                         int lastChange) {
        if (*tooMany)
            return;
        if (w == weeks) {
            if (static_cast<int>(candidates.size()) >= limit) {
                *tooMany = true;
                return;
            }
            candidates.push_back(schedule);
            return;
        }
        for (int next = 0; next < steps; ++next) {
            if (w + 1 == week && next != step)
                continue;
            if (next != current) {
                const bool allowed = (!rules.monotone || next > current) &&
                                     problem.stepAllowed(next) && w + 1 >= rules.earliestWeek &&
                                     taken < rules.maxMarkdowns &&
                                     (lastChange < 0 || w - lastChange >= rules.minWeeksBetween);
                if (!allowed)
                    continue;
            }
            schedule[size_t(w)] = next;
            extend(w + 1, next, taken + (next != current ? 1 : 0),
                   next != current ? w : lastChange);
        }
    };
    extend(0, rules.startStep, 0, -1);
    if (*tooMany || candidates.empty())
        return {};
    markdown::ScheduleEvaluator evaluator(problem);
    double best = -std::numeric_limits<double>::infinity();
    std::size_t bestIndex = 0;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const double value = evaluator.evaluate({QString(), candidates[i]}).expectedObjective;
        if (value > best) {
            best = value;
            bestIndex = i;
        }
    }
    return candidates[bestIndex];
}

int interactiveScheduleLimit(const markdown::MarkdownProblem& problem) {
    // About 2e7 multiply-adds (~0.1 s on one core of the reference machine); 40 demands per
    // stock level is a typical window of weekly demand that carries mass.
    constexpr double budget = 2e7;
    const double perSchedule =
        double(std::max(1, problem.weeks)) * double(problem.inventory + 1) * 40.0;
    return static_cast<int>(std::clamp(budget / perSchedule, 50.0, 5000.0));
}

}  // namespace mb::ui
