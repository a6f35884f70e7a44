#pragma once

#include "planning/reports.hpp"
#include "services/render/output_files.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

namespace standort::services {

// The coverage analysis as a planner opens it:
//   coverage_districts  districts with, per kind, children, children and share within each
//                       threshold, and the child-weighted mean distance to the nearest facility
//   coverage_gaps       populated areas beyond the first threshold, with the children by band
//   coverage_units      every demand unit with its nearest facility and distance per kind
//   coverage_table      one row per district, kind and threshold
// written as coverage_districts.geojson, coverage_gaps.geojson, coverage.gpkg (all three
// layers), coverage_table.csv and coverage_parameters.json. Without `units` the gpkg leaves
// coverage_units out (a feature per grid cell: millions at Germany's scale). With `units`, that
// layer is streamed when written: `model` and `report` must outlive the files' write(), and
// its layer() holds no features (the server asks for no units).
output_files coverage_files(const planning::planning_model& model,
                            const planning::coverage_report& r, bool units = true);
nlohmann::json coverage_json(const planning::coverage_report& r);
void print_coverage(std::ostream& out, const std::string& project,
                    const planning::coverage_report& r);

} // namespace standort::services
