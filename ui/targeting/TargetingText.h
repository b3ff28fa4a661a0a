#pragma once

#include <QString>
#include <QStringList>

namespace mb::ui {

// How the targeting page writes its figures, so the tables, cards and offer list agree.

// A change of a 0/1 rate in percentage points: 0.012 -> "+1.2 pp", -0.004 -> "−0.4 pp".
QString formatSignedPoints(double change, int decimals = 1);

// An arm's or model's effect against control with its 95% interval (1.96 standard errors):
// "+1.2 ± 0.8 pp" for a 0/1 outcome, "+$3.10 ± $1.20" for a spend; "–" when unknown. An
// interval that holds zero is marked " (unclear)" and explained by noEffectText().
QString effectText(double effect, double standardError, bool binaryOutcome);

// The sentence under a table of effects naming those that cannot be told apart from no effect:
// "The effects of offer_a and offer_c cannot be told apart from no effect: their 95% intervals
// include zero." Empty when there are none.
QString noEffectText(const QStringList& arms);

// Whether the 95% interval of an effect includes zero (an unknown standard error counts as
// not known to differ from zero).
bool indistinguishableFromZero(double effect, double standardError);

}  // namespace mb::ui
