// The planner's own rules: which year an analysis uses, the Grundschule ages per Land, the
// defaults and validation of every request, and the municipality's totals, by hand.
#include "planning/planner.hpp"

#include "geo/error.hpp"
#include "tests/geometry_support.hpp"

#include <gtest/gtest.h>

using namespace standort;
using namespace standort::planning;

namespace {

facility make_facility(const char* id, facility_kind kind, const char* district, geo::point at) {
    facility f;
    f.id = facility_id{id};
    f.kind = kind;
    f.district = district_id{district};
    f.location = at;
    return f;
}

// Two square districts of 1 km, 4 km apart. D1 has 113 children under three, 120 aged three to
// five and 200 aged 6-9; D2 has figures only as 0-6 (its U3, Ü3 and 6-9 are unknown). 2023 has
// D1's total only. Kitas K1 (12 U3 + 45 Ü3 = 57 places) and K2 (0 + 50) stand in D1, 400 m
// north of its centre; K3 (40 places, no split) in D2; GS1 with 200 seats at D1's centre.
planning_model model() {
    planning_model m;
    m.crs = "EPSG:25832";
    m.districts.resize(2);
    m.districts[0].id = district_id{"D1"};
    m.districts[0].area = test::square(0, 0, 1000);
    m.districts[1].id = district_id{"D2"};
    m.districts[1].area = test::square(5000, 0, 1000);
    const district_id d1{"D1"};
    const district_id d2{"D2"};
    m.population = {{d1, 2024, {0, 3}, 113},
                    {d1, 2024, {3, 6}, 120},
                    {d1, 2024, {6, 10}, 200},
                    {d2, 2024, {0, 6}, 50},
                    {d1, 2023, {0, 18}, 400}};
    auto kita = [](const char* id, const char* district, geo::point at, std::optional<double> u3,
                   std::optional<double> ue3, double all) {
        auto f = make_facility(id, facility_kind::kita, district, at);
        f.cap.places_u3 = u3;
        f.cap.places_ue3 = ue3;
        f.cap.places = all;
        return f;
    };
    m.facilities = {kita("K1", "D1", {500, 900}, 12, 45, 57),
                    kita("K2", "D1", {500, 900}, 0, 50, 50),
                    kita("K3", "D2", {5500, 900}, std::nullopt, std::nullopt, 40)};
    auto school = make_facility("GS1", facility_kind::grundschule, "D1", {500, 500});
    school.cap.seats = 200;
    m.facilities.push_back(school);
    return m;
}

planner make_planner(analysis_settings settings = {}) {
    return planner(model(), std::move(settings));
}

template <class F> std::string parameter_of(F&& f) {
    try {
        f();
    } catch (const request_error& e) {
        return e.parameter();
    }
    return "(no request_error)";
}

const coverage_kind& kind_named(const std::vector<coverage_kind>& kinds, const std::string& name) {
    for (const auto& k : kinds) {
        if (k.name == name) {
            return k;
        }
    }
    throw std::runtime_error("no kind " + name);
}

} // namespace

TEST(Planner, TravelChoicesAsTheCommandLineNamesThem) {
    EXPECT_EQ(parse_travel_choice("auto"), travel_choice::automatic);
    EXPECT_EQ(parse_travel_choice("network"), travel_choice::network);
    EXPECT_EQ(parse_travel_choice("straight"), travel_choice::straight);
    EXPECT_FALSE(parse_travel_choice("Luftlinie"));
    EXPECT_FALSE(parse_travel_choice(""));
}

TEST(Planner, GrundschuleAgesFollowTheLandUnlessTheProjectSetsThem) {
    // NRW: entry at 6, four primary grades: 6 to under 10, in supply, coverage and catchments.
    const auto nw = make_planner();
    EXPECT_EQ(nw.grundschule_ages(), (age_band{6, 10}));
    EXPECT_EQ(kind_named(nw.coverage_kinds(), "grundschule").ages, (age_band{6, 10}));
    // Berlin (GsVO): six primary grades, 6 to under 12, without the user setting them.
    analysis_settings berlin;
    berlin.forecast.rules = *rules_of_land("BE");
    const auto be = make_planner(berlin);
    EXPECT_EQ(be.grundschule_ages(), (age_band{6, 12}));
    EXPECT_EQ(be.supply_groups()[3].ages, (age_band{6, 12}));
    EXPECT_EQ(kind_named(be.coverage_kinds(), "grundschule").sub_bands,
              (std::vector<age_band>{{6, 12}}));
    // The project's own range wins.
    berlin.grundschule_ages = age_band{6, 8};
    EXPECT_EQ(make_planner(berlin).supply_groups()[3].ages, (age_band{6, 8}));
    // The Kita groups keep their ages.
    EXPECT_EQ(be.supply_groups()[0].ages, (age_band{0, 3}));
}

TEST(Planner, SupplyYearAndTotalsByHand) {
    const auto p = make_planner();
    const auto r = p.supply({});
    EXPECT_EQ(r.year, 2024); // the latest population year
    ASSERT_EQ(r.totals.size(), 4u);
    // kita_u3: D1 only (D2 cannot split 0-6): 113 children, 12 places, 10.62 per 100; at the
    // target 45: 50.85 needed, 38.85 missing; D2 has no data.
    const auto& u3 = r.totals[0];
    EXPECT_DOUBLE_EQ(u3.children, 113);
    EXPECT_DOUBLE_EQ(u3.places, 12);
    EXPECT_NEAR(*u3.quota, 1200.0 / 113.0, 1e-12);
    EXPECT_NEAR(u3.missing_in_short_districts, 38.85, 1e-9);
    EXPECT_EQ(u3.short_districts, 1u);
    EXPECT_EQ(u3.districts_without_data, 1u);
    // kita (0-6) at 70: D1 233 children, 107 places, 163.1 needed, 56.1 missing; D2 50
    // children, 40 places, 35 needed: 5 to spare, which does not fill D1's gap.
    const auto& all = r.totals[2];
    EXPECT_DOUBLE_EQ(all.children, 283);
    EXPECT_DOUBLE_EQ(all.places, 147);
    EXPECT_NEAR(*all.quota, 14700.0 / 283.0, 1e-12);
    EXPECT_NEAR(all.missing_in_short_districts, 56.1, 1e-9);
    EXPECT_EQ(all.short_districts, 1u);
    EXPECT_EQ(all.districts_without_data, 0u);
    // grundschule: D1 200 children, 200 seats: at 100 per 100 nothing missing, not short.
    EXPECT_EQ(r.totals[3].short_districts, 0u);
    EXPECT_EQ(r.totals[3].districts_without_data, 1u);
    EXPECT_EQ(r.district_complete, (std::vector<bool>{true, false}));

    analysis_settings s;
    s.supply_year = 2023;
    EXPECT_EQ(make_planner(s).supply({}).year, 2023);     // the project's year
    EXPECT_EQ(make_planner(s).supply({2024}).year, 2024); // the request's
    EXPECT_THROW(p.supply({1990}), config_error);         // the data cannot answer
}

TEST(Planner, CoverageTotalsAndSharesByHand) {
    // District points: D1's centre is 400 m from both Kitas, D2's 400 m from K3.
    const auto r = make_planner().coverage({2024, {}});
    EXPECT_EQ(r.travel.description, "straight line");
    ASSERT_EQ(r.kinds.size(), 2u);
    const auto& kita = r.totals[0];
    EXPECT_DOUBLE_EQ(kita.children, 283);
    ASSERT_EQ(kita.within.size(), 2u); // 500 m and 1 km
    EXPECT_DOUBLE_EQ(kita.within[0].threshold, 500);
    EXPECT_DOUBLE_EQ(kita.within[0].children, 283);
    EXPECT_DOUBLE_EQ(kita.within[0].share_pct, 100);
    // Grundschule: only D1 knows its children aged 6-9 (200, all at the school's door).
    const auto& school = r.totals[1];
    EXPECT_DOUBLE_EQ(school.children, 200);
    EXPECT_DOUBLE_EQ(school.within[0].share_pct, 100);
    ASSERT_EQ(r.kinds[1].districts[0].share.size(), 2u);
    EXPECT_DOUBLE_EQ(*r.kinds[1].districts[0].share[0], 100);
    EXPECT_FALSE(r.kinds[1].districts[1].share[0]); // unknown, not 0
}

TEST(Planner, CoverageBeyondTheThresholdByHand) {
    // K3 moves 2.5 km away from D2's centre: D2's 50 children are beyond 1 km.
    auto m = model();
    m.facilities[2].location = {5500, 3000};
    const auto r = planner(std::move(m), {}).coverage({2024, {}});
    const auto& kita = r.totals[0];
    EXPECT_DOUBLE_EQ(kita.within[0].children, 233);
    EXPECT_NEAR(kita.within[0].share_pct, 100.0 * 233 / 283, 1e-12);
    EXPECT_DOUBLE_EQ(kita.within[1].children, 233);
}

TEST(Planner, BadRequestValuesNameTheirParameter) {
    const auto p = make_planner();
    EXPECT_EQ(parameter_of([&] { p.forecast({std::nullopt, -3, "", 0}); }), "horizon");
    EXPECT_EQ(parameter_of([&] { p.forecast({std::nullopt, 31, "", 0}); }), "horizon");
    EXPECT_EQ(parameter_of([&] { p.forecast({std::nullopt, std::nullopt, "", 11}); }), "backtest");
    EXPECT_EQ(parameter_of([&] { p.forecast({std::nullopt, std::nullopt, "XX", 0}); }), "land");
    isochrones_request iso;
    iso.buffer_m = 0;
    EXPECT_EQ(parameter_of([&] { p.isochrones(iso); }), "buffer");
    iso.buffer_m = 50;
    iso.travel.choice = travel_choice::straight;
    EXPECT_EQ(parameter_of([&] { p.isochrones(iso); }), "travel");
    iso.travel.choice = travel_choice::automatic;
    iso.kind = "hort";
    EXPECT_EQ(parameter_of([&] { p.isochrones(iso); }), "kind");
    coverage_request straight_with_mode;
    straight_with_mode.travel = {travel_choice::straight, geo::network::travel_mode::walk};
    EXPECT_EQ(parameter_of([&] { p.coverage(straight_with_mode); }), "mode");
}

TEST(Planner, WhatTheProjectCannotCarryIsAConfigError) {
    const auto p = make_planner(); // no street network
    coverage_request on_streets;
    on_streets.travel.choice = travel_choice::network;
    EXPECT_THROW(p.coverage(on_streets), config_error);
    EXPECT_THROW(p.isochrones({}), config_error);
    access_request minutes;
    minutes.kita_catchment = travel_cost{cost_metric::time_s, 600};
    try {
        p.access(minutes);
        FAIL() << "a time without streets";
    } catch (const config_error& e) {
        EXPECT_NE(std::string(e.what()).find("need a street network"), std::string::npos)
            << e.what();
    }
    // Catchments come from a grid, which this model has not.
    EXPECT_THROW(p.catchments({}), config_error);
}

TEST(Planner, CapacityCatchmentsNeedALimitWhenNoThresholdGivesOne) {
    analysis_settings s;
    for (auto& k : s.coverage_kinds) {
        k.thresholds.clear();
    }
    EXPECT_EQ(parameter_of([&] {
                  make_planner(s).catchments({true, std::nullopt, {}});
              }),
              "capacity_limit");
}

// The planner keeps a siting request's problem and today's evaluation for the next request with
// the same parameters (a server's what-ifs); a request that differs in one parameter only, here
// the threshold inside the same reach, gets its own, as a fresh planner computes it.
TEST(Planner, SitingReusesNothingAcrossDifferentThresholds) {
    auto p = make_planner();
    p.keep_siting_problems(true);
    p.siting({});
    siting_request other;
    other.threshold = travel_cost{cost_metric::distance_m, 1500};
    const auto reused = p.siting(other);
    const auto fresh = make_planner().siting(other);
    ASSERT_EQ(reused.thresholds, fresh.thresholds);
    ASSERT_EQ(reused.scenarios.at(0).within.size(), reused.thresholds.size());
    EXPECT_EQ(reused.scenarios[0].within, fresh.scenarios[0].within);
    EXPECT_EQ(reused.threshold, 1500);
}
