#pragma once

#include "planning/reports.hpp"
#include "services/render/output_files.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

namespace standort::services {

// Grundschule catchments:
//   catchments_nearest      each school's nearest-school catchment, with children and seats
//   catchments_capacity     with --capacity: the cells each school takes within its seats
//   catchments_unassigned   with --capacity: the children no school in reach has a seat for
//   catchments_official     the official catchments evaluated (when the project has them)
//   catchments_cells        every populated cell: nearest school, and where the assignment
//                           sends its children
//   catchments_table        one row per Grundschule, nearest and capacity side by side
// written as GeoJSON each (but the cells), catchments_table.csv, catchments.gpkg and
// catchments_parameters.json.
output_files catchments_files(const planning::planning_model& model,
                              const planning::catchments_report& r);
nlohmann::json catchments_json(const planning::catchments_report& r);
void print_catchments(std::ostream& out, const std::string& project,
                      const planning::catchments_report& r);

} // namespace standort::services
