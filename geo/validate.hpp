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

// How a set of polygons meant to tile an area (a coverage, such as school catchments over a
// city) fails to: where two overlap, and where the area is left uncovered. Parts smaller than
// `min_area` (in squared CRS units) are ignored: independently digitised layers always differ
// by slivers along their borders.
struct coverage_overlap {
    std::size_t first = 0; // indices into `parts`
    std::size_t second = 0;
    double area = 0.0;
    point where; // a point inside the overlap
};
struct coverage_gap {
    double area = 0.0;
    point where;
};
struct coverage_report {
    std::vector<coverage_overlap> overlaps;
    std::vector<coverage_gap> gaps;
};
coverage_report check_coverage(const std::vector<const multi_polygon*>& parts,
                               const std::vector<const multi_polygon*>& area_to_cover,
                               double min_area);

// GEOS's point on surface: a point guaranteed inside a polygon (a centroid may lie outside).
point point_on_surface(const multi_polygon& mp);

} // namespace standort::geo
