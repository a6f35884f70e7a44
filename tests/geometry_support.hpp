#pragma once

#include "geo/types.hpp"

namespace standort::test {

// An axis-aligned square with its lower-left corner at (x, y), as a one-part multipolygon.
inline geo::multi_polygon square(double x, double y, double size) {
    geo::multi_polygon mp;
    mp.resize(1);
    mp[0].outer() = {{x, y}, {x, y + size}, {x + size, y + size}, {x + size, y}, {x, y}};
    return mp;
}

} // namespace standort::test
