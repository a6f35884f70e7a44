#include "geo/error.hpp"
#include "planning/reach/catchment_analysis.hpp"

#include "tests/geometry_support.hpp"

#include <gtest/gtest.h>

using namespace standort::planning;
namespace geo = standort::geo;

namespace {

using standort::test::square;

// Schools S1 (250, 250) with 100 seats and S2 (1250, 250) with 50. Cells (children 6-9):
//   A (50, 50) 10 and B (450, 550) 20: nearest S1 (283 m, 361 m);
//   C (1450, 450) 30: nearest S2 (283 m);
//   D (950, 50) 5: nearest S2 (361 m) although it lies in E1, S1's official catchment.
// Official: E1 = [0,1000]^2 names S1, E2 = [1000,2000]x[0,1000] names S2.
planning_model model() {
    planning_model m;
    auto school = [](const char* id, geo::point at, double seats) {
        facility f;
        f.id = facility_id{id};
        f.kind = facility_kind::grundschule;
        f.location = at;
        f.cap.seats = seats;
        return f;
    };
    m.facilities = {school("S1", {250, 250}, 100), school("S2", {1250, 250}, 50)};
    m.catchments.resize(2);
    m.catchments[0].id = catchment_id{"E1"};
    m.catchments[0].facility = facility_id{"S1"};
    m.catchments[0].area = square(0, 0, 1000);
    m.catchments[1].id = catchment_id{"E2"};
    m.catchments[1].facility = facility_id{"S2"};
    m.catchments[1].area = square(1000, 0, 1000);
    m.grid.bands = {{6, 10}};
    m.grid.ids = {"A", "B", "C", "D"};
    m.grid.locations = {{50, 50}, {450, 550}, {1450, 450}, {950, 50}};
    m.grid.district = {-1, -1, -1, -1};
    m.grid.persons = {10, 20, 30, 5};
    m.grid.counts = {10, 20, 30, 5};
    return m;
}

} // namespace

TEST(CatchmentAnalysis, NearestSchoolCatchmentsByHand) {
    const auto r = analyse_catchments(model(), {{6, 10}});
    ASSERT_EQ(r.nearest.size(), 2u);
    EXPECT_EQ(r.nearest[0].facility, 0u);
    EXPECT_EQ(r.nearest[0].cells, 2u);
    EXPECT_DOUBLE_EQ(r.nearest[0].children, 30.0); // A + B
    EXPECT_DOUBLE_EQ(r.nearest[1].children, 35.0); // C + D
    EXPECT_DOUBLE_EQ(geo::area(geo::geometry{r.nearest[1].area}), 2 * 100.0 * 100.0);
}

TEST(CatchmentAnalysis, OfficialCatchmentsAgainstTheirSchools) {
    const auto r = analyse_catchments(model(), {{6, 10}});
    ASSERT_EQ(r.official.size(), 2u);
    const auto& e1 = r.official[0];
    EXPECT_DOUBLE_EQ(e1.children, 35.0);                 // A, B and D live in E1
    EXPECT_DOUBLE_EQ(e1.children_nearer_elsewhere, 5.0); // D's nearest is S2
    EXPECT_NEAR(*e1.seats_per_100, 100.0 * 100 / 35, 1e-12);
    const auto& e2 = r.official[1];
    EXPECT_DOUBLE_EQ(e2.children, 30.0);
    EXPECT_DOUBLE_EQ(e2.children_nearer_elsewhere, 0.0);
    EXPECT_NEAR(*e2.seats_per_100, 100.0 * 50 / 30, 1e-12);
    EXPECT_DOUBLE_EQ(r.children_outside_official, 0.0);
}

TEST(CatchmentAnalysis, NeedsAGridWithTheAges) {
    auto m = model();
    EXPECT_THROW(analyse_catchments(m, {{6, 12}}), standort::config_error);
    m.grid = {};
    EXPECT_THROW(analyse_catchments(m, {{6, 10}}), standort::config_error);
}

// S2 with 30 seats instead of 50: C (30) and D (5) cannot both go there. Moving D to S1 adds
// 5 x (|D S1| - |D S2|) = 5 x (728.0 - 360.6) m; moving 5 of C would add 5 x (1216.6 - 282.8) m.
// So D goes to S1 and the total is 10 |A S1| + 20 |B S1| + 30 |C S2| + 5 |D S1|.
TEST(CatchmentAnalysis, CapacityConstrainedCatchmentsByHand) {
    auto m = model();
    m.facilities[1].cap.seats = 30;
    catchment_options o{{6, 10}};
    o.capacity_limit = 5000;
    const auto r = analyse_catchments(m, o);
    ASSERT_TRUE(r.capacity);
    const auto& cap = *r.capacity;
    ASSERT_EQ(cap.schools.size(), 2u);
    EXPECT_DOUBLE_EQ(cap.schools[0].children, 35.0);
    EXPECT_DOUBLE_EQ(cap.schools[1].children, 30.0);
    EXPECT_DOUBLE_EQ(cap.children_unassigned, 0.0);
    const double a = std::hypot(200, 200), b = std::hypot(200, 300), c = std::hypot(200, 200),
                 d = std::hypot(700, 200);
    EXPECT_NEAR(cap.total_cost, 10 * a + 20 * b + 30 * c + 5 * d, 1e-6);
    // D's square is drawn with S1: S1's area is A, B and D.
    EXPECT_DOUBLE_EQ(geo::area(geo::geometry{cap.schools[0].area}), 3 * 100.0 * 100.0);

    // Within 700 m D reaches only S2, which is full: its 5 children stay unassigned.
    o.capacity_limit = 700;
    const auto near = analyse_catchments(m, o);
    EXPECT_DOUBLE_EQ(near.capacity->children_unassigned, 5.0);
    EXPECT_DOUBLE_EQ(near.capacity->schools[0].children, 30.0);
    EXPECT_DOUBLE_EQ(geo::area(geo::geometry{near.capacity->unassigned_area}), 100.0 * 100.0);
    // The nearest-school part is unchanged by capacities.
    EXPECT_DOUBLE_EQ(near.nearest[1].children, 35.0);
}
