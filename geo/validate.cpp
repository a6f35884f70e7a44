#include "geo/validate.hpp"

#include "geo/detail/geos_handle.hpp"
#include "geo/error.hpp"

#include <boost/geometry/algorithms/correct.hpp>

#include <algorithm>

#include <fmt/format.h>

namespace standort::geo {

namespace detail {

static void geos_message(const char*, void*) {}

geos_context::geos_context() : m_handle(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(m_handle, &geos_message, nullptr);
    GEOSContext_setNoticeMessageHandler_r(m_handle, &geos_message, nullptr);
}

geos_context::~geos_context() {
    GEOS_finish_r(m_handle);
}

} // namespace detail

namespace {

using detail::geos_context;
using detail::geos_geometry;

template <class Ring>
GEOSGeometry* make_ring(const geos_context& ctx, const Ring& ring) {
    GEOSCoordSequence* seq =
        GEOSCoordSeq_create_r(ctx.get(), static_cast<unsigned>(ring.size()), 2);
    unsigned i = 0;
    for (const auto& p : ring) {
        GEOSCoordSeq_setXY_r(ctx.get(), seq, i++, p.x(), p.y());
    }
    return GEOSGeom_createLinearRing_r(ctx.get(), seq); // takes the sequence
}

template <class Ring>
bool closable(Ring& ring) {
    if (!ring.empty() && (ring.front().x() != ring.back().x() ||
                          ring.front().y() != ring.back().y())) {
        ring.push_back(ring.front());
    }
    return ring.size() >= 4;
}

// Builds a GEOS multipolygon; rings too short to be rings are dropped and counted.
geos_geometry to_geos(const geos_context& ctx, multi_polygon mp, std::size_t& dropped_rings) {
    std::vector<GEOSGeometry*> polygons;
    for (auto& poly : mp) {
        if (!closable(poly.outer())) {
            ++dropped_rings;
            continue;
        }
        GEOSGeometry* shell = make_ring(ctx, poly.outer());
        std::vector<GEOSGeometry*> holes;
        for (auto& inner : poly.inners()) {
            if (!closable(inner)) {
                ++dropped_rings;
                continue;
            }
            holes.push_back(make_ring(ctx, inner));
        }
        polygons.push_back(GEOSGeom_createPolygon_r(ctx.get(), shell, holes.data(),
                                                    static_cast<unsigned>(holes.size())));
    }
    return detail::own(ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_MULTIPOLYGON,
                                                        polygons.data(),
                                                        static_cast<unsigned>(polygons.size())));
}

template <class Ring>
void read_ring(const geos_context& ctx, const GEOSGeometry* g, Ring& into) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx.get(), g);
    unsigned size = 0;
    GEOSCoordSeq_getSize_r(ctx.get(), seq, &size);
    into.clear();
    into.reserve(size);
    for (unsigned i = 0; i < size; ++i) {
        double x = 0;
        double y = 0;
        GEOSCoordSeq_getXY_r(ctx.get(), seq, i, &x, &y);
        into.emplace_back(x, y);
    }
}

// Collects the polygons of any GEOS geometry; counts the non-polygonal parts left out.
void collect_polygons(const geos_context& ctx, const GEOSGeometry* g, multi_polygon& into,
                      std::size_t& other_parts) {
    const int type = GEOSGeomTypeId_r(ctx.get(), g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(ctx.get(), g)) {
            return;
        }
        polygon& poly = into.emplace_back();
        read_ring(ctx, GEOSGetExteriorRing_r(ctx.get(), g), poly.outer());
        const int holes = GEOSGetNumInteriorRings_r(ctx.get(), g);
        for (int h = 0; h < holes; ++h) {
            read_ring(ctx, GEOSGetInteriorRingN_r(ctx.get(), g, h), poly.inners().emplace_back());
        }
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(ctx.get(), g);
        for (int i = 0; i < n; ++i) {
            collect_polygons(ctx, GEOSGetGeometryN_r(ctx.get(), g, i), into, other_parts);
        }
    } else if (!GEOSisEmpty_r(ctx.get(), g)) {
        ++other_parts;
    }
}

std::string take_string(const geos_context& ctx, char* s) {
    std::string out = s ? s : "";
    GEOSFree_r(ctx.get(), s);
    return out;
}

} // namespace

std::optional<std::string> make_valid(geometry& g) {
    auto* mp = std::get_if<multi_polygon>(&g);
    if (!mp) {
        return std::nullopt;
    }
    geos_context ctx;
    std::size_t dropped_rings = 0;
    geos_geometry source = to_geos(ctx, *mp, dropped_rings);
    if (!source) {
        throw error("GEOS could not build a polygon from the coordinates");
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
            throw error("GEOS MakeValid failed on an invalid polygon: " + reason);
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

namespace {

geos_geometry union_of(const geos_context& ctx, const std::vector<const multi_polygon*>& polygons) {
    std::vector<GEOSGeometry*> parts;
    for (const auto* mp : polygons) {
        std::size_t dropped = 0;
        parts.push_back(to_geos(ctx, *mp, dropped).release());
    }
    geos_geometry all = detail::own(
        ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_GEOMETRYCOLLECTION, parts.data(),
                                         static_cast<unsigned>(parts.size())));
    return detail::own(ctx, GEOSUnaryUnion_r(ctx.get(), all.get()));
}

// Each polygon of `g` with at least `min_area`, with its area and a point inside.
template <class Visit>
void each_polygon(const geos_context& ctx, const GEOSGeometry* g, double min_area, Visit&& visit) {
    const int n = GEOSGetNumGeometries_r(ctx.get(), g);
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(ctx.get(), g, i);
        if (GEOSGeomTypeId_r(ctx.get(), part) != GEOS_POLYGON) {
            continue;
        }
        double a = 0;
        GEOSArea_r(ctx.get(), part, &a);
        if (a < min_area) {
            continue;
        }
        geos_geometry p = detail::own(ctx, GEOSPointOnSurface_r(ctx.get(), part));
        double x = 0;
        double y = 0;
        GEOSGeomGetX_r(ctx.get(), p.get(), &x);
        GEOSGeomGetY_r(ctx.get(), p.get(), &y);
        visit(a, point{x, y});
    }
}

} // namespace

coverage_report check_coverage(const std::vector<const multi_polygon*>& parts,
                               const std::vector<const multi_polygon*>& area_to_cover,
                               double min_area) {
    geos_context ctx;
    coverage_report report;
    std::vector<geos_geometry> geoms;
    std::vector<box> boxes;
    for (const auto* mp : parts) {
        std::size_t dropped = 0;
        geoms.push_back(to_geos(ctx, *mp, dropped));
        boxes.push_back(envelope(geometry{*mp}));
    }
    // Overlaps: candidate pairs by bounding box (sorted sweep on x), then the exact intersection.
    std::vector<std::size_t> order(parts.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return boxes[a].min_corner().x() < boxes[b].min_corner().x();
    });
    for (std::size_t oi = 0; oi < order.size(); ++oi) {
        const std::size_t i = order[oi];
        for (std::size_t oj = oi + 1; oj < order.size(); ++oj) {
            const std::size_t j = order[oj];
            if (boxes[j].min_corner().x() > boxes[i].max_corner().x()) {
                break;
            }
            if (boxes[j].min_corner().y() > boxes[i].max_corner().y() ||
                boxes[i].min_corner().y() > boxes[j].max_corner().y()) {
                continue;
            }
            geos_geometry both =
                detail::own(ctx, GEOSIntersection_r(ctx.get(), geoms[i].get(), geoms[j].get()));
            if (!both) {
                continue;
            }
            double total = 0;
            point where;
            each_polygon(ctx, both.get(), 0.0, [&](double a, point p) {
                if (a > total) {
                    where = p;
                }
                total += a;
            });
            if (total >= min_area) {
                report.overlaps.push_back(
                    coverage_overlap{std::min(i, j), std::max(i, j), total, where});
            }
        }
    }
    std::sort(report.overlaps.begin(), report.overlaps.end(),
              [](const auto& a, const auto& b) { return a.area > b.area; });
    // Gaps: what of the area to cover no part covers.
    geos_geometry covered = union_of(ctx, parts);
    geos_geometry whole = union_of(ctx, area_to_cover);
    if (covered && whole) {
        geos_geometry gaps =
            detail::own(ctx, GEOSDifference_r(ctx.get(), whole.get(), covered.get()));
        if (gaps) {
            each_polygon(ctx, gaps.get(), min_area, [&](double a, point p) {
                report.gaps.push_back(coverage_gap{a, p});
            });
        }
    }
    std::sort(report.gaps.begin(), report.gaps.end(),
              [](const auto& a, const auto& b) { return a.area > b.area; });
    return report;
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
        throw error("GEOS found no point on the surface of an empty polygon");
    }
    return point{x, y};
}

} // namespace standort::geo
