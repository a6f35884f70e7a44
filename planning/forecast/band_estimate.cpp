#include "planning/forecast/band_estimate.hpp"

#include <algorithm>

namespace standort::planning {

namespace {

double centre(const age_band& b) {
    return 0.5 * (b.from + b.to);
}

double density(const band_count& b) {
    return b.persons / b.band.width();
}

double slope(const std::vector<band_count>& bands, std::size_t i) {
    const std::size_t lo = i > 0 ? i - 1 : i;
    const std::size_t hi = i + 1 < bands.size() ? i + 1 : i;
    if (lo == hi || bands[i].persons <= 0) {
        return 0.0;
    }
    return (density(bands[hi]) - density(bands[lo])) /
           (centre(bands[hi].band) - centre(bands[lo].band));
}

} // namespace

std::vector<double> single_ages(const std::vector<band_count>& bands) {
    std::vector<double> out;
    for (std::size_t i = 0; i < bands.size(); ++i) {
        const auto& b = bands[i];
        const double m = density(b);
        const double s = slope(bands, i);
        std::vector<double> ages;
        double sum = 0;
        for (int x = b.band.from; x < b.band.to; ++x) {
            ages.push_back(std::max(0.0, m + s * (x + 0.5 - centre(b.band))));
            sum += ages.back();
        }
        for (double& a : ages) {
            // Everything clipped (a band that is empty or a steep neighbour): an even spread.
            a = sum > 0 ? a * b.persons / sum : m;
        }
        out.insert(out.end(), ages.begin(), ages.end());
    }
    return out;
}

} // namespace standort::planning
