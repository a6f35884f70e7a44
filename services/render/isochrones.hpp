#pragma once

#include "planning/reports.hpp"
#include "services/render/output_files.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

namespace standort::services {

// Service areas: one polygon per facility and limit, far limits first so a map draws the near
// ones on top, written as isochrones.geojson, isochrones.gpkg, isochrones_table.csv and
// isochrones_parameters.json.
output_files isochrones_files(const planning::planning_model& model,
                              const planning::isochrones_report& r);
nlohmann::json isochrones_json(const planning::isochrones_report& r);
void print_isochrones(std::ostream& out, const planning::isochrones_report& r);

} // namespace standort::services
