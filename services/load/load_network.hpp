#pragma once

#include "geo/network/street_network.hpp"
#include "services/load/load_project.hpp"

#include <optional>

namespace standort::services {

struct loaded_network {
    std::string source;
    std::size_t features = 0;
    std::size_t without_class = 0; // lines that are no street (rivers, power lines)
    findings found;
    geo::network::street_network network;
};

// Reads the project's `network:` layer into the working CRS and builds the graph of the
// mode (the project's, or `mode` when given). Throws config_error when the project has no
// network, input_error when the layer cannot be read.
loaded_network load_network(const loaded_project& project,
                            std::optional<geo::network::travel_mode> mode = std::nullopt,
                            const progress_callback& progress = {});

} // namespace standort::services
