#include "planning/monitoring/indicators.hpp"
#include "planning/monitoring/publication.hpp"

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <set>

namespace standort::planning {
namespace {

// Three districts in two Gemeinden: A and B in G1, C in G2. Kitas K1 (in A) and K2 (in C).
planning_model town() {
    planning_model m;
    m.name = "Testdorf";
    for (const auto& [id, g] : {std::pair{"A", "G1"}, {"B", "G1"}, {"C", "G2"}}) {
        district d;
        d.id = district_id{id};
        d.name = std::string("Bezirk ") + id;
        d.levels = {{"gemeinde", g}};
        m.districts.push_back(d);
    }
    const auto kita = [](const char* id, const char* in, double u3, double ue3) {
        facility f;
        f.id = facility_id{id};
        f.name = id;
        f.kind = facility_kind::kita;
        f.district = district_id{in};
        f.cap.places_u3 = u3;
        f.cap.places_ue3 = ue3;
        return f;
    };
    m.facilities = {kita("K1", "A", 10, 40), kita("K2", "C", 6, 20)};
    facility gs;
    gs.id = facility_id{"GS1"};
    gs.name = "Grundschule am Bach";
    gs.kind = facility_kind::grundschule;
    gs.district = district_id{"B"};
    gs.cap.seats = 200;
    m.facilities.push_back(gs);
    // Children under 3 as single years (0, 1, 2) and 3-6 as one band.
    const std::map<std::string, std::array<double, 4>> people = {
        {"A", {10, 10, 12, 50}}, {"B", {4, 5, 6, 20}}, {"C", {8, 8, 8, 30}}};
    for (int year : {2023, 2024}) {
        for (const auto& [d, n] : people) {
            for (int age = 0; age < 3; ++age) {
                m.population.push_back({district_id{d}, year, {age, age + 1}, n[age]});
            }
            m.population.push_back({district_id{d}, year, {3, 6}, n[3]});
        }
    }
    m.care = {{district_id{"A"}, facility_id{"K1"}, 2024, {0, 3}, 9},
              {district_id{"A"}, facility_id{"K1"}, 2024, {3, 6}, 38},
              {district_id{"C"}, facility_id{"K2"}, 2024, {0, 3}, 6},
              {district_id{"C"}, facility_id{"K2"}, 2024, {3, 6}, 19}};
    m.enrolment = {{facility_id{"GS1"}, 2023, "1", 40},
                   {facility_id{"GS1"}, 2023, "2", 45},
                   {facility_id{"GS1"}, 2024, "1", 50},
                   {facility_id{"GS1"}, 2024, "2", 40}};
    return m;
}

struct found {
    std::optional<double> value, numerator, denominator;
};

found find(const indicator_report& r, const std::string& indicator, const std::string& level,
           const std::string& id, int year) {
    for (const auto& row : r.rows) {
        const auto& a = r.areas[row.area];
        if (row.indicator == indicator && a.level == level && a.id == id && row.year == year) {
            return {row.value, row.numerator, row.denominator};
        }
    }
    ADD_FAILURE() << "no row " << indicator << " " << level << " " << id << " " << year;
    return {};
}

TEST(Indicators, BetreuungsquoteAndVersorgungsquoteByHand) {
    const auto r = compute_indicators(town(), {2024});
    // A: 9 of 32 children under 3 in care = 28.125 %; 10 places for 32 = 31.25 %.
    auto a = find(r, "betreuungsquote_u3", "district", "A", 2024);
    EXPECT_DOUBLE_EQ(*a.value, 100.0 * 9 / 32);
    EXPECT_DOUBLE_EQ(*a.numerator, 9);
    EXPECT_DOUBLE_EQ(*a.denominator, 32);
    EXPECT_DOUBLE_EQ(*find(r, "versorgungsquote_u3", "district", "A", 2024).value, 31.25);
    // B has no Kita: 0 in care of 15, a quota of 0 (not unknown).
    EXPECT_DOUBLE_EQ(*find(r, "betreuungsquote_u3", "district", "B", 2024).value, 0.0);
    // Gemeinde G1 = A + B: 9 of 47; the whole town: 15 of 71 U3, 57 of 100 Ü3.
    EXPECT_DOUBLE_EQ(*find(r, "betreuungsquote_u3", "gemeinde", "G1", 2024).value, 100.0 * 9 / 47);
    EXPECT_DOUBLE_EQ(*find(r, "betreuungsquote_u3", "gesamt", "", 2024).value, 100.0 * 15 / 71);
    EXPECT_DOUBLE_EQ(*find(r, "betreuungsquote_ue3", "gesamt", "", 2024).value, 57.0);
    // Places are known for the facilities' year only: no Versorgungsquote for 2023.
    for (const auto& row : r.rows) {
        if (row.indicator.starts_with("versorgungsquote")) {
            EXPECT_EQ(row.year, 2024);
        }
    }
    // Care was reported for 2024 only: no Betreuungsquote for 2023 either.
    for (const auto& row : r.rows) {
        if (row.indicator.starts_with("betreu")) {
            EXPECT_EQ(row.year, 2024);
        }
    }
}

TEST(Indicators, PupilsAndAuslastungAddUpFromTheSchool) {
    const auto r = compute_indicators(town(), {2024});
    EXPECT_DOUBLE_EQ(*find(r, "schueler_grundschule", "schule", "GS1", 2023).value, 85);
    EXPECT_DOUBLE_EQ(*find(r, "schueler_grundschule", "district", "B", 2024).value, 90);
    EXPECT_DOUBLE_EQ(*find(r, "schueler_grundschule", "gesamt", "", 2024).value, 90);
    // 90 pupils on 200 seats.
    EXPECT_DOUBLE_EQ(*find(r, "auslastung_grundschule", "schule", "GS1", 2024).value, 45);
}

// Two Kitas in one district report the same age band: their children add up.
TEST(Indicators, TwoKitasOfADistrictAddUp) {
    auto m = town();
    m.facilities.push_back(m.facilities[0]);
    m.facilities.back().id = facility_id{"K3"}; // a second Kita in A
    m.care.push_back({district_id{"A"}, facility_id{"K3"}, 2024, {0, 3}, 7});
    m.care.push_back({district_id{"A"}, facility_id{"K3"}, 2024, {3, 6}, 1});
    const auto r = compute_indicators(m, {2024});
    EXPECT_DOUBLE_EQ(*find(r, "betreute_u3", "district", "A", 2024).value, 16);
    EXPECT_DOUBLE_EQ(*find(r, "betreuungsquote_u3", "district", "A", 2024).value, 50.0);
    EXPECT_DOUBLE_EQ(*find(r, "plaetze_u3", "district", "A", 2024).value, 20);
}

TEST(Indicators, AKitaWithoutAReportMakesItsDistrictUnknownNotZero) {
    auto m = town();
    m.care.erase(m.care.begin() + 2, m.care.end()); // K2 (in C) did not report 2024
    const auto r = compute_indicators(m, {2024});
    EXPECT_FALSE(find(r, "betreuungsquote_u3", "district", "C", 2024).value);
    EXPECT_FALSE(find(r, "betreuungsquote_u3", "gemeinde", "G2", 2024).value);
    EXPECT_FALSE(find(r, "betreuungsquote_u3", "gesamt", "", 2024).value); // never a partial sum
    EXPECT_DOUBLE_EQ(*find(r, "betreuungsquote_u3", "gemeinde", "G1", 2024).value, 100.0 * 9 / 47);
}

// Primary: B's 2 children in care under 3 are below 3. Secondary: G1 = A + B, so A must go too
// (else G1 - A = B); then the town = G1 + G2 with G1 published and no cell hidden there: fine.
TEST(Publication, SuppressesSmallCountsAndWhatWouldGiveThemBack) {
    auto m = town();
    m.facilities.push_back(m.facilities[0]);
    m.facilities.back().id = facility_id{"K3"};
    m.facilities.back().district = district_id{"B"};
    m.care.push_back({district_id{"B"}, facility_id{"K3"}, 2024, {0, 3}, 2});
    m.care.push_back({district_id{"B"}, facility_id{"K3"}, 2024, {3, 6}, 5});
    const auto p = publish(compute_indicators(m, {2024}), {3, 10});
    EXPECT_FALSE(find(p.report, "betreute_u3", "district", "B", 2024).value);
    EXPECT_FALSE(find(p.report, "betreute_u3", "district", "A", 2024).value);
    EXPECT_DOUBLE_EQ(*find(p.report, "betreute_u3", "gemeinde", "G1", 2024).value, 11);
    EXPECT_DOUBLE_EQ(*find(p.report, "betreute_u3", "district", "C", 2024).value, 6);
    // The rates over hidden numerators are left out; the numerator column too.
    const auto b = find(p.report, "betreuungsquote_u3", "district", "B", 2024);
    EXPECT_FALSE(b.value);
    EXPECT_FALSE(b.numerator);
    // The office's side-car names both, with the reason.
    std::map<std::string, std::string> why;
    for (const auto& s : p.suppressed) {
        if (s.indicator == "betreute_u3") {
            why[p.report.areas[s.area].id] = s.reason;
        }
    }
    ASSERT_EQ(why.size(), 2u);
    EXPECT_EQ(why["B"], "primär: 2 < 3");
    EXPECT_TRUE(why["A"].starts_with("sekundär")) << why["A"];
    // 0 is published (no child to protect): B's Ü3 of 5 is, the town's Ü3 too.
    EXPECT_DOUBLE_EQ(*find(p.report, "betreute_ue3", "district", "B", 2024).value, 5);
}

TEST(Publication, LeavesOutRatesOverFewChildren) {
    // C's 24 children under 3 pass a minimum denominator of 20, B's 15 do not.
    const auto p = publish(compute_indicators(town(), {2024}), {3, 20});
    EXPECT_FALSE(find(p.report, "betreuungsquote_u3", "district", "B", 2024).value);
    EXPECT_DOUBLE_EQ(*find(p.report, "betreuungsquote_u3", "district", "C", 2024).value, 25.0);
    bool named = false;
    for (const auto& s : p.suppressed) {
        named = named || (s.indicator == "betreuungsquote_u3" && s.reason == "Nenner 15 < 20" &&
                          p.report.areas[s.area].id == "B");
    }
    EXPECT_TRUE(named);
}

// Every total with its parts: never exactly one of them hidden (it could be recomputed).
TEST(Publication, NoTotalHasExactlyOneHiddenFigure) {
    auto m = town();
    // Many small counts: each district's care 1 or 2, so cells cascade up the levels.
    m.care = {{district_id{"A"}, facility_id{"K1"}, 2024, {0, 3}, 1},
              {district_id{"A"}, facility_id{"K1"}, 2024, {3, 6}, 30},
              {district_id{"C"}, facility_id{"K2"}, 2024, {0, 3}, 7},
              {district_id{"C"}, facility_id{"K2"}, 2024, {3, 6}, 2}};
    const auto p = publish(compute_indicators(m, {2024}), {3, 10});
    std::set<std::tuple<std::string, std::size_t, int>> hidden, present;
    std::set<std::string> counts; // rates add up to nothing: only counts form totals
    for (const auto& d : p.report.definitions) {
        if (d.unit == indicator_unit::count) {
            counts.insert(d.id);
        }
    }
    for (const auto& row : p.report.rows) {
        if (counts.contains(row.indicator)) {
            present.insert({row.indicator, row.area, row.year});
        }
    }
    for (const auto& s : p.suppressed) {
        hidden.insert({s.indicator, s.area, s.year});
    }
    std::map<std::pair<std::string, std::string>, std::size_t> area_of;
    for (std::size_t a = 0; a < p.report.areas.size(); ++a) {
        area_of[{p.report.areas[a].level, p.report.areas[a].id}] = a;
    }
    std::size_t checked = 0;
    for (const auto& [indicator, parent, year] : present) {
        std::size_t n = hidden.contains({indicator, parent, year}) ? 1 : 0;
        std::size_t parts = 0;
        for (std::size_t a = 0; a < p.report.areas.size(); ++a) {
            const auto& x = p.report.areas[a];
            const auto it = area_of.find({x.parent_level, x.parent_id});
            if (it != area_of.end() && it->second == parent &&
                present.contains({indicator, a, year})) {
                ++parts;
                n += hidden.contains({indicator, a, year}) ? 1 : 0;
            }
        }
        if (parts > 0) {
            ++checked;
            EXPECT_NE(n, 1u) << indicator << " total " << p.report.areas[parent].id << " " << year;
        }
    }
    EXPECT_GT(checked, 10u);
    // G2 has only C: C's 2 children Ü3 hidden means G2 is hidden too, and then the town's
    // total must lose G1 as well.
    EXPECT_FALSE(find(p.report, "betreute_ue3", "gemeinde", "G2", 2024).value);
    EXPECT_FALSE(find(p.report, "betreute_ue3", "gemeinde", "G1", 2024).value);
}

} // namespace
} // namespace standort::planning
