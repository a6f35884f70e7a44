#pragma once

#include "services/load/open_project.hpp"
#include "services/server/collections.hpp"

#include <string>
#include <vector>

namespace standort::services::server {

struct computed_layers {
    collection_set collections;
    std::vector<std::string> done;    // "Versorgung", ...
    std::vector<std::string> skipped; // "Prognose: <why>"
};

// The base layers and every analysis the project can carry, computed through the planner
// with its defaults (as the CLI runs them without options): supply, coverage, the access
// index (E2SFCA), catchments (nearest, capacity, official), the Kitas' isochrones and the
// forecast. An analysis the project cannot carry (no street network, too few years) is
// skipped with its reason; the per-cell layers (millions of features at a country's scale)
// are left to the files.
computed_layers compute_layers(const opened_project& project, const progress_callback& progress);

} // namespace standort::services::server
