#pragma once

#include <optional>
#include <vector>

namespace standort::planning {

// Rates of a base period averaged with trend weights, as German projections do (Übergangs-
// quotenverfahren, Hamilton-Perry cohort change ratios): the last years count more, e.g. 1:2:3
// over the last three transitions. Weights are given oldest first.
//
// A year whose denominator is (nearly) zero says nothing about the rate and is left out, its
// weight with it; the spread is the weighted standard deviation around the mean, from which
// the low and high variants of a projection are drawn.
struct trend_rate {
    double mean = 0;
    double spread = 0;     // weighted standard deviation of the yearly rates
    std::size_t years = 0; // how many base years had a rate
};

// observations: (numerator, denominator) per base year, oldest first, as many as the weights
// (missing leading years may be absent: the weights are aligned to the newest years).
// nullopt when no year had a denominator of at least `min_denominator`.
std::optional<trend_rate> weighted_rate(const std::vector<std::pair<double, double>>& observations,
                                        const std::vector<double>& weights,
                                        double min_denominator = 1e-9);

} // namespace standort::planning
