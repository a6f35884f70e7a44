#pragma once

#include "planning/requests.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace standort::services::cli {

// The options several commands share, parsed into the planner's request types. A value that
// cannot be read throws request_error naming the option (exit 2).

// The project file and, for analyses, the output folder.
struct project_args {
    std::string project;
    std::string out;
};
void add_project_options(CLI::App& cmd, project_args& args, bool with_out = true);

// What an analysis writes besides its own files, when asked.
struct extra_outputs {
    bool xlsx = false; // --xlsx: its tables once more as one workbook, <analysis>.xlsx
    bool maps = false; // --maps: its council maps (karten/) and the folder's standort.qgz
};
void add_extra_output_options(CLI::App& cmd, extra_outputs& extras, bool with_maps = true);

// --travel and --mode.
struct travel_args {
    std::string travel = "auto"; // auto: the network when the project has one
    std::string mode;            // empty: the project's
};
void add_travel_options(CLI::App& cmd, travel_args& args);
planning::travel_request travel_request(const travel_args& args);

// A distance or time given to `option` ("1000", "1 km", "10 min").
planning::travel_cost parse_cost_option(const std::string& text, std::string_view option);
// A comma-separated list of them.
std::vector<planning::travel_cost> parse_cost_list_option(const std::string& text,
                                                          std::string_view option);

} // namespace standort::services::cli
