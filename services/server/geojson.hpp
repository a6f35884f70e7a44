#pragma once

#include "geo/feature_layer.hpp"

#include <nlohmann/json.hpp>

namespace standort::services::server {

// GeoJSON geometry for a response, coordinates rounded to `decimals` (7 for degrees: about
// 1 cm; 2 for metres), polygons wound as RFC 7946 asks (exterior counter-clockwise, holes
// clockwise). `lat_first` writes latitude first, as EPSG:4326 defines its axes; only CRS84
// output is RFC 7946 GeoJSON proper. No geometry gives null.
nlohmann::json geometry_json(const geo::geometry& g, int decimals, bool lat_first = false);

// The feature's properties by field name; reals that are not finite become null (JSON has
// no NaN).
nlohmann::json properties_json(const geo::feature_layer& layer, const geo::feature& f);

} // namespace standort::services::server
