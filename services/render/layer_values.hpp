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
