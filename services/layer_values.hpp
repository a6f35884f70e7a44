#pragma once

#include "geo/feature_layer.hpp"

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

} // namespace standort::services
