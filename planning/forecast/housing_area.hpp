#pragma once

#include "planning/model/age_band.hpp"
#include "planning/model/ids.hpp"

#include <string>
#include <utility>
#include <vector>

namespace standort::planning {

// A new housing area (Neubaugebiet) from the project file: dwellings completed per year from
// first_year to last_year, each bringing persons_per_dwelling movers.
struct housing_area {
    std::string name;
    district_id district;
    int first_year = 0;
    int last_year = 0;
    double dwellings_per_year = 0;
    double persons_per_dwelling = 0;

    bool active(int year) const { return year >= first_year && year <= last_year; }
    double movers(int year) const {
        return active(year) ? dwellings_per_year * persons_per_dwelling : 0.0;
    }
};

// Who moves into new dwellings, as shares of all movers by age band (summing to 1 over all
// ages). Bands are spread evenly over their single years.
struct movers_profile {
    std::vector<std::pair<age_band, double>> shares;

    // The share of movers aged [band.from, band.to), prorated from the profile's bands.
    double share(age_band band) const;
};

// Young families, as new family housing draws them: 30 % children under six, 14 % aged 6-9,
// 8 % aged 10-17, 40 % adults 18-44 (the parents), 5 % aged 45-64 and 3 % 65 and over. The same
// profile generates the example town; a municipality sets its own from its Wanderungsstatistik.
movers_profile default_movers_profile();

} // namespace standort::planning
