#pragma once

#include "markdown/MarkdownBaselines.h"
#include "markdown/SeasonInputs.h"

#include <QDate>

namespace mb::markdown {

// The Monday of the date's week: weeks run Monday to Sunday.
QDate weekMonday(const QDate& date);

// Weeks of a season from the stock date's week through the exit date's week (0 when before).
int seasonWeeks(const QDate& stockDate, const QDate& exitDate);

// Weeks of one item's season: from the stock count's week through its product's exit date
// (products.exit_date) when it has one, else through the run's exit (runWeeks). 0 or less when
// the item's exit is before the stock count's week: it cannot be planned.
int itemSeasonWeeks(const SeasonItem& item, const QDate& stockDate, int runWeeks);

// The first week (1-based, week 1 = the stock count's week) whose price may differ from the week
// before under rules.no_change_weeks: the stock's own first week is the week it was received
// (inventory.received_date, else the count's week; a date after the count's week is read as
// the count's week, as counted stock cannot arrive later) and the price stays put for that week
// and the next noChangeWeeks - 1. 1 when nothing holds it.
int firstChangeWeek(const QDate& firstWeek, const QDate& received, int noChangeWeeks);

// Holds the item's price for rules.no_change_weeks after its stock was received: raises
// rules.earliestWeek to firstChangeWeek (at most one past its last week).
void holdAfterArrival(MarkdownProblem& problem, const QDate& firstWeek, const QDate& received);

// A fixed rule of the season on an item whose own season is shorter (cut at its exit) or longer
// (its last step held), so every item is judged against the same rule.
FixedSchedule fitToWeeks(const FixedSchedule& rule, int weeks, int startStep);

}  // namespace mb::markdown
