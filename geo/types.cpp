#include "geo/types.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/algorithms/envelope.hpp>
#include <boost/geometry/algorithms/expand.hpp>
#include <boost/geometry/algorithms/is_empty.hpp>

#include <limits>

namespace standort::geo {

namespace bg = boost::geometry;

bool is_empty(const geometry& g) {
    return std::visit(
        [](const auto& v) -> bool {
            using type = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<type, std::monostate>) {
                return true;
            } else if constexpr (std::is_same_v<type, point>) {
                return false;
            } else {
                return bg::is_empty(v);
            }
        },
        g);
}

static box inverse_box() {
    constexpr double inf = std::numeric_limits<double>::infinity();
    return box{point{inf, inf}, point{-inf, -inf}};
}

bool is_valid_box(const box& b) {
    return b.min_corner().x() <= b.max_corner().x() && b.min_corner().y() <= b.max_corner().y();
}

box envelope(const geometry& g) {
    if (is_empty(g)) {
        return inverse_box();
    }
    return std::visit(
        [](const auto& v) -> box {
            using type = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<type, std::monostate>) {
                return inverse_box();
            } else {
                return bg::return_envelope<box>(v);
            }
        },
        g);
}

void expand(box& into, const box& other) {
    if (!is_valid_box(other)) {
        return;
    }
    if (!is_valid_box(into)) {
        into = other;
        return;
    }
    bg::expand(into, other);
}

double area(const geometry& g) {
    if (const auto* mp = std::get_if<multi_polygon>(&g)) {
        return bg::area(*mp);
    }
    return 0.0;
}

} // namespace standort::geo
