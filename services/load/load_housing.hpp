#pragma once

#include "planning/forecast/housing_area.hpp"
#include "planning/model/model.hpp"
#include "services/load/project_file.hpp"

#include <vector>

namespace standort::services {

// Reads the project's `housing:` table into housing areas of known districts. A row naming an
// unknown district, a missing or unreadable number, or last_year before first_year throws
// input_error naming the file, the row and the field. No `housing:` section: no areas.
std::vector<planning::housing_area> load_housing(const project_file& file,
                                                 const planning::planning_model& model);

} // namespace standort::services
