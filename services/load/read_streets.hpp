#pragma once

#include "geo/types.hpp"
#include "planning/settings.hpp"
#include "services/load/project_file.hpp"

#include <optional>
#include <string>

namespace standort::services {

// Reads the project's `network:` layer into the working CRS and classifies its ways; the
// planner builds the graph of each travel mode from them. `reference_lonlat` (the districts'
// extent) lets a layer without CRS be recognised. Throws input_error when the layer cannot be
// read or has an error.
planning::street_data read_streets(const network_spec& spec, const std::string& working_crs,
                                   const std::optional<geo::box>& reference_lonlat);

} // namespace standort::services
