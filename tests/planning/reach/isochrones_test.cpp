#include "geo/error.hpp"
#include "planning/reach/isochrones.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace standort::planning;
namespace geo = standort::geo;
namespace net = standort::geo::network;

namespace {

// One street along y = 0 from x = 0 to 1000 m with a single vertex pair, the Kita at (500, 0).
// Walking 4.5 km/h = 1.25 m/s, 100 s reach 125 m either way: the street from x = 375 to 625.
// Buffered by 50 m with GEOS's 4 segments per quarter circle the area is the 250 x 100 m
// rectangle plus a 16-gon of radius 50 m: 25,000 + 8 x 50^2 x sin(pi/8) m^2.
planning_model model() {
    planning_model m;
    facility k;
    k.id = facility_id{"K1"};
    k.kind = facility_kind::kita;
    k.location = {500, 0};
    k.cap.places = 40;
    m.facilities = {k};
    m.grid.bands = {{0, 6}};
    m.grid.ids = {"in", "above", "beyond"};
    m.grid.locations = {{400, 30}, {400, 70}, {700, 0}};
    m.grid.district = {-1, -1, -1};
    m.grid.persons = {12, 7, 5};
    m.grid.counts = {12, 7, 5};
    return m;
}

// Areas by distance along the streets.
isochrone_options metres(std::vector<double> limits, double buffer_m = 50) {
    isochrone_options o;
    o.metric = cost_metric::distance_m;
    o.limits = std::move(limits);
    o.buffer_m = buffer_m;
    return o;
}

net::street_network street() {
    net::street_way w;
    w.line = {{0, 0}, {1000, 0}};
    w.tags.highway = "residential";
    return net::street_network::build({w}, {});
}

} // namespace

TEST(Isochrones, ReachedStreetBufferedByHand) {
    const auto network = street();
    isochrone_options o;
    o.limits = {100, 400};
    const auto r = compute_isochrones(model(), 2024, network, o);
    ASSERT_EQ(r.areas.size(), 2u);
    const auto& near = r.areas[0];
    EXPECT_EQ(near.facility, 0u);
    EXPECT_NEAR(geo::area(geo::geometry{near.area}), 25'000 + 8 * 2500 * std::sin(M_PI / 8), 1e-6);
    EXPECT_DOUBLE_EQ(near.children, 12.0); // (400, 30) inside; (400, 70) and (700, 0) not
    EXPECT_DOUBLE_EQ(*near.places, 40.0);
    // 400 s reach 500 m: the whole street, 1000 x 100 m plus the round ends. (700, 0) is now
    // inside; (400, 70) stays 70 m from the street, outside the 50 m buffer: 12 + 5.
    EXPECT_NEAR(geo::area(geo::geometry{r.areas[1].area}), 100'000 + 8 * 2500 * std::sin(M_PI / 8),
                1e-6);
    EXPECT_DOUBLE_EQ(r.areas[1].children, 17.0);
}

TEST(Isochrones, DistancesAndTheFacilityLeg) {
    // The Kita 30 m off the street: 30 m of a 155 m budget are spent reaching the street.
    auto m = model();
    m.facilities[0].location = {500, 30};
    const auto r = compute_isochrones(m, 2024, street(), metres({155}, 10));
    // Reached: x from 375 to 625, buffered by 10 m.
    EXPECT_NEAR(geo::area(geo::geometry{r.areas[0].area}), 250 * 20 + 8 * 100 * std::sin(M_PI / 8),
                1e-6);
    EXPECT_THROW(compute_isochrones(
                     m, 2024, street(),
                     isochrone_options{facility_kind::kita, {0, 6}, cost_metric::distance_m, {}}),
                 standort::config_error);
}

TEST(Isochrones, AFacilityOffTheNetworkIsReportedNotSilentlyEmpty) {
    // A second Kita 5 km north of the only street: its leg alone (5,000 m) is beyond both
    // limits. It keeps its rows, with no area and no children, and a note names it and the
    // distance; the first Kita's areas are as before.
    auto m = model();
    facility far = m.facilities[0];
    far.id = facility_id{"K2"};
    far.name = "Waldkita";
    far.location = {500, 5000};
    m.facilities.push_back(far);
    const auto r = compute_isochrones(m, 2024, street(), metres({125, 500}));
    ASSERT_EQ(r.areas.size(), 4u);
    EXPECT_DOUBLE_EQ(r.areas[0].children, 12.0);
    EXPECT_NEAR(*r.areas[0].street_leg_m, 0.0, 1e-9);
    for (std::size_t i = 2; i < 4; ++i) {
        EXPECT_EQ(r.areas[i].facility, 1u);
        EXPECT_TRUE(r.areas[i].area.empty());
        EXPECT_DOUBLE_EQ(r.areas[i].children, 0.0);
        EXPECT_NEAR(*r.areas[i].street_leg_m, 5000.0, 1e-6);
    }
    ASSERT_EQ(r.notes.size(), 1u);
    EXPECT_NE(r.notes[0].find("K2 (Waldkita) is 5000 m from the nearest street"), std::string::npos)
        << r.notes[0];
    EXPECT_NE(r.notes[0].find("no area within 500 m"), std::string::npos) << r.notes[0];
}

TEST(Isochrones, ManyCrossingStreetsBufferedPieceByPieceAsOneArea) {
    // A 10 x 10 grid of streets 100 m apart, everything reached: the area is the 900 x 900 m
    // block grown by 20 m (a square of 940 m, less the rounding at its four corners: a quarter
    // 16-gon instead of a 20 x 20 square each) less the 81 inner blocks shrunk by 20 m (60 x 60
    // m holes): one polygon with 81 holes.
    std::vector<net::street_way> ways;
    for (int i = 0; i < 10; ++i) {
        net::street_way h;
        net::street_way v;
        for (int k = 0; k < 10; ++k) {
            h.line.push_back({100.0 * k, 100.0 * i});
            v.line.push_back({100.0 * i, 100.0 * k});
        }
        h.tags.highway = v.tags.highway = "residential";
        ways.push_back(h);
        ways.push_back(v);
    }
    const auto network = net::street_network::build(ways, {});
    auto m = model();
    m.facilities[0].location = {400, 400};
    const auto r = compute_isochrones(m, 2024, network, metres({5000}, 20));
    ASSERT_EQ(r.areas.size(), 1u);
    ASSERT_EQ(r.areas[0].area.size(), 1u);
    EXPECT_EQ(r.areas[0].area[0].inners().size(), 81u);
    // At each outer corner the 20 x 20 m square less a quarter of the 16-gon of radius 20 m,
    // 2 r^2 sin(pi / 8), is not covered.
    const double corner = 400 - 2 * 400 * std::sin(M_PI / 8);
    const double expected = 940.0 * 940 - 4 * corner - 81 * 60.0 * 60;
    EXPECT_NEAR(geo::area(geo::geometry{r.areas[0].area}), expected, 1e-3);
}
