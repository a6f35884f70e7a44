#include "geo/point_areas.hpp"

#include "geo/detail/geos_convert.hpp"
#include "geo/error.hpp"

#include <boost/geometry/algorithms/distance.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/geometry/strategies/strategies.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>

namespace standort::geo {

namespace bgi = boost::geometry::index;
using detail::geos_context;
using detail::geos_geometry;

namespace {

using point_entry = std::pair<point, std::size_t>;
using point_tree = bgi::rtree<point_entry, bgi::rstar<16>>;

point_tree index_points(const std::vector<point>& points) {
    std::vector<point_entry> entries;
    entries.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        entries.emplace_back(points[i], i);
    }
    return point_tree(entries); // packed
}

// Nearest-neighbour distances of up to 2,000 points spread evenly over the input.
std::vector<double> neighbour_distances(const std::vector<point>& points) {
    std::vector<double> out;
    if (points.size() < 2) {
        return out;
    }
    const point_tree tree = index_points(points);
    const std::size_t step = std::max<std::size_t>(1, points.size() / 2000);
    for (std::size_t i = 0; i < points.size(); i += step) {
        double best = std::numeric_limits<double>::infinity();
        for (auto it = tree.qbegin(bgi::nearest(points[i], 2)); it != tree.qend(); ++it) {
            if (it->second != i) {
                best = std::min(best, boost::geometry::distance(points[i], it->first));
            }
        }
        out.push_back(best);
    }
    std::sort(out.begin(), out.end());
    return out;
}

geos_geometry geos_point(const geos_context& ctx, const point& p) {
    return detail::own(ctx, GEOSGeom_createPointFromXY_r(ctx.get(), p.x(), p.y()));
}

} // namespace

double median_neighbour_distance(const std::vector<point>& points) {
    const auto d = neighbour_distances(points);
    return d.empty() ? 0.0 : d[d.size() / 2];
}

std::optional<double> grid_spacing(const std::vector<point>& points) {
    if (points.size() < 4) {
        return std::nullopt;
    }
    const auto d = neighbour_distances(points);
    const double median = d[d.size() / 2];
    if (!(median > 0)) {
        return std::nullopt;
    }
    const auto close = std::count_if(
        d.begin(), d.end(), [&](double x) { return std::abs(x - median) <= 0.02 * median; });
    if (10 * static_cast<std::size_t>(close) < 9 * d.size()) {
        return std::nullopt;
    }
    return median;
}

std::vector<multi_polygon> voronoi_areas(const std::vector<point>& points,
                                         const std::vector<const multi_polygon*>& within,
                                         double radius) {
    std::vector<multi_polygon> out(points.size());
    if (points.empty()) {
        return out;
    }
    geos_context ctx;
    // One site per distinct location: GEOS merges coincident points anyway.
    std::map<std::pair<double, double>, std::size_t> site_of;
    std::vector<point> sites;
    std::vector<std::size_t> site(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        auto [it, inserted] =
            site_of.emplace(std::pair{points[i].x(), points[i].y()}, sites.size());
        if (inserted) {
            sites.push_back(points[i]);
        }
        site[i] = it->second;
    }
    std::vector<GEOSGeometry*> parts;
    parts.reserve(sites.size());
    for (const auto& p : sites) {
        parts.push_back(GEOSGeom_createPointFromXY_r(ctx.get(), p.x(), p.y()));
    }
    geos_geometry all =
        detail::own(ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_MULTIPOINT, parts.data(),
                                                     static_cast<unsigned>(parts.size())));
    // The diagram's envelope reaches `radius` past the points, so every clipped cell is whole.
    geos_geometry frame = detail::own(
        ctx, GEOSBuffer_r(ctx.get(), GEOSEnvelope_r(ctx.get(), all.get()), 2 * radius, 1));
    geos_geometry cells =
        detail::own(ctx, GEOSVoronoiDiagram_r(ctx.get(), all.get(), frame.get(), 0.0, 0));
    if (!all || !frame || !cells) {
        throw internal_error("GEOS could not draw the Voronoi cells: " + ctx.last_message());
    }
    // Which site each cell belongs to: the one it contains.
    const point_tree tree = index_points(sites);
    std::vector<const GEOSGeometry*> cell_of(sites.size(), nullptr);
    const int n = GEOSGetNumGeometries_r(ctx.get(), cells.get());
    for (int c = 0; c < n; ++c) {
        const GEOSGeometry* cell = GEOSGetGeometryN_r(ctx.get(), cells.get(), c);
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        GEOSGeom_getXMin_r(ctx.get(), cell, &x0);
        GEOSGeom_getYMin_r(ctx.get(), cell, &y0);
        GEOSGeom_getXMax_r(ctx.get(), cell, &x1);
        GEOSGeom_getYMax_r(ctx.get(), cell, &y1);
        for (auto it = tree.qbegin(bgi::intersects(box{{x0, y0}, {x1, y1}})); it != tree.qend();
             ++it) {
            geos_geometry p = geos_point(ctx, it->first);
            if (!cell_of[it->second] && GEOSCovers_r(ctx.get(), cell, p.get()) == 1) {
                cell_of[it->second] = cell;
                break;
            }
        }
    }
    std::size_t dropped = 0;
    std::vector<multi_polygon> site_area(sites.size());
    for (std::size_t s = 0; s < sites.size(); ++s) {
        if (!cell_of[s]) {
            throw internal_error("GEOS drew no Voronoi cell for a point");
        }
        geos_geometry p = geos_point(ctx, sites[s]);
        geos_geometry disc = detail::own(ctx, GEOSBuffer_r(ctx.get(), p.get(), radius, 8));
        geos_geometry near =
            detail::own(ctx, GEOSIntersection_r(ctx.get(), cell_of[s], disc.get()));
        if (!near) {
            throw internal_error("GEOS could not clip a Voronoi cell: " + ctx.last_message());
        }
        std::size_t other = 0;
        detail::collect_polygons(ctx, near.get(), site_area[s], other);
    }
    // Clipped to the point's district: most cells lie inside it (a prepared test), the rest
    // are intersected. Each district is converted and prepared once.
    struct prepared_deleter {
        GEOSContextHandle_t handle = nullptr;
        void operator()(const GEOSPreparedGeometry* g) const noexcept {
            GEOSPreparedGeom_destroy_r(handle, g);
        }
    };
    struct prepared_area {
        geos_geometry shape;
        std::unique_ptr<const GEOSPreparedGeometry, prepared_deleter> prepared;
    };
    std::map<const multi_polygon*, prepared_area> districts;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const multi_polygon& area = site_area[site[i]];
        if (i >= within.size() || !within[i]) {
            out[i] = area;
            continue;
        }
        auto [it, inserted] = districts.try_emplace(within[i]);
        if (inserted) {
            it->second.shape = detail::to_geos(ctx, *within[i], dropped);
            it->second.prepared = {GEOSPrepare_r(ctx.get(), it->second.shape.get()),
                                   prepared_deleter{ctx.get()}};
        }
        geos_geometry a = detail::to_geos(ctx, area, dropped);
        if (it->second.prepared &&
            GEOSPreparedCovers_r(ctx.get(), it->second.prepared.get(), a.get()) == 1) {
            out[i] = area;
            continue;
        }
        geos_geometry clipped =
            detail::own(ctx, GEOSIntersection_r(ctx.get(), a.get(), it->second.shape.get()));
        if (!clipped) {
            throw internal_error("GEOS could not clip a Voronoi cell: " + ctx.last_message());
        }
        std::size_t other = 0;
        detail::collect_polygons(ctx, clipped.get(), out[i], other);
    }
    return out;
}

} // namespace standort::geo
