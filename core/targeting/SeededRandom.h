#pragma once

#include "common/SeededRandom.h"

namespace mb::targeting {

// Targeting draws from the project's one seeded generator (common/SeededRandom.h).
using mb::SeededRandom;

}  // namespace mb::targeting
