#pragma once

#include "geo/finding.hpp"
#include "geo/types.hpp"
#include "planning/planner.hpp"
#include "services/load/project_file.hpp"

#include <filesystem>
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

using progress_callback = planning::progress_callback;

// What a command needs beyond the districts, facilities, catchments, population, enrolment
// and grid every project loads: reading a street network of a country takes seconds, and a
// bad housing table must not stop an analysis that does not use it.
struct open_options {
    bool streets = false; // the `network:` layer, when the project has one
    bool housing = false; // the `housing:` table, when the project has one
    // The model from this education database (every year it holds) instead of the project's
    // input files; the project file still gives the settings, the housing areas, the streets.
    std::string database = {};
    progress_callback progress = {};
};

struct opened_project {
    project_file file;
    std::string working_crs;
    std::string working_crs_reason;
    std::vector<input_summary> inputs;
    findings found;
    // Present when every input was read in a usable CRS; findings may still hold errors.
    std::optional<planning::planner> planner;

    bool usable() const { return planner && !has_errors(found); }
    const planning::planning_model& model() const { return planner->model(); }
};

// The one way a front end opens a project: reads the project file and every input it names,
// reprojects everything into the working CRS, builds and validates the planning model and
// hands it to the planner, with the street network and the housing areas when asked for.
// Problems in the data become findings; a missing file, a missing field or a broken project
// file throw (config_error, input_error).
opened_project open_project(const std::filesystem::path& project_path,
                            const open_options& options = {});

} // namespace standort::services
