#include "geo/transform.hpp"

#include "geo/detail/proj_handle.hpp"
#include "geo/error.hpp"

#include <boost/geometry/algorithms/correct.hpp>

#include <cmath>

#include <fmt/format.h>

namespace standort::geo {

static detail::proj_ptr create(PJ_CONTEXT* ctx, const std::string& definition) {
    detail::proj_ptr pj = detail::create_crs(ctx, definition);
    if (!pj) {
        throw config_error(
            fmt::format("'{}' is not a coordinate reference system PROJ knows", definition));
    }
    return pj;
}

bool same_crs(const std::string& a, const std::string& b) {
    if (a == b) {
        return true;
    }
    if (a.empty() || b.empty()) {
        return false;
    }
    auto ctx = detail::make_context();
    auto pa = create(ctx.get(), a);
    auto pb = create(ctx.get(), b);
    return proj_is_equivalent_to_with_ctx(ctx.get(), pa.get(), pb.get(),
                                          PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS) != 0;
}

struct transformer::state {
    detail::proj_context_ptr ctx = detail::make_context();
    detail::proj_ptr pj;
};

transformer::~transformer() = default;
transformer::transformer(transformer&&) noexcept = default;
transformer& transformer::operator=(transformer&&) noexcept = default;

transformer::transformer(const std::string& source_crs, const std::string& target_crs) {
    if (source_crs.empty() || target_crs.empty()) {
        throw config_error("cannot transform coordinates without a source and a target CRS");
    }
    if (same_crs(source_crs, target_crs)) {
        return; // identity: no state
    }
    auto st = std::make_unique<state>();
    auto source = create(st->ctx.get(), source_crs);
    auto target = create(st->ctx.get(), target_crs);
    detail::proj_ptr raw{proj_create_crs_to_crs_from_pj(st->ctx.get(), source.get(), target.get(),
                                                        nullptr, nullptr)};
    if (!raw) {
        throw config_error(
            fmt::format("PROJ finds no transformation from {} to {}", source_crs, target_crs));
    }
    // The single place where axis order is fixed: lon/lat (x/y, easting/northing) for all CRSs.
    st->pj.reset(proj_normalize_for_visualization(st->ctx.get(), raw.get()));
    if (!st->pj) {
        throw config_error(fmt::format("PROJ cannot normalise the axis order from {} to {}",
                                       source_crs, target_crs));
    }
    m_state = std::move(st);
}

point transformer::apply(const point& p) const {
    if (!m_state) {
        return p;
    }
    const PJ_COORD out = proj_trans(m_state->pj.get(), PJ_FWD, proj_coord(p.x(), p.y(), 0, 0));
    if (!std::isfinite(out.xy.x) || !std::isfinite(out.xy.y) || out.xy.x == HUGE_VAL) {
        throw input_error("a coordinate cannot be transformed (is the source CRS right?)");
    }
    return point{out.xy.x, out.xy.y};
}

namespace {
template <class Range> void transform_range(const transformer& t, Range& range) {
    for (auto& p : range) {
        p = t.apply(p);
    }
}
} // namespace

void transformer::apply(geometry& g) const {
    if (!m_state) {
        return;
    }
    std::visit(
        [this](auto& v) {
            using type = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<type, point>) {
                v = apply(v);
            } else if constexpr (std::is_same_v<type, multi_point>) {
                transform_range(*this, v);
            } else if constexpr (std::is_same_v<type, multi_linestring>) {
                for (auto& line : v) {
                    transform_range(*this, line);
                }
            } else if constexpr (std::is_same_v<type, multi_polygon>) {
                for (auto& poly : v) {
                    transform_range(*this, poly.outer());
                    for (auto& inner : poly.inners()) {
                        transform_range(*this, inner);
                    }
                }
                boost::geometry::correct(v);
            }
        },
        g);
}

box transformer::apply(const box& b) const {
    if (!m_state) {
        return b;
    }
    double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
    if (!proj_trans_bounds(m_state->ctx.get(), m_state->pj.get(), PJ_FWD, b.min_corner().x(),
                           b.min_corner().y(), b.max_corner().x(), b.max_corner().y(), &xmin, &ymin,
                           &xmax, &ymax, 21)) {
        throw input_error("the extent cannot be transformed (is the source CRS right?)");
    }
    return box{point{xmin, ymin}, point{xmax, ymax}};
}

void reproject(feature_layer& layer, const std::string& target_crs) {
    if (layer.crs.empty()) {
        throw input_error("the layer has no CRS; set one for this source in the project file",
                          error_context{layer.source, layer.name, std::nullopt, {}, {}});
    }
    transformer t(layer.crs, target_crs);
    if (!t.is_identity()) {
        for (auto& f : layer.features) {
            try {
                t.apply(f.shape);
            } catch (const error& e) {
                throw input_error(e.message(),
                                  error_context{layer.source, layer.name, f.source_fid, {}, {}});
            }
        }
    }
    layer.crs = target_crs;
}

} // namespace standort::geo
