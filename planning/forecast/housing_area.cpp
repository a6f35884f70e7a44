#include "planning/forecast/housing_area.hpp"

namespace standort::planning {

double movers_profile::share(age_band band) const {
    double out = 0;
    for (const auto& [b, s] : shares) {
        out += s * b.share_within(band);
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
