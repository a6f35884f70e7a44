#pragma once

#include "services/load/open_project.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace standort::services {

// What `inspect` shows: the project, the working CRS and why, every input with its CRS and
// extent, what the model holds (districts, facilities by kind, catchments, population years,
// the grid, enrolment) and the validation report.
nlohmann::json inspect_json(const opened_project& project);
void print_inspect(std::ostream& out, const opened_project& project);

} // namespace standort::services
