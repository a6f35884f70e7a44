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
    out.reserve(bands.empty()
                    ? 0
                    : static_cast<std::size_t>(bands.back().band.to - bands.front().band.from));
    for (std::size_t i = 0; i < bands.size(); ++i) {
        const auto& b = bands[i];
        const double m = density(b);
        if (b.band.width() == 1) {
            out.push_back(b.persons); // a single year is its own estimate
            continue;
        }
        const double s = slope(bands, i);
        const std::size_t first = out.size();
        double sum = 0;
        for (int x = b.band.from; x < b.band.to; ++x) {
            out.push_back(std::max(0.0, m + s * (x + 0.5 - centre(b.band))));
            sum += out.back();
        }
        for (std::size_t a = first; a < out.size(); ++a) {
            // Everything clipped (a band that is empty or a steep neighbour): an even spread.
            out[a] = sum > 0 ? out[a] * b.persons / sum : m;
        }
    }
    return out;
}

double sum_ages(const std::vector<double>& ages, age_band band) {
    double n = 0;
    for (int a = band.from; a < band.to && a < static_cast<int>(ages.size()); ++a) {
        n += ages[static_cast<std::size_t>(a)];
    }
    return n;
}

} // namespace standort::planning
