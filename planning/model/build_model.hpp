#pragma once

#include "geo/feature_layer.hpp"
#include "geo/finding.hpp"
#include "planning/model/model.hpp"
#include "planning/model/model_spec.hpp"

#include <optional>
#include <vector>

namespace standort::planning {

// The loaded layers, already in the working CRS, in the order of the spec's entries.
struct model_layers {
    std::string crs;
    geo::feature_layer districts;
    std::vector<geo::feature_layer> facilities;
    std::optional<geo::feature_layer> catchments;
    std::vector<geo::feature_layer> population;
    std::vector<geo::feature_layer> enrolment;
    std::vector<geo::feature_layer> care;
    std::vector<geo::feature_layer> ganztag;
    std::vector<geo::feature_layer> transitions;
    std::optional<geo::feature_layer> grid;
};

struct build_result {
    planning_model model;
    findings found;
};

// Turns layers into the planning model and validates it: duplicate ids, join keys unmatched on
// either side (each listed), negative or missing counts, unparsable numbers, facilities outside
// every district, Grundschulen outside every catchment, overlapping age bands. Nothing is
// dropped silently: what is left out is a finding. Throws input_error only when a field the
// spec names does not exist (the whole mapping is then wrong, not a row).
build_result build_model(const model_spec& spec, const model_layers& layers);

} // namespace standort::planning
