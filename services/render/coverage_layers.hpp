#pragma once

#include "geo/feature_layer.hpp"
#include "planning/reach/coverage.hpp"
#include "planning/model/model.hpp"

#include <vector>

namespace standort::services {

// The coverage analysis as a planner opens it:
//   coverage_districts  districts with, per kind, children, children and share within each
//                       threshold, and the child-weighted mean distance to the nearest facility
//   coverage_gaps       populated areas beyond the first threshold, with the children by band
//   coverage_units      every demand unit with its nearest facility and distance per kind
//   coverage_table      one row per district and kind
geo::feature_layer coverage_districts(const planning::planning_model& model,
                                      const std::vector<planning::coverage_result>& results);
geo::feature_layer coverage_gaps(const planning::planning_model& model,
                                 const std::vector<planning::coverage_result>& results);
geo::feature_layer coverage_units(const planning::planning_model& model,
                                  const std::vector<planning::coverage_result>& results);
geo::feature_layer coverage_table(const planning::planning_model& model,
                                  const std::vector<planning::coverage_result>& results);

} // namespace standort::services
