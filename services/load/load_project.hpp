#pragma once

#include "geo/finding.hpp"
#include "geo/types.hpp"
#include "planning/model/build_model.hpp"
#include "services/load/project_file.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace standort::services {

// What was read from one source, for `inspect`.
struct input_summary {
    std::string role;
    std::string source;
    std::string layer;
    std::size_t features = 0;
    std::string crs;        // as read (declared or override)
    std::string crs_origin; // declared, override, none
    std::optional<geo::box> extent_lonlat;
};

struct loaded_project {
    project_file file;
    std::string working_crs;
    std::string working_crs_reason;
    std::vector<input_summary> inputs;
    findings found;
    // Present when every input was read in a usable CRS; findings may still hold errors.
    std::optional<planning::planning_model> model;
};

using progress_callback = std::function<void(const std::string& step)>;

// Reads the project file and every input it names, reprojects everything into the working CRS
// and builds the planning model. Problems in the data become findings; a missing file, a
// missing field or a broken project file throw (config_error, input_error).
loaded_project load_project(const std::filesystem::path& project_path,
                            const progress_callback& progress = {});

} // namespace standort::services
