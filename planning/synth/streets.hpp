#pragma once

#include "planning/synth/municipality.hpp"
#include "planning/synth/random.hpp"

#include <functional>
#include <vector>

namespace standort::planning::synth {

struct street_inputs {
    const std::vector<settlement>* settlements = nullptr;
    geo::point region_centre;
    double region_radius = 0;
    double spacing_m = 200;
    std::function<bool(double, double)> contains;
};

struct street_network {
    std::vector<street> streets;
    geo::linestring river;
    geo::linestring railway;
};

// A street network an OSM extract would give: a grid of residential streets in every
// settlement with through roads, roads between neighbouring settlements (a spanning tree plus
// the nearest neighbours, so everything is connected), and a river and a railway that local
// streets cross only at a few bridges and crossings, forcing detours.
street_network make_street_network(const street_inputs& in, random& r);

} // namespace standort::planning::synth
