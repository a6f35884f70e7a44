#pragma once

#include "geo/detail/geos_handle.hpp"
#include "geo/types.hpp"

#include <string>

namespace standort::geo::detail {

// Our multipolygon as a GEOS multipolygon. Unclosed rings are closed; rings with fewer than 4
// positions cannot be GEOS rings and are left out, counted in `dropped_rings`.
geos_geometry to_geos(const geos_context& ctx, multi_polygon mp, std::size_t& dropped_rings);

// The polygons of any GEOS geometry appended to `into`; non-polygonal parts are counted.
void collect_polygons(const geos_context& ctx, const GEOSGeometry* g, multi_polygon& into,
                      std::size_t& other_parts);

// A string GEOS allocated, copied and freed.
std::string take_string(const geos_context& ctx, char* s);

} // namespace standort::geo::detail
