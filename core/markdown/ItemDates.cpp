#include "markdown/ItemDates.h"

#include <algorithm>

namespace mb::markdown {

QDate weekMonday(const QDate& date) {
    return date.addDays(1 - date.dayOfWeek());
}

int seasonWeeks(const QDate& stockDate, const QDate& exitDate) {
    const qint64 days = weekMonday(stockDate).daysTo(weekMonday(exitDate));
    return days < 0 ? 0 : static_cast<int>(days / 7 + 1);
}

int itemSeasonWeeks(const SeasonItem& item, const QDate& stockDate, int runWeeks) {
    return item.exitDate.isValid() ? seasonWeeks(stockDate, item.exitDate) : runWeeks;
}

int firstChangeWeek(const QDate& firstWeek, const QDate& received, int noChangeWeeks) {
    if (noChangeWeeks <= 0)
        return 1;
    int arrivalWeek = 1;
    if (received.isValid()) {
        // Monday to Monday: whole weeks, negative for stock received before the count's week.
        const qint64 days = firstWeek.daysTo(received.addDays(1 - received.dayOfWeek()));
        // Stock cannot arrive after it was counted: a later date is read as the count's week.
        arrivalWeek = std::min(1, static_cast<int>(days / 7) + 1);
    }
    return std::max(1, arrivalWeek + noChangeWeeks);
}

void holdAfterArrival(MarkdownProblem& problem, const QDate& firstWeek, const QDate& received) {
    const int first = firstChangeWeek(firstWeek, received, problem.rules.noChangeWeeks);
    problem.rules.earliestWeek =
        std::max(problem.rules.earliestWeek, std::min(problem.weeks + 1, first));
}

FixedSchedule fitToWeeks(const FixedSchedule& rule, int weeks, int startStep) {
    FixedSchedule fitted = rule;
    fitted.steps.resize(static_cast<std::size_t>(std::max(weeks, 0)),
                        rule.steps.empty() ? startStep : rule.steps.back());
    return fitted;
}

}  // namespace mb::markdown
