#pragma once

#include "planning/reach/travel_costs.hpp"
#include "services/cli/report.hpp"
#include "services/load/load_network.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>

namespace standort::services::cli {

// --travel and --mode, shared by the commands that measure travel.
struct travel_args {
    std::string travel = "auto"; // auto: the network when the project has one
    std::string mode;            // empty: the project's
};
void add_travel_options(CLI::App& cmd, travel_args& args);

// A distance or time given to `option` ("1000", "1 km", "10 min"); throws config_error.
planning::travel_cost parse_cost_option(const std::string& text, std::string_view option);
// A comma-separated list of them, all distances or all times, returned near to far.
std::vector<planning::travel_cost> parse_cost_list_option(const std::string& text,
                                                          std::string_view option);

// The network a command runs on (built once, for all its analyses), or none for straight
// lines. Keeps the network alive as long as the costs that point to it.
struct travel_setup {
    std::unique_ptr<loaded_network> network;
    planning::travel_costs costs;
    nlohmann::json describe() const; // for the parameters side-car and --json
};
travel_setup open_travel(const global_options& options, const loaded_project& project,
                         const travel_args& args);

} // namespace standort::services::cli
