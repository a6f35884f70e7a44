#include "geo/detail/geos_convert.hpp"

namespace standort::geo::detail {

void geos_context::remember(const char* message, void* self) {
    static_cast<geos_context*>(self)->m_last_message = message ? message : "";
}

geos_context::geos_context() : m_handle(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(m_handle, &geos_context::remember, this);
    GEOSContext_setNoticeMessageHandler_r(m_handle, &geos_context::remember, this);
}

geos_context::~geos_context() {
    GEOS_finish_r(m_handle);
}

namespace {

template <class Ring> GEOSGeometry* make_ring(const geos_context& ctx, const Ring& ring) {
    GEOSCoordSequence* seq =
        GEOSCoordSeq_create_r(ctx.get(), static_cast<unsigned>(ring.size()), 2);
    unsigned i = 0;
    for (const auto& p : ring) {
        GEOSCoordSeq_setXY_r(ctx.get(), seq, i++, p.x(), p.y());
    }
    return GEOSGeom_createLinearRing_r(ctx.get(), seq); // takes the sequence
}

template <class Ring> bool closable(Ring& ring) {
    if (!ring.empty() &&
        (ring.front().x() != ring.back().x() || ring.front().y() != ring.back().y())) {
        ring.push_back(ring.front());
    }
    return ring.size() >= 4;
}

} // namespace

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
    return detail::own(ctx,
                       GEOSGeom_createCollection_r(ctx.get(), GEOS_MULTIPOLYGON, polygons.data(),
                                                   static_cast<unsigned>(polygons.size())));
}

template <class Ring> void read_ring(const geos_context& ctx, const GEOSGeometry* g, Ring& into) {
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

} // namespace standort::geo::detail
