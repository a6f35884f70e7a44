#pragma once

#include "planning/reports.hpp"
#include "services/render/output_files.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

namespace standort::services {

// The Versorgungsquote as a planner opens it:
//   supply.geojson, supply.gpkg  districts with, per group, children, places, quota, target and
//                                the places missing (negative: to spare), and a status
//   supply_table.csv             one row per district and group
//   supply_parameters.json       the year and every group's ages and target
output_files supply_files(const planning::planning_model& model, const planning::supply_report& r);
nlohmann::json supply_json(const planning::supply_report& r);
void print_supply(std::ostream& out, const std::string& project, const planning::supply_report& r);

} // namespace standort::services
