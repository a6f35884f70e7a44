#pragma once

#include "geo/types.hpp"

#include <optional>
#include <vector>

namespace standort::geo {

// Demand points as areas. A grid's points (the Zensus 100 m grid, a 250 m grid, any regular
// lattice, also after reprojection) stand for squares of the grid's spacing; points that are
// no grid (address points, building centroids) stand for their Voronoi cells.

// The spacing of points on a regular grid: the median distance to the nearest neighbour, when
// at least 90 % of (up to 2,000 evenly sampled) points have their nearest neighbour within 2 %
// of it. None for fewer than 4 points, for points at one spot, and for irregular points.
std::optional<double> grid_spacing(const std::vector<point>& points);

// The median distance from a point to its nearest other point (0 for fewer than 2).
double median_neighbour_distance(const std::vector<point>& points);

// The area each point stands for where points are no grid: its Voronoi cell, no farther than
// `radius` from the point, and inside `within[i]` where that is given (a district). Cells
// never overlap, so their unions are valid and their areas add up; points at one spot share a
// cell. Throws internal_error when GEOS fails.
std::vector<multi_polygon> voronoi_areas(const std::vector<point>& points,
                                         const std::vector<const multi_polygon*>& within,
                                         double radius);

} // namespace standort::geo
