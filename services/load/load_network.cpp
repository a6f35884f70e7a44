#include "services/load/load_network.hpp"

#include "geo/network/street_ways.hpp"
#include "geo/read_layer.hpp"
#include "geo/transform.hpp"

#include <fmt/format.h>

namespace standort::services {

loaded_network load_network(const loaded_project& project,
                            std::optional<geo::network::travel_mode> mode,
                            const progress_callback& progress) {
    if (!project.file.network) {
        throw config_error("no street network: add a `network:` section to the project file, or "
                           "use straight-line distances (--travel straight)",
                           error_context{project.file.path.string(), {}, std::nullopt, {}, {}});
    }
    const auto& spec = *project.file.network;
    if (progress) {
        progress("reading the street network: " + spec.source.read.source);
    }
    geo::read_options options = spec.source.read;
    if (!project.inputs.empty()) {
        options.reference_lonlat = project.inputs.front().extent_lonlat;
    }
    auto result = geo::read_layer(options);
    loaded_network out;
    out.source = spec.source.read.source;
    out.features = result.layer.features.size();
    out.found = std::move(result.found);
    for (const auto& f : out.found) {
        if (f.level == severity::error) {
            throw input_error(fmt::format("the street network cannot be used: {}", f.message),
                              f.where);
        }
    }
    geo::reproject(result.layer, project.working_crs);
    auto ways = geo::network::ways_from_layer(result.layer, spec.fields);
    out.without_class = ways.without_class;
    for (auto& f : ways.found) {
        out.found.push_back(std::move(f));
    }
    geo::network::network_options net_options = spec.options;
    if (mode) {
        net_options.mode = *mode;
    }
    if (progress) {
        progress(fmt::format("building the {} network from {} ways", to_string(net_options.mode),
                             ways.ways.size()));
    }
    out.network = geo::network::street_network::build(ways.ways, net_options);
    if (out.network.edges().empty()) {
        throw input_error(fmt::format("the street network has no way open to {} (field `{}`)",
                                      to_string(net_options.mode), spec.fields.class_field),
                          error_context{out.source, result.layer.name, std::nullopt, {},
                                        spec.fields.class_field});
    }
    return out;
}

} // namespace standort::services
