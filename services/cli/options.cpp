#include "services/cli/options.hpp"

#include "geo/error.hpp"

#include <fmt/format.h>

#include <sstream>

namespace standort::services::cli {

void add_project_options(CLI::App& cmd, project_args& args, bool with_out) {
    cmd.add_option("project", args.project, "The project file (YAML)")->required();
    if (with_out) {
        cmd.add_option("--out,-o", args.out, "Output folder (created when missing)")->required();
    }
}

void add_extra_output_options(CLI::App& cmd, extra_outputs& extras, bool with_maps) {
    cmd.add_flag("--xlsx", extras.xlsx,
                 "Also write the tables as one Excel workbook (a sheet per table, German "
                 "headers)");
    if (with_maps) {
        cmd.add_flag("--maps", extras.maps,
                     "Also render this analysis's council maps (karten/, PDF and PNG, A4 at "
                     "300 dpi) and the folder's QGIS project standort.qgz with QGIS");
    }
}

void add_travel_options(CLI::App& cmd, travel_args& args) {
    cmd.add_option("--travel", args.travel,
                   "How to measure: network (the project's `network:`), straight, or auto "
                   "(network when the project has one)")
        ->check(CLI::IsMember({"auto", "network", "straight"}));
    cmd.add_option("--mode", args.mode, "Travel mode on the network: walk, cycle or drive")
        ->check(CLI::IsMember({"walk", "cycle", "drive"}));
}

planning::travel_request travel_request(const travel_args& args) {
    planning::travel_request out;
    if (const auto choice = planning::parse_travel_choice(args.travel)) {
        out.choice = *choice;
    }
    if (!args.mode.empty()) {
        out.mode = geo::network::parse_travel_mode(args.mode);
    }
    return out;
}

planning::travel_cost parse_cost_option(const std::string& text, std::string_view option) {
    const auto cost = planning::parse_travel_cost(text);
    if (!cost) {
        throw request_error(std::string(option),
                            fmt::format("{} '{}' is not a distance (1000, 1000 m, 1 km) or a time "
                                        "(10 min) above 0",
                                        option, text));
    }
    return *cost;
}

std::vector<planning::travel_cost> parse_cost_list_option(const std::string& text,
                                                          std::string_view option) {
    std::vector<planning::travel_cost> out;
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, ',')) {
        out.push_back(parse_cost_option(part, option));
    }
    return out;
}

} // namespace standort::services::cli
