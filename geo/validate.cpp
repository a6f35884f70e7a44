#include "geo/validate.hpp"

#include "geo/detail/geos_convert.hpp"
#include "geo/error.hpp"

#include <boost/geometry/algorithms/correct.hpp>
#include <boost/geometry/algorithms/for_each.hpp>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace standort::geo {

using detail::collect_polygons;
using detail::geos_context;
using detail::geos_geometry;
using detail::take_string;
using detail::to_geos;

bool round_valid(multi_polygon& mp, double grid) {
    multi_polygon rounded = mp;
    boost::geometry::for_each_point(rounded, [grid](point& p) {
        p.x(std::round(p.x() / grid) * grid);
        p.y(std::round(p.y() / grid) * grid);
    });
    geos_context ctx;
    std::size_t dropped = 0;
    geos_geometry plain = to_geos(ctx, rounded, dropped);
    if (plain && GEOSisValid_r(ctx.get(), plain.get()) == 1) {
        mp = std::move(rounded);
        return false;
    }
    geos_geometry source = to_geos(ctx, mp, dropped);
    geos_geometry snapped =
        detail::own(ctx, GEOSGeom_setPrecision_r(ctx.get(), source.get(), grid, 0));
    if (!snapped) {
        throw internal_error("GEOS could not round a polygon: " + ctx.last_message());
    }
    multi_polygon out;
    std::size_t other_parts = 0;
    collect_polygons(ctx, snapped.get(), out, other_parts);
    boost::geometry::correct(out);
    mp = std::move(out);
    return true;
}

std::optional<std::string> make_valid(geometry& g) {
    auto* mp = std::get_if<multi_polygon>(&g);
    if (!mp) {
        return std::nullopt;
    }
    geos_context ctx;
    std::size_t dropped_rings = 0;
    geos_geometry source = to_geos(ctx, *mp, dropped_rings);
    if (!source) {
        throw input_error("GEOS could not build a polygon from the coordinates");
    }
    const char valid = GEOSisValid_r(ctx.get(), source.get());
    if (valid == 1 && dropped_rings == 0) {
        boost::geometry::correct(*mp);
        return std::nullopt;
    }
    std::string reason;
    if (dropped_rings > 0) {
        reason = fmt::format("{} ring(s) with fewer than 4 positions removed", dropped_rings);
    }
    if (valid != 1) {
        if (!reason.empty()) {
            reason += "; ";
        }
        reason += take_string(ctx, GEOSisValidReason_r(ctx.get(), source.get()));
        geos_geometry repaired = detail::own(ctx, GEOSMakeValid_r(ctx.get(), source.get()));
        if (!repaired) {
            throw internal_error("GEOS MakeValid failed on an invalid polygon: " + reason);
        }
        multi_polygon out;
        std::size_t other_parts = 0;
        collect_polygons(ctx, repaired.get(), out, other_parts);
        if (other_parts > 0) {
            reason += fmt::format(" ({} collapsed line or point part(s) dropped)", other_parts);
        }
        *mp = std::move(out);
    } else {
        // Only short rings: rebuild from what GEOS accepted.
        multi_polygon out;
        std::size_t other_parts = 0;
        collect_polygons(ctx, source.get(), out, other_parts);
        *mp = std::move(out);
    }
    boost::geometry::correct(*mp);
    return reason;
}

point point_on_surface(const multi_polygon& mp) {
    geos_context ctx;
    std::size_t dropped = 0;
    geos_geometry source = to_geos(ctx, mp, dropped);
    geos_geometry p = detail::own(ctx, GEOSPointOnSurface_r(ctx.get(), source.get()));
    double x = 0;
    double y = 0;
    if (!p || GEOSisEmpty_r(ctx.get(), p.get()) || !GEOSGeomGetX_r(ctx.get(), p.get(), &x) ||
        !GEOSGeomGetY_r(ctx.get(), p.get(), &y)) {
        throw internal_error("GEOS found no point on the surface of an empty polygon");
    }
    return point{x, y};
}

} // namespace standort::geo
