#include "services/cli/travel_options.hpp"

#include <fmt/format.h>

namespace standort::services::cli {

void add_travel_options(CLI::App& cmd, travel_args& args) {
    cmd.add_option("--travel", args.travel,
                   "How to measure: network (the project's `network:`), straight, or auto "
                   "(network when the project has one)")
        ->check(CLI::IsMember({"auto", "network", "straight"}));
    cmd.add_option("--mode", args.mode, "Travel mode on the network: walk, cycle or drive")
        ->check(CLI::IsMember({"walk", "cycle", "drive"}));
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
