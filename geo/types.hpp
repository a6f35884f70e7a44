#pragma once

#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/linestring.hpp>
#include <boost/geometry/geometries/multi_linestring.hpp>
#include <boost/geometry/geometries/multi_point.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>

#include <variant>

namespace standort::geo {

// Planar coordinates in the layer's CRS: metres in a projected working CRS, or lon/lat degrees
// (x = longitude) for geographic data. Boost.Geometry's polygon default is clockwise exterior
// rings, closed; conversions call boost::geometry::correct so every polygon obeys it.
using point = boost::geometry::model::d2::point_xy<double>;
using box = boost::geometry::model::box<point>;
using linestring = boost::geometry::model::linestring<point>;
using polygon = boost::geometry::model::polygon<point>;
using multi_point = boost::geometry::model::multi_point<point>;
using multi_linestring = boost::geometry::model::multi_linestring<linestring>;
using multi_polygon = boost::geometry::model::multi_polygon<polygon>;

// A feature's geometry. Lines and polygons are always held as multi-geometries, so code that
// reads them has one case each; points stay single because facilities are single points.
using geometry = std::variant<std::monostate, point, multi_point, multi_linestring, multi_polygon>;

bool is_empty(const geometry& g);

// The bounding box; an inverse (min > max) box for an empty geometry.
box envelope(const geometry& g);

// Grows `into` by `other`, treating an inverse box as empty.
void expand(box& into, const box& other);
bool is_valid_box(const box& b);

double area(const geometry& g);

} // namespace standort::geo
