#pragma once

#include "geo/feature_layer.hpp"
#include "geo/write_layer.hpp"
#include "planning/model/model.hpp"
#include "planning/reports.hpp"
#include "services/load/open_project.hpp"
#include "services/render/output_files.hpp"

#include <set>
#include <vector>

namespace standort::services {

// The joined base layers a planner opens in QGIS, with self-explaining field names:
//   districts   polygons with persons per year (total and each band under 18), Kita places
//               and school seats inside
//   facilities  points with kind, capacity, their district and catchment
//   catchments  polygons with the schools inside and their seats (when the project has them)
//   population  table: district, year, age band, persons (long, for pivot tables)
//   enrolment   table: facility, school year, grade, pupils (when the project has it)
std::vector<geo::feature_layer> make_export_layers(const planning::planning_model& model,
                                                   const planning::base_report& base);

// The files `export` writes: each spatial layer as GeoJSON (when asked for), the tables always
// as CSV, all spatial layers in standort.gpkg (when asked for), and validation.json.
output_files export_files(const opened_project& project,
                          const std::set<geo::output_format>& formats);

// The base layers the council maps draw underneath every analysis (districts, facilities,
// catchments, styled), alone in standort.gpkg: what an analysis's `--maps` writes beside it.
output_files base_layer_files(const opened_project& project);

} // namespace standort::services
