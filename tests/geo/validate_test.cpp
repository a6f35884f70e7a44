#include "geo/validate.hpp"

#include <gtest/gtest.h>

using namespace standort::geo;

TEST(Validate, RepairsABowtie) {
    // The ring crosses itself at (1,1): two triangles of area 1 each (base 2, height 1).
    multi_polygon mp; mp.resize(1);
    mp[0].outer() = {{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}};
    geometry g = mp;
    auto reason = make_valid(g);
    ASSERT_TRUE(reason);
    EXPECT_NE(reason->find("Self-intersection"), std::string::npos) << *reason;
    EXPECT_NEAR(area(g), 2.0, 1e-12);
    EXPECT_EQ(std::get<multi_polygon>(g).size(), 2u);
}

TEST(Validate, LeavesValidPolygonsAloneButOrientsThem) {
    // Counter-clockwise, as GeoJSON writes it: valid, only the orientation is corrected.
    multi_polygon mp; mp.resize(1);
    mp[0].outer() = {{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}};
    geometry g = mp;
    EXPECT_FALSE(make_valid(g));
    EXPECT_NEAR(area(g), 16.0, 1e-12);
}

TEST(Validate, DropsRingsTooShortToBeRings) {
    multi_polygon mp; mp.resize(2);
    mp[0].outer() = {{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}};
    mp[1].outer() = {{5, 5}, {6, 6}, {5, 5}}; // 3 positions: a line, not an area
    geometry g = mp;
    auto reason = make_valid(g);
    ASSERT_TRUE(reason);
    EXPECT_NE(reason->find("fewer than 4 positions"), std::string::npos) << *reason;
    EXPECT_EQ(std::get<multi_polygon>(g).size(), 1u);
    EXPECT_NEAR(area(g), 1.0, 1e-12);
}

TEST(Validate, PointOnSurfaceLiesInsideAnLShape) {
    // The centroid of this L lies outside it; the point on surface must not.
    multi_polygon l; l.resize(1);
    l[0].outer() = {{0, 0}, {0, 10}, {1, 10}, {1, 1}, {10, 1}, {10, 0}, {0, 0}};
    const point p = point_on_surface(l);
    EXPECT_TRUE((p.x() >= 0 && p.x() <= 1) || (p.y() >= 0 && p.y() <= 1));
}
