#pragma once

#include "geo/types.hpp"

#include <optional>
#include <string>
#include <vector>

namespace standort::geo {

// Checks a polygonal geometry with GEOS and, when it is invalid, repairs it in place with
// GEOS MakeValid (Boost 1.74 has no make_valid), keeping only polygonal parts. Returns what was
// wrong ("Self-intersection at or near point 3 4", "ring with 3 points removed"), or nullopt
// when the geometry was valid. Non-polygonal geometries are returned as valid. Afterwards
// polygon rings are oriented and closed the way Boost.Geometry expects.
std::optional<std::string> make_valid(geometry& g);

// Rounds a polygon's coordinates to multiples of `grid` (1e-7 for GeoJSON's 7 decimals) so
// that it stays valid: GEOS snap-rounding, which moves crossing rings apart instead of letting
// them cross. Returns whether plain rounding would have made it invalid.
bool round_valid(multi_polygon& mp, double grid);

// GEOS's point on surface: a point guaranteed inside a polygon (a centroid may lie outside).
point point_on_surface(const multi_polygon& mp);

} // namespace standort::geo
