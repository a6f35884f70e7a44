#pragma once

// How unequal a rate is between the districts of an area (a Bezirk, the whole municipality):
// the lowest and the highest district and the Gini coefficient, over the districts whose rate
// is known. Computed from a report's rows, so a published report's spread is computed from
// the published rates only and gives no suppressed one back.

#include "planning/monitoring/indicators.hpp"

#include <vector>

namespace standort::planning {

// For every rate, area above the districts and year where every district with a row has the
// rate, at least two: a spread over the few known districts of an area whose total is unknown
// would look like the area's. With `published_from` (the spreads before publication), for
// the same keys over the rates still published (at least two), the hidden ones left out.
std::vector<indicator_spread>
spread_between_districts(const indicator_report& report,
                         const std::vector<indicator_spread>* published_from = nullptr);

} // namespace standort::planning
