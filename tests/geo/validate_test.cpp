#include "geo/overlay.hpp"
#include "geo/validate.hpp"

#include <gtest/gtest.h>

using namespace standort::geo;

TEST(Validate, RepairsABowtie) {
    // The ring crosses itself at (1,1): two triangles of area 1 each (base 2, height 1).
    multi_polygon mp;
    mp.resize(1);
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
    multi_polygon mp;
    mp.resize(1);
    mp[0].outer() = {{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}};
    geometry g = mp;
    EXPECT_FALSE(make_valid(g));
    EXPECT_NEAR(area(g), 16.0, 1e-12);
}

TEST(Validate, DropsRingsTooShortToBeRings) {
    multi_polygon mp;
    mp.resize(2);
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
    multi_polygon l;
    l.resize(1);
    l[0].outer() = {{0, 0}, {0, 10}, {1, 10}, {1, 1}, {10, 1}, {10, 0}, {0, 0}};
    const point p = point_on_surface(l);
    EXPECT_TRUE((p.x() >= 0 && p.x() <= 1) || (p.y() >= 0 && p.y() <= 1));
}

namespace {
multi_polygon rect(double x1, double y1, double x2, double y2) {
    multi_polygon mp;
    mp.resize(1);
    mp[0].outer() = {{x1, y1}, {x1, y2}, {x2, y2}, {x2, y1}, {x1, y1}};
    return mp;
}
} // namespace

TEST(Validate, CoverageOverlapsAndGaps) {
    // A = [0,10]x[0,10] and B = [8,18]x[0,10] overlap in [8,10]x[0,10]: area 2*10 = 20.
    // To cover [0,30]x[0,10]; A and B cover [0,18]: the gap is [18,30]x[0,10], area 120.
    // C = [29.5,30]x[0,10] (area 5) leaves a second gap [18,29.5]: area 115, and D, a sliver
    // overlapping C by 0.5*0.5, stays under the tolerance.
    const multi_polygon a = rect(0, 0, 10, 10);
    const multi_polygon b = rect(8, 0, 18, 10);
    const multi_polygon whole = rect(0, 0, 30, 10);
    auto report = check_coverage({&a, &b}, {&whole}, 1.0);
    ASSERT_EQ(report.overlaps.size(), 1u);
    EXPECT_EQ(report.overlaps[0].first, 0u);
    EXPECT_EQ(report.overlaps[0].second, 1u);
    EXPECT_NEAR(report.overlaps[0].area, 20.0, 1e-9);
    EXPECT_GE(report.overlaps[0].where.x(), 8.0);
    EXPECT_LE(report.overlaps[0].where.x(), 10.0);
    ASSERT_EQ(report.gaps.size(), 1u);
    EXPECT_NEAR(report.gaps[0].area, 120.0, 1e-9);

    const multi_polygon c = rect(29.5, 0, 30, 10);
    const multi_polygon d = rect(29.5, 0, 30, 0.5);
    report = check_coverage({&a, &b, &c, &d}, {&whole}, 1.0);
    EXPECT_EQ(report.overlaps.size(), 1u) << "the 0.25 sliver is under the tolerance";
    ASSERT_EQ(report.gaps.size(), 1u);
    EXPECT_NEAR(report.gaps[0].area, 115.0, 1e-9);
}

TEST(Validate, CoverageOfATilingAndOfOverlapsAtTheTolerance) {
    // Four squares meeting along edges tile [0,20]x[0,20]: no overlap, no gap (the pairwise
    // search is skipped as the areas add up, 4*100 = 400, to the union's).
    const multi_polygon whole = rect(0, 0, 20, 20);
    const multi_polygon a = rect(0, 0, 10, 10);
    const multi_polygon b = rect(10, 0, 20, 10);
    const multi_polygon c = rect(0, 10, 10, 20);
    const multi_polygon d = rect(10, 10, 20, 20);
    auto report = check_coverage({&a, &b, &c, &d}, {&whole}, 5.0);
    EXPECT_TRUE(report.overlaps.empty());
    EXPECT_TRUE(report.gaps.empty());
    // B moved left by 0.5 overlaps A by 0.5*10 = 5, exactly the tolerance: still an overlap.
    const multi_polygon b_left = rect(9.5, 0, 20, 10);
    report = check_coverage({&a, &b_left, &c, &d}, {&whole}, 5.0);
    ASSERT_EQ(report.overlaps.size(), 1u);
    EXPECT_NEAR(report.overlaps[0].area, 5.0, 1e-9);
    // B and D moved left by 0.25 overlap A and C by 2.5 each: together at the tolerance, each
    // under it, so neither is said.
    const multi_polygon b_near = rect(9.75, 0, 20, 10);
    const multi_polygon d_near = rect(9.75, 10, 20, 20);
    report = check_coverage({&a, &b_near, &c, &d_near}, {&whole}, 5.0);
    EXPECT_TRUE(report.overlaps.empty());
    EXPECT_TRUE(report.gaps.empty());
}

TEST(Validate, DissolveCellsTouchingAtCorners) {
    // Squares meeting only at a corner (as scattered grid cells do; at city scale GEOS 3.11's
    // coverage union refused such input as "overlapping"): whichever union runs, the result
    // keeps every square's area once.
    const std::vector<multi_polygon> cells{rect(0, 0, 1, 1), rect(1, 1, 2, 2), rect(2, 0, 3, 1),
                                           rect(3, 0, 4, 1)};
    const multi_polygon merged = dissolve(cells);
    EXPECT_NEAR(area(geometry{merged}), 4.0, 1e-12);
    EXPECT_EQ(merged.size(), 3u) << "touching corners stay separate parts or one pinched part";
}
