#pragma once

#include "geo/feature_layer.hpp"
#include "planning/model/model.hpp"
#include "planning/reach/supply.hpp"

namespace standort::services {

// The supply analysis as a planner opens it: districts with, per group, children, places,
// Versorgungsquote, target and missing places (`supply`), and the same as a long table.
geo::feature_layer supply_layer(const planning::planning_model& model, int year,
                                const std::vector<planning::supply_group>& groups,
                                const std::vector<planning::supply_row>& rows);
geo::feature_layer supply_table(const planning::planning_model& model, int year,
                                const std::vector<planning::supply_row>& rows);

} // namespace standort::services
