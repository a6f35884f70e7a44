#include "planning/reach/coverage.hpp"

#include "tests/geometry_support.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace standort::planning;
namespace geo = standort::geo;

namespace {

using standort::test::square;

// D1 = [0,1000]^2, D2 = [1000,2000]x[0,1000]; one Kita at (350, 50).
// Cells (bands 0-3, 3-6, 6-10):
//   A (50, 50)    in D1: 2, 3, 4  -> 5 Kita-age children, 300 m from the Kita
//   B (350, 450)  in D1: 1, 1, 0  -> 2 children, 400 m
//   C (1550, 950) in D2: 4, 0, 1  -> 4 children, sqrt(1200^2 + 900^2) = 1500 m
planning_model model() {
    planning_model m;
    m.districts.resize(2);
    m.districts[0].id = district_id{"D1"};
    m.districts[0].area = square(0, 0, 1000);
    m.districts[1].id = district_id{"D2"};
    m.districts[1].area = square(1000, 0, 1000);
    facility kita;
    kita.id = facility_id{"K"};
    kita.kind = facility_kind::kita;
    kita.location = {350, 50};
    m.facilities.push_back(kita);
    auto& g = m.grid;
    g.bands = {{0, 3}, {3, 6}, {6, 10}};
    g.ids = {"A", "B", "C"};
    g.locations = {{50, 50}, {350, 450}, {1550, 950}};
    g.district = {0, 0, 1};
    g.persons = {9, 2, 5};
    g.counts = {2, 3, 4, 1, 1, 0, 4, 0, 1};
    m.population = {{district_id{"D1"}, 2024, {0, 6}, 10}, {district_id{"D2"}, 2024, {0, 6}, 4}};
    return m;
}

} // namespace

TEST(Coverage, NearestDistancesAndSharesByHand) {
    const auto kinds = default_coverage_kinds();
    const auto r = compute_coverage(model(), 2024, kinds[0]);
    ASSERT_TRUE(r.from_grid);
    ASSERT_EQ(r.cost.size(), 3u);
    EXPECT_DOUBLE_EQ(r.cost[0], 300.0);
    EXPECT_DOUBLE_EQ(r.cost[1], 400.0);
    EXPECT_DOUBLE_EQ(r.cost[2], 1500.0);
    const auto& d1 = r.districts[0];
    EXPECT_DOUBLE_EQ(*d1.children, 7.0);
    EXPECT_DOUBLE_EQ(d1.within[0], 7.0); // 500 m
    EXPECT_DOUBLE_EQ(d1.within[1], 7.0); // 1 km
    EXPECT_NEAR(*d1.mean_cost, (5 * 300.0 + 2 * 400.0) / 7, 1e-9);
    const auto& d2 = r.districts[1];
    EXPECT_DOUBLE_EQ(*d2.children, 4.0);
    EXPECT_DOUBLE_EQ(d2.within[0], 0.0);
    EXPECT_DOUBLE_EQ(d2.within[1], 0.0);
    EXPECT_DOUBLE_EQ(*d2.mean_cost, 1500.0);
}

TEST(Coverage, GapsAreTheCellsBeyondTheFirstThreshold) {
    const auto r = compute_coverage(model(), 2024, default_coverage_kinds()[0]);
    ASSERT_EQ(r.gaps.size(), 1u);
    EXPECT_EQ(r.gaps[0].cells, 1u);
    EXPECT_DOUBLE_EQ(geo::area(r.gaps[0].area), 100.0 * 100.0);
    EXPECT_DOUBLE_EQ(r.gaps[0].children[0], 4.0); // U3
    EXPECT_DOUBLE_EQ(r.gaps[0].children[1], 0.0); // Ü3
}

TEST(Coverage, NoFacilityMeansNobodyIsCovered) {
    const auto r = compute_coverage(model(), 2024, default_coverage_kinds()[1]); // Grundschule
    EXPECT_EQ(r.facilities, 0u);
    EXPECT_EQ(r.nearest, (std::vector<std::int64_t>{-1, -1, -1}));
    EXPECT_DOUBLE_EQ(r.districts[0].within[1], 0.0);
    EXPECT_FALSE(r.districts[0].mean_cost);
    EXPECT_DOUBLE_EQ(*r.districts[0].children, 4.0); // A's ages 6-9
}

TEST(Coverage, WithoutAGridDistrictsAreTheUnits) {
    auto m = model();
    m.grid = {};
    const auto r = compute_coverage(m, 2024, default_coverage_kinds()[0]);
    EXPECT_FALSE(r.from_grid);
    ASSERT_EQ(r.units.size(), 2u);
    // GEOS puts D1's point on surface at its centre (500, 500): 474.3 m from the Kita.
    EXPECT_NEAR(r.cost[0], std::hypot(150.0, 450.0), 1e-6);
    EXPECT_DOUBLE_EQ(r.districts[0].within[0], 10.0);
    EXPECT_TRUE(r.gaps.empty());
}

TEST(Coverage, MonotonicInTheThreshold) {
    auto kind = default_coverage_kinds()[0];
    kind.thresholds = {250, 350, 450, 1600};
    const auto r = compute_coverage(model(), 2024, kind);
    double before = -1;
    for (double within : r.districts[0].within) {
        EXPECT_GE(within, before);
        before = within;
    }
    EXPECT_DOUBLE_EQ(r.districts[0].within[0], 0.0);
    EXPECT_DOUBLE_EQ(r.districts[0].within[1], 5.0);
    EXPECT_DOUBLE_EQ(r.districts[0].within[2], 7.0);
    EXPECT_DOUBLE_EQ(r.districts[1].within[3], 4.0);
}

TEST(Coverage, GapsOfAGridRotatedByReprojection) {
    // Three cells in a row, 100 m apart along a line turned by 10 degrees (as a Zensus grid in
    // EPSG:3035 lies in UTM), all far from the Kita: one gap of three cells. A lattice lookup
    // would put two of them in one 100 m square and lose one.
    auto m = model();
    const double c = std::cos(10 * M_PI / 180) * 100;
    const double s = std::sin(10 * M_PI / 180) * 100;
    m.grid.ids = {"R1", "R2", "R3"};
    m.grid.locations = {{1950, 500}, {1950 + c, 500 + s}, {1950 + 2 * c, 500 + 2 * s}};
    m.grid.district = {1, 1, 1};
    m.grid.persons = {3, 3, 3};
    m.grid.counts = {1, 1, 0, 1, 1, 0, 1, 1, 0};
    const auto r = compute_coverage(m, 2024, default_coverage_kinds()[0]);
    ASSERT_EQ(r.gaps.size(), 1u);
    EXPECT_EQ(r.gaps[0].cells, 3u);
    EXPECT_DOUBLE_EQ(r.gaps[0].total, 6.0);
}
