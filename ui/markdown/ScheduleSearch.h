#pragma once

#include "markdown/MarkdownProblem.h"

#include <vector>

namespace mb::ui {

// The best fixed schedule that keeps to the item's rules and charges `step` in `week` (1-based),
// found by enumerating every rule-respecting schedule and evaluating each exactly. This is how
// the page "locks" a week: the optimiser's adaptive policy cannot be told to force one week, so
// the lock re-optimises over schedules fixed in advance instead. Returns an empty vector when no
// schedule within the rules charges that step in that week, or when there are more than
// `limit` schedules to try (then *tooMany is set): the search runs on the GUI thread.
std::vector<int> bestScheduleWithLock(const markdown::MarkdownProblem& problem, int week, int step,
                                      bool* tooMany = nullptr, int limit = 5000);

// How many schedules the GUI thread may evaluate for this item and still answer within about a
// tenth of a second: each evaluation costs weeks x units on hand x the demand that carries mass.
int interactiveScheduleLimit(const markdown::MarkdownProblem& problem);

}  // namespace mb::ui
