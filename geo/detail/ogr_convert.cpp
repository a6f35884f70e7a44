#include "geo/detail/ogr_convert.hpp"

#include <fmt/format.h>

namespace standort::geo::detail {

namespace {

linestring to_line(const OGRSimpleCurve& curve) {
    linestring out;
    out.reserve(static_cast<std::size_t>(curve.getNumPoints()));
    for (int i = 0; i < curve.getNumPoints(); ++i) {
        out.emplace_back(curve.getX(i), curve.getY(i));
    }
    return out;
}

polygon to_polygon(const OGRPolygon& poly) {
    polygon out;
    if (const auto* ring = poly.getExteriorRing()) {
        for (int i = 0; i < ring->getNumPoints(); ++i) {
            out.outer().emplace_back(ring->getX(i), ring->getY(i));
        }
    }
    for (int r = 0; r < poly.getNumInteriorRings(); ++r) {
        const auto* ring = poly.getInteriorRing(r);
        auto& inner = out.inners().emplace_back();
        for (int i = 0; i < ring->getNumPoints(); ++i) {
            inner.emplace_back(ring->getX(i), ring->getY(i));
        }
    }
    return out;
}

struct collected {
    multi_point points;
    multi_linestring lines;
    multi_polygon polygons;
};

void collect(const OGRGeometry* g, collected& into) {
    if (!g || g->IsEmpty()) {
        return;
    }
    switch (wkbFlatten(g->getGeometryType())) {
    case wkbPoint: {
        const auto* p = g->toPoint();
        into.points.emplace_back(p->getX(), p->getY());
        break;
    }
    case wkbLineString:
    case wkbLinearRing:
        into.lines.push_back(to_line(*g->toSimpleCurve()));
        break;
    case wkbPolygon:
        into.polygons.push_back(to_polygon(*g->toPolygon()));
        break;
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
        for (const auto* part : *g->toGeometryCollection()) {
            collect(part, into);
        }
        break;
    default: {
        // Curves, surfaces, TINs: linearise; what stays a surface becomes a multipolygon.
        OGRGeometryUniquePtr linear{g->getLinearGeometry()};
        if (linear && wkbFlatten(linear->getGeometryType()) == wkbFlatten(g->getGeometryType())) {
            linear.reset(OGRGeometryFactory::forceTo(linear.release(), wkbMultiPolygon));
        }
        if (linear && wkbFlatten(linear->getGeometryType()) != wkbFlatten(g->getGeometryType())) {
            collect(linear.get(), into);
        }
        break;
    }
    }
}

} // namespace

geometry from_ogr(const OGRGeometry* g, std::string* note) {
    if (!g || g->IsEmpty()) {
        return std::monostate{};
    }
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbPoint) {
        const auto* p = g->toPoint();
        return point{p->getX(), p->getY()};
    }
    collected parts;
    collect(g, parts);
    const auto dropped = [&](std::size_t lines, std::size_t points) {
        if (note && (lines + points) > 0) {
            *note = fmt::format("kept the polygons of a mixed geometry, dropped {} line(s) and {} "
                                "point(s)",
                                lines, points);
        }
    };
    if (!parts.polygons.empty()) {
        dropped(parts.lines.size(), parts.points.size());
        return parts.polygons;
    }
    if (!parts.lines.empty()) {
        if (note && !parts.points.empty()) {
            *note = fmt::format("kept the lines of a mixed geometry, dropped {} point(s)",
                                parts.points.size());
        }
        return parts.lines;
    }
    if (type == wkbMultiPoint || parts.points.size() > 1) {
        return parts.points;
    }
    if (parts.points.size() == 1) {
        return parts.points.front();
    }
    return std::monostate{};
}

namespace {

OGRLinearRing to_ring(const auto& ring) {
    OGRLinearRing out;
    out.setNumPoints(static_cast<int>(ring.size()), FALSE);
    int i = 0;
    for (const auto& p : ring) {
        out.setPoint(i++, p.x(), p.y());
    }
    return out;
}

} // namespace

OGRGeometryUniquePtr to_ogr(const geometry& g) {
    return std::visit(
        [](const auto& v) -> OGRGeometryUniquePtr {
            using type = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<type, std::monostate>) {
                return nullptr;
            } else if constexpr (std::is_same_v<type, point>) {
                return OGRGeometryUniquePtr(new OGRPoint(v.x(), v.y()));
            } else if constexpr (std::is_same_v<type, multi_point>) {
                auto out = std::make_unique<OGRMultiPoint>();
                for (const auto& p : v) {
                    out->addGeometryDirectly(new OGRPoint(p.x(), p.y()));
                }
                return OGRGeometryUniquePtr(out.release());
            } else if constexpr (std::is_same_v<type, multi_linestring>) {
                auto out = std::make_unique<OGRMultiLineString>();
                for (const auto& line : v) {
                    auto ls = std::make_unique<OGRLineString>();
                    for (const auto& p : line) {
                        ls->addPoint(p.x(), p.y());
                    }
                    out->addGeometryDirectly(ls.release());
                }
                return OGRGeometryUniquePtr(out.release());
            } else {
                auto out = std::make_unique<OGRMultiPolygon>();
                for (const auto& poly : v) {
                    auto op = std::make_unique<OGRPolygon>();
                    op->addRingDirectly(new OGRLinearRing(to_ring(poly.outer())));
                    for (const auto& inner : poly.inners()) {
                        op->addRingDirectly(new OGRLinearRing(to_ring(inner)));
                    }
                    out->addGeometryDirectly(op.release());
                }
                return OGRGeometryUniquePtr(out.release());
            }
        },
        g);
}

OGRwkbGeometryType ogr_type_of(const geometry& g) {
    switch (g.index()) {
    case 1:
        return wkbPoint;
    case 2:
        return wkbMultiPoint;
    case 3:
        return wkbMultiLineString;
    case 4:
        return wkbMultiPolygon;
    default:
        return wkbNone;
    }
}

void set_fields(OGRFeature& feature, const std::vector<value>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
        const int idx = static_cast<int>(i);
        std::visit(
            [&](const auto& v) {
                using type = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<type, std::monostate>) {
                    feature.SetFieldNull(idx);
                } else if constexpr (std::is_same_v<type, std::int64_t>) {
                    feature.SetField(idx, static_cast<GIntBig>(v));
                } else if constexpr (std::is_same_v<type, double>) {
                    feature.SetField(idx, v);
                } else {
                    feature.SetField(idx, v.c_str());
                }
            },
            values[i]);
    }
}

} // namespace standort::geo::detail
