#include "planning/forecast/forecast.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace standort::planning;

namespace {

constexpr auto mid = static_cast<std::size_t>(variant::middle);

standort::geo::multi_polygon square(double x0, double y0, double size) {
    standort::geo::multi_polygon mp;
    mp.resize(1);
    mp[0].outer() = {{x0, y0}, {x0, y0 + size}, {x0 + size, y0 + size}, {x0 + size, y0}, {x0, y0}};
    return mp;
}

// Two districts, A (0-1 km) and B (1-2 km, so none of it in the catchment), each with 20 children
// at every age 0 ... 18 and 1,000 adults in 2022, 2023 and 2024, so every ratio is exactly one. A
// has a Kita with 100 places, a Grundschule (seats 82, one Zug) whose catchment is A, and a Sek I
// school taking half the Grundschule's leavers into grade 5. A new housing area in A brings 100
// movers a year from 2026 to 2030 (the default profile: 5 per age 0-5, 3.5 per age 6-9, 1 per age
// 10-17).
planning_model model() {
    planning_model m;
    m.districts.resize(2);
    m.districts[0].id = district_id{"A"};
    m.districts[0].area = square(0, 0, 1000);
    m.districts[0].area_m2 = 1e6;
    m.districts[1].id = district_id{"B"};
    m.districts[1].area = square(1000, 0, 1000);
    m.districts[1].area_m2 = 1e6;
    for (const auto& d : {"A", "B"}) {
        for (int year = 2022; year <= 2024; ++year) {
            for (int a = 0; a <= 18; ++a) {
                m.population.push_back({district_id{d}, year, {a, a + 1}, 20});
            }
            m.population.push_back({district_id{d}, year, {19, 65}, 1000});
        }
    }
    facility kita;
    kita.id = facility_id{"K1"};
    kita.kind = facility_kind::kita;
    kita.district = district_id{"A"};
    kita.cap.places_u3 = 30;
    kita.cap.places_ue3 = 70;
    kita.cap.places = 100; // as build_model derives it from U3 + Ü3
    facility gs;
    gs.id = facility_id{"GS1"};
    gs.kind = facility_kind::grundschule;
    gs.district = district_id{"A"};
    gs.cap.seats = 82;
    gs.cap.zuege = 1;
    facility sek;
    sek.id = facility_id{"S1"};
    sek.kind = facility_kind::sek1;
    sek.school_type = "Realschule";
    sek.cap.seats = 30;
    m.facilities = {kita, gs, sek};
    catchment c;
    c.id = catchment_id{"ESB1"};
    c.facility = facility_id{"GS1"};
    c.area = square(0, 0, 1000);
    m.catchments = {c};
    for (int year = 2022; year <= 2024; ++year) {
        for (int g = 1; g <= 4; ++g) {
            m.enrolment.push_back({facility_id{"GS1"}, year, std::to_string(g), 20});
        }
        m.enrolment.push_back({facility_id{"S1"}, year, "5", 10});
        m.enrolment.push_back({facility_id{"S1"}, year, "6", 10});
    }
    return m;
}

forecast_options options() {
    forecast_options o;
    o.population.method = projection_method::cohort_ratios; // the hand figures are its ratios
    o.population.method_by_backtest = false;
    o.population.horizon = 6;
    o.population.weights = {1, 2};
    o.population.births = births_basis::previous_births;
    o.population.housing = {{"Neubaugebiet", district_id{"A"}, 2026, 2030, 50, 2}};
    return o;
}

const facility_forecast& school(const forecast_result& r, const planning_model& m,
                                const std::string& id) {
    for (const auto& f : r.facilities) {
        if (m.facilities[f.facility].id.value == id) {
            return f;
        }
    }
    throw std::runtime_error("no forecast for " + id);
}

} // namespace

TEST(Forecast, KitaDemandMeetsTheHousingAreaIn2026) {
    const auto m = model();
    const auto r = run_forecast(m, options());
    EXPECT_EQ(r.base_year, 2024);
    ASSERT_EQ(r.districts.size(), 2u);
    const auto& a = r.districts[0];
    EXPECT_EQ(a.kitas, 1u);
    EXPECT_DOUBLE_EQ(a.places.value_or(-1), 100);
    EXPECT_DOUBLE_EQ(*a.places_u3, 30);
    // U3: 20 x (0.10 + 0.55 + 0.70) = 27; Ü3: 60 x 0.95 = 57: 84 in 2024 and 2025.
    EXPECT_NEAR(a.demand_u3[mid][0], 27, 1e-9);
    EXPECT_NEAR(a.demand_ue3[mid][0], 57, 1e-9);
    EXPECT_NEAR(a.demand_u3[mid][1] + a.demand_ue3[mid][1], 84, 1e-9);
    // 2026: five movers at every age 0-5: 25 x 1.35 = 33.75 (> 30 U3 places) and
    // 75 x 0.95 = 71.25, 105 in all > 100.
    EXPECT_NEAR(a.demand_u3[mid][2], 33.75, 1e-9);
    EXPECT_NEAR(a.demand_ue3[mid][2], 71.25, 1e-9);
    EXPECT_EQ(a.first_shortage[mid], 2026);
    // B has children and no Kita: its demand is counted, but it has no places to run short of.
    EXPECT_FALSE(r.districts[1].first_shortage[mid]);
    EXPECT_GT(r.districts[1].demand_u3[mid][0], 0);
    EXPECT_DOUBLE_EQ(r.districts[1].places.value_or(-1), 0); // known: the project has Kitas
}

TEST(Forecast, GrundschuleRunsShortOfSeatsWhenTheMoversReachSchoolAge) {
    const auto m = model();
    const auto r = run_forecast(m, options());
    EXPECT_EQ(r.school_base_year, 2024);
    const auto& gs = school(r, m, "GS1");
    // Einschulungsquote 20 / 20 = 1, every transition 1.
    EXPECT_NEAR(gs.rates.entry->mean, 1.0, 1e-12);
    const auto& years = gs.years[mid];
    ASSERT_EQ(years.size(), 7u); // 2024 ... 2030
    EXPECT_NEAR(years[1].pupils, 80, 1e-9);
    // 2026: the six-year-olds are 20 + 3.5 movers; 83.5 pupils on 82 seats.
    EXPECT_NEAR(gs.pupils[mid][2][0], 23.5, 1e-9);
    EXPECT_NEAR(years[2].pupils, 83.5, 1e-9);
    EXPECT_TRUE(years[2].short_of_seats);
    EXPECT_NEAR(*years[2].utilisation, 8350.0 / 82, 1e-9);
    EXPECT_EQ(years[2].classes, 4); // one class a grade, the four rooms of one Zug suffice
    EXPECT_FALSE(years[2].short_of_rooms);
    EXPECT_EQ(gs.first_shortage[mid], 2026);
    EXPECT_EQ(*gs.rooms, 4);
    // 2027: the five-year-old movers of 2026 turn six (25 + 3.5): grade 1 28.5, grade 2 23.5.
    EXPECT_NEAR(gs.pupils[mid][3][0], 28.5, 1e-9);
    EXPECT_NEAR(gs.pupils[mid][3][1], 23.5, 1e-9);
}

TEST(Forecast, SekIEntriesFollowTheLeaversOfTheGrundschulen) {
    const auto m = model();
    const auto r = run_forecast(m, options());
    const auto& s = school(r, m, "S1");
    EXPECT_EQ(s.entry_grade, 5);
    EXPECT_EQ(s.last_grade, 6);
    // Übergangsquote: 10 of the 20 leavers of grade 4 the year before.
    EXPECT_NEAR(s.rates.entry->mean, 0.5, 1e-12);
    EXPECT_NEAR(s.pupils[mid][1][0], 10, 1e-9);
    // The 23.5 first graders of 2026 leave grade 4 in 2029 and half enter grade 5 in 2030.
    EXPECT_NEAR(s.pupils[mid][6][0], 11.75, 1e-9);
    EXPECT_EQ(s.rule.source, r.options.rules.sek1.source);
    EXPECT_EQ(s.base_year, 2024);
}

TEST(Forecast, NrwClassesCarryOnWithTheirCohortAndTodayIsNoShortage) {
    // 58 entrants in 2023 form three classes (§ 6a table: 29 / 56 / 81); in 2024 the cohort is
    // in grade 2 with 56 pupils, which 29 a class would count as two: it keeps its three.
    auto m = model();
    for (auto& e : m.enrolment) {
        if (e.facility.value == "GS1" && e.school_year == 2023 && e.grade == "1") {
            e.pupils = 58;
        }
        if (e.facility.value == "GS1" && e.school_year == 2024 && e.grade == "2") {
            e.pupils = 56;
        }
    }
    const auto r = run_forecast(m, options());
    const auto gs = std::find_if(r.facilities.begin(), r.facilities.end(),
                                 [&](const facility_forecast& f) { return f.facility == 1; });
    ASSERT_NE(gs, r.facilities.end());
    // 2024/25 observed: grade 1 20 (1 class), grade 2 56 (3, carried), grades 3, 4 20 (1 each).
    EXPECT_EQ(gs->years[mid][0].classes, 6);
    // One Zug is four rooms by Züge x grades, but the school holds six classes today: the
    // present is no shortage, and its rooms are taken as six.
    EXPECT_FALSE(gs->years[mid][0].short_of_rooms);
    ASSERT_TRUE(gs->rooms);
    EXPECT_EQ(*gs->rooms, 6);
    EXPECT_TRUE(std::any_of(gs->notes.begin(), gs->notes.end(), [](const std::string& n) {
        return n.find("taken as at least today's classes") != std::string::npos;
    }));
}

TEST(Forecast, KitaPlacesUnknownStayUnknown) {
    // A Kita without a places figure: the district's places are unknown, never 0, and no
    // shortage is reported against them.
    auto m = model();
    m.facilities[0].cap = {};
    const auto r = run_forecast(m, options());
    EXPECT_FALSE(r.districts[0].places);
    EXPECT_FALSE(r.districts[0].first_shortage[mid]);
    // Without any Kita in the project, B's places are unknown too.
    m.facilities.erase(m.facilities.begin());
    const auto none = run_forecast(m, options());
    EXPECT_FALSE(none.districts[1].places);
}
