#pragma once

#include "planning/forecast/band_estimate.hpp"
#include "planning/model/model.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace standort::planning {

// One district's observed population by single year of age, the input of a cohort-component
// projection: persons aged 0 ... last_age per year, and the births' reference population.
struct age_history {
    district_id district;
    std::map<int, std::vector<double>> persons; // year -> ages 0 ... last_age
    std::map<int, double> reference;            // year -> persons in the reference band
    // The bands as the source gives them (sorted; rows of one band summed) and all persons of
    // the year: what a cohort model of wide bands ages, and what shows a boundary change.
    std::map<int, std::vector<band_count>> bands;
    std::map<int, double> total;
    // The levels the district belongs to, coarse first ("Bezirk 01", "Bezirksregion 010111"):
    // where the rates of a small area borrow strength.
    std::vector<std::string> ancestors;
};

struct age_history_table {
    std::vector<age_history> districts; // model order; a district without rows has empty maps
    // Years left out because the bands did not cover ages 0 ... last_age, as readable notes
    // ("01011101 2017: ages 0-18 not covered by the bands").
    std::vector<std::string> gaps;
};

// Population records to single ages. Bands wider than a year (Berlin's 6-15) are spread
// evenly over their years: the usual assumption, and harmless for a cohort change ratio, which
// then follows the band. A band reaching past last_age counts with its share. The reference
// band (women of childbearing age, or here persons 15-45 when the data are not split by sex)
// is prorated from overlapping bands the same way; nullopt: no reference population.
age_history_table single_age_history(const std::vector<population_record>& records,
                                     const std::vector<district>& districts, int last_age,
                                     std::optional<age_band> reference);

} // namespace standort::planning
