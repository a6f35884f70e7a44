#pragma once

#include "planning/model/model.hpp"

#include <vector>

namespace standort::planning {

// The facilities located in each district, with their capacity added up: what the base
// layers show beside the population figures.
struct district_capacity {
    std::size_t kitas = 0;
    // nullopt: unknown, a facility of the district has no figure (never a partial sum as 0)
    std::optional<double> kita_places = 0.0;
    std::size_t grundschulen = 0;
    std::optional<double> grundschule_seats = 0.0;
};
std::vector<district_capacity> district_capacities(const planning_model& model);

// The Grundschulen inside each catchment (as build_model found them) and their seats.
struct catchment_schools {
    std::vector<std::size_t> grundschulen; // indices into planning_model::facilities
    double seats = 0;                      // a school without a seat figure adds 0 here
};
std::vector<catchment_schools> catchment_schools_inside(const planning_model& model);

} // namespace standort::planning
