#pragma once

#include "geo/types.hpp"

#include <vector>

namespace standort::geo {

// The union of polygons that share edges exactly and do not overlap (raster blocks, cells):
// GEOS's coverage union, much faster than a general union, with the general union where the
// coverage union refuses (cells touching only at corners).
multi_polygon dissolve(const std::vector<multi_polygon>& parts);

// The area within `distance` of the lines (round ends), as one dissolved multipolygon: a
// service area drawn from the streets a search reached.
multi_polygon buffer_lines(const multi_linestring& lines, double distance);
// `area` grown by the area within `distance` of more lines: a farther service area from a
// nearer one and the streets reached beyond it, without buffering the nearer streets again.
multi_polygon grow_by_lines(const multi_polygon& area, const multi_linestring& lines,
                            double distance);

// The area two polygons share (m² in a projected CRS), by GEOS, robust where Boost.Geometry
// refuses real-world rings (self-touching, nearly collinear). 0 when they do not meet.
double intersection_area(const multi_polygon& a, const multi_polygon& b);

// How a set of polygons meant to tile an area (a coverage, such as school catchments over a
// city) fails to: where two overlap, and where the area is left uncovered. Parts smaller than
// `min_area` (in squared CRS units) are ignored: independently digitised layers always differ
// by slivers along their borders. Without an area to cover, only the overlaps are sought.
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

} // namespace standort::geo
