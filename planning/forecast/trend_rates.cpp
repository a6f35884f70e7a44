#include "planning/forecast/trend_rates.hpp"

#include "geo/error.hpp"

#include <cmath>

namespace standort::planning {

std::optional<trend_rate> weighted_rate(const std::vector<std::pair<double, double>>& observations,
                                        const std::vector<double>& weights,
                                        double min_denominator) {
    if (weights.empty()) {
        throw config_error("trend weights are empty");
    }
    // Align the newest observation with the last weight: fewer years than weights use the
    // newest weights, more use only the newest years.
    const std::size_t n = std::min(observations.size(), weights.size());
    const std::size_t first_obs = observations.size() - n;
    const std::size_t first_weight = weights.size() - n;
    double sum_w = 0;
    double sum = 0;
    std::size_t used = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& [num, den] = observations[first_obs + i];
        const double w = weights[first_weight + i];
        if (!(std::abs(den) >= min_denominator) || w <= 0) {
            continue;
        }
        sum_w += w;
        sum += w * num / den;
        ++used;
    }
    if (used == 0) {
        return std::nullopt;
    }
    trend_rate out;
    out.mean = sum / sum_w;
    out.years = used;
    double var = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& [num, den] = observations[first_obs + i];
        const double w = weights[first_weight + i];
        if (!(std::abs(den) >= min_denominator) || w <= 0) {
            continue;
        }
        const double d = num / den - out.mean;
        var += w * d * d;
    }
    out.spread = std::sqrt(var / sum_w);
    return out;
}

} // namespace standort::planning
