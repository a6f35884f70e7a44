#pragma once

// How unequal a rate is between the districts of an area (a Bezirk, the whole municipality):
// the lowest and the highest district and the Gini coefficient, over the districts whose rate
// is known. Computed from a report's rows, so a published report's spread is computed from
// the published rates only and gives no suppressed one back.

#include "planning/monitoring/indicators.hpp"

#include <vector>

namespace standort::planning {

// For every rate, area above the districts and year with at least two districts' rates.
std::vector<indicator_spread> spread_between_districts(const indicator_report& report);

} // namespace standort::planning
