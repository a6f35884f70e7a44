#include "services/cli/travel_options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

namespace standort::services::cli {

void add_travel_options(CLI::App& cmd, travel_args& args) {
    cmd.add_option("--travel", args.travel,
                   "How to measure: network (the project's `network:`), straight, or auto "
                   "(network when the project has one)")
        ->check(CLI::IsMember({"auto", "network", "straight"}));
    cmd.add_option("--mode", args.mode, "Travel mode on the network: walk, cycle or drive")
        ->check(CLI::IsMember({"walk", "cycle", "drive"}));
}

planning::travel_cost parse_cost_option(const std::string& text, std::string_view option) {
    const auto cost = planning::parse_travel_cost(text);
    if (!cost) {
        throw config_error(fmt::format("{} '{}' is not a distance (1000, 1000 m, 1 km) or a time "
                                       "(10 min) above 0", option, text));
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
        if (out.back().metric != out.front().metric) {
            throw config_error(fmt::format("{} mixes distances and times; use one", option));
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.value < b.value; });
    return out;
}

travel_setup open_travel(const global_options& options, const loaded_project& project,
                         const travel_args& args) {
    travel_setup out;
    const bool use_network =
        args.travel == "network" || (args.travel == "auto" && project.file.network.has_value());
    if (!use_network) {
        if (!args.mode.empty()) {
            throw config_error("--mode needs the street network; drop --travel straight");
        }
        return out;
    }
    std::optional<geo::network::travel_mode> mode;
    if (!args.mode.empty()) {
        mode = geo::network::parse_travel_mode(args.mode);
    }
    out.network = std::make_unique<loaded_network>(
        load_network(project, mode, terminal_progress(options)));
    end_progress(options);
    out.costs = planning::travel_costs(out.network->network);
    return out;
}

nlohmann::json travel_setup::describe() const {
    nlohmann::json j{{"travel", costs.describe()}};
    if (network) {
        const auto& net = network->network;
        const auto& s = net.stats();
        j["network"] = {{"source", network->source},
                        {"mode", to_string(net.options().mode)},
                        {"walk_speed_kmh", net.options().speeds.walk_kmh},
                        {"cycle_speed_kmh", net.options().speeds.cycle_kmh},
                        {"features", network->features},
                        {"ways_used", s.ways_used},
                        {"nodes", net.node_count()},
                        {"edges", net.edges().size()},
                        {"length_km", s.length_km},
                        {"components", s.components},
                        {"edges_outside_main_component", s.edges_outside_main}};
    }
    return j;
}

} // namespace standort::services::cli
