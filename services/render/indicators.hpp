#pragma once

#include "planning/planner.hpp"
#include "services/render/output_files.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

namespace standort::services {

// The Bildungsmonitoring's indicators as the office and the council read them:
//   indicators.csv              the long table: area, level, year, indicator, value, numerator,
//                               denominator (each indicator's definition in the JSON)
//   indicators_wide.csv         one row per area, a column per indicator and year (Excel)
//   indicators_districts.geojson, indicators.gpkg
//                               the districts year by year (temporal: `year`), a field per
//                               indicator, styled by the Betreuungsquote U3
//   indicators_definitions.json every indicator's German title, definition and source, the
//                               notes, and the publication rules applied
output_files indicator_files(const planning::planning_model& model,
                             const planning::indicator_report& r,
                             const planning::publication_rules* published, double target_u3,
                             double target_ue3);
// The office's side-car of a publication: every suppressed cell with its value and reason.
output_files suppressed_files(const planning::published_report& p);
nlohmann::json indicators_json(const planning::indicator_report& r);
void print_indicators(std::ostream& out, const std::string& project,
                      const planning::indicator_report& r, const planning::published_report* p);

} // namespace standort::services
