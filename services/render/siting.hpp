#pragma once

#include "planning/reports.hpp"
#include "services/render/output_files.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

namespace standort::services {

// Site choice as a planner opens it; "result" is the last scenario (the optimum, else the last
// option), compared with today:
//   siting_sites       every facility and candidate: role, open today and in the result,
//                      children assigned, places used and free, mean and longest way
//   siting_allocation  a line per demand unit and site of the result's assignment, with the
//                      children it sends (as ArcGIS's allocation lines)
//   siting_units       every demand unit: its nearest site and way today and in the result
//   siting_districts   per district the children within each threshold today and in the result
//   siting_comparison  one row per scenario: shares within the thresholds, ways, children
//                      without a seat
//   siting_tradeoff    one row per p: objective, bound, gap, children within the threshold,
//                      total way, children without a seat
// written as siting_sites.geojson, siting_districts.geojson, siting.gpkg (all four layers),
// siting_comparison.csv, siting_tradeoff.csv (when optimised) and siting_parameters.json.
// Without `per_unit` the allocation and unit layers are left out (a feature per grid cell;
// the server's what-if answers without them).
output_files siting_files(const planning::planning_model& model, const planning::siting_report& r,
                          bool per_unit = true);
nlohmann::json siting_json(const planning::planning_model& model, const planning::siting_report& r);
void print_siting(std::ostream& out, const planning::planning_model& model,
                  const planning::siting_report& r);

} // namespace standort::services
