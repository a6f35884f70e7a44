#pragma once

#include "geo/feature_layer.hpp"
#include "geo/finding.hpp"
#include "geo/network/street_network.hpp"

#include <string>
#include <vector>

namespace standort::geo::network {

// Which fields of a line layer classify its ways. The defaults read GDAL's OSM driver output
// (`lines` layer: highway plus the hstore `other_tags`) and any GIS layer that carries OSM
// keys as columns (oneway, maxspeed, access, foot, bicycle, ... are taken when present).
struct way_fields {
    std::string class_field = "highway";
    std::string tags_field = "other_tags"; // used when the layer has it
};

struct street_ways {
    std::vector<street_way> ways;
    std::size_t without_class = 0; // lines with an empty class (rivers, power lines in OSM)
    findings found;
};

// The layer must be in a projected CRS in metres already (the caller reprojects). Throws
// input_error when the class field is missing.
street_ways ways_from_layer(const feature_layer& layer, const way_fields& fields = {});

} // namespace standort::geo::network
