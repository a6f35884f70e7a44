#include "geo/spatial_index.hpp"

#include "tests/geometry_support.hpp"

#include <gtest/gtest.h>

using namespace standort::geo;

namespace {
using standort::test::square;

} // namespace

TEST(SpatialIndex, FindsThePolygonsCoveringAPoint) {
    const multi_polygon a = square(0, 0, 10);
    const multi_polygon b = square(10, 0, 10);
    const polygon_index index({&a, &b});
    EXPECT_EQ(index.covering(point{5, 5}), std::vector<std::size_t>{0});
    EXPECT_EQ(index.covering(point{15, 5}), std::vector<std::size_t>{1});
    // On the shared border both cover it; the caller decides.
    EXPECT_EQ(index.covering(point{10, 5}), (std::vector<std::size_t>{0, 1}));
    EXPECT_TRUE(index.covering(point{25, 5}).empty());
    // Inside the bounding box of an L-shape but outside the shape itself: exact test, no hit.
    multi_polygon l;
    l.resize(1);
    l[0].outer() = {{0, 0}, {0, 20}, {5, 20}, {5, 5}, {20, 5}, {20, 0}, {0, 0}};
    const polygon_index l_index({&l});
    EXPECT_TRUE(l_index.covering(point{15, 15}).empty());
    EXPECT_EQ(l_index.covering(point{2, 15}).size(), 1u);
}
