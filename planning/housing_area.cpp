#include "planning/housing_area.hpp"

#include <algorithm>

namespace standort::planning {

double movers_profile::share(age_band band) const {
    double out = 0;
    for (const auto& [b, s] : shares) {
        const int from = std::max(b.from, band.from);
        const int to = std::min(b.to, band.to);
        if (to > from && b.width() > 0) {
            out += s * static_cast<double>(to - from) / static_cast<double>(b.width());
        }
    }
    return out;
}

movers_profile default_movers_profile() {
    return {{{{0, 6}, 0.30},
             {{6, 10}, 0.14},
             {{10, 18}, 0.08},
             {{18, 45}, 0.40},
             {{45, 65}, 0.05},
             {{65, max_age}, 0.03}}};
}

} // namespace standort::planning
