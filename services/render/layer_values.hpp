#pragma once

#include "geo/feature_layer.hpp"
#include "planning/reach/travel_costs.hpp"

#include <cmath>
#include <optional>

namespace standort::services {

// A figure for an output field: rounded to `decimals`, null where it is unknown or not finite
// (a district without figures shows empty, never 0).
inline geo::value rounded(const std::optional<double>& v, int decimals = 0) {
    if (!v || !std::isfinite(*v)) {
        return {};
    }
    const double scale = std::pow(10.0, decimals);
    return std::round(*v * scale) / scale;
}

// A count for an Integer field (children of a table rounded to whole ones, places, seats):
// null where unknown, so GIS staff can sum and graduate it without converting Real.
inline geo::value counted(const std::optional<double>& v) {
    if (!v || !std::isfinite(*v)) {
        return {};
    }
    return static_cast<std::int64_t>(std::llround(*v));
}

// A travel cost for an output field: metres to the metre, minutes to a tenth; null where
// nothing was reached.
inline geo::value cost_output(planning::cost_metric metric, const std::optional<double>& cost) {
    if (!cost) {
        return {};
    }
    return rounded(planning::output_value(metric, *cost),
                   metric == planning::cost_metric::time_s ? 1 : 0);
}

} // namespace standort::services
