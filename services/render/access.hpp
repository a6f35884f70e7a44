#pragma once

#include "planning/reports.hpp"
#include "services/render/output_files.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

namespace standort::services {

// The accessibility index (2SFCA family):
//   access_districts   districts with the demand-weighted mean index per kind (1 = average)
//   access_facilities  every facility with its places and places per child in its reach
//   access_units       every demand unit with its places per child and index
// written as access_districts.geojson, access_facilities.geojson, access.gpkg (all three) and
// access_parameters.json.
output_files access_files(const planning::planning_model& model, const planning::access_report& r);
nlohmann::json access_json(const planning::access_report& r);
void print_access(std::ostream& out, const std::string& project, const planning::access_report& r);

} // namespace standort::services
