#pragma once

#include "geo/feature_layer.hpp"
#include "geo/finding.hpp"
#include "planning/model/model.hpp"
#include "planning/model/model_spec.hpp"

#include <memory>
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

// The population grid of `model` (which holds its districts and population table), built cell
// by cell as a reader streams them, so that a country's millions of cells never sit in memory
// as features: `header` is the grid layer's schema. build_model does the same with a read
// layer. Throws input_error when a field the mapping names does not exist.
class grid_builder {
public:
    grid_builder(const grid_mapping& spec, const geo::feature_layer& header, planning_model& model);
    ~grid_builder();
    grid_builder(const grid_builder&) = delete;
    grid_builder& operator=(const grid_builder&) = delete;

    void add(const geo::feature& cell);
    // Cells outside every district, what the points stand for (squares or Voronoi cells) and
    // the grid against the population table of its year.
    findings finish();

private:
    struct state;
    std::unique_ptr<state> m;
};

} // namespace standort::planning
