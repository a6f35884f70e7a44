#include "planning/monitoring/indicators.hpp"
#include "planning/monitoring/publication.hpp"

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <set>
#include <tuple>

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
TEST(Indicators, GanztagClaimGradesFollowTheLaw) {
    // GaFöG: grade 1 from 2026/27, one grade more each year, grades 1 to 4 from 2029/30.
    EXPECT_EQ(ganztag_claim_grades(2025), 0);
    EXPECT_EQ(ganztag_claim_grades(2026), 1);
    EXPECT_EQ(ganztag_claim_grades(2027), 2);
    EXPECT_EQ(ganztag_claim_grades(2028), 3);
    EXPECT_EQ(ganztag_claim_grades(2029), 4);
    EXPECT_EQ(ganztag_claim_grades(2032), 4);
}

// GS1 (in B, Gemeinde G1): 90 pupils in 2024, 45 of them in the Ganztag on 60 places; 2026/27
// observed by grade, 2027/28 and 2028/29 from the projection; 75 places per 100 entitled.
TEST(Indicators, GanztagQuoteClaimAndMissingPlacesByHand) {
    auto m = town();
    m.ganztag = {{facility_id{"GS1"}, 2024, 45, 60}};
    for (const auto& [grade, n] : {std::pair{"1", 50.0}, {"2", 40.0}, {"3", 45.0}, {"4", 38.0}}) {
        m.enrolment.push_back({facility_id{"GS1"}, 2026, grade, n});
    }
    indicator_request request{2024};
    request.ganztag_per_100 = 75;
    request.projected = {{facility_id{"GS1"}, 2026, {99, 99, 99, 99}}, // observed wins
                         {facility_id{"GS1"}, 2027, {52, 50, 40, 45}},
                         {facility_id{"GS1"}, 2028, {48, 52, 50, 40}},
                         {facility_id{"GS1"}, 2030, {1, 1, 1, 1}}}; // after 2029/30: not used
    const auto r = compute_indicators(m, request);
    EXPECT_DOUBLE_EQ(*find(r, "ganztag_quote", "schule", "GS1", 2024).value, 50.0); // 45 / 90
    EXPECT_DOUBLE_EQ(*find(r, "ganztag_quote", "gesamt", "", 2024).value, 50.0);
    // 2026/27: grade 1 only, 50 pupils; need 37.5 < 60 places: nothing missing.
    EXPECT_DOUBLE_EQ(*find(r, "ganztag_anspruch", "schule", "GS1", 2026).value, 50);
    EXPECT_DOUBLE_EQ(*find(r, "ganztag_bedarf", "schule", "GS1", 2026).value, 37.5);
    EXPECT_DOUBLE_EQ(*find(r, "ganztag_plaetze_fehlend", "district", "B", 2026).value, 0);
    // 2027/28: grades 1-2 projected, 102; need 76.5 against the 60 places of 2024: 16.5.
    EXPECT_DOUBLE_EQ(*find(r, "ganztag_anspruch", "gemeinde", "G1", 2027).value, 102);
    EXPECT_DOUBLE_EQ(*find(r, "ganztag_plaetze_fehlend", "gesamt", "", 2027).value, 16.5);
    // 2028/29: grades 1-3, 150; need 112.5; 52.5 missing.
    EXPECT_DOUBLE_EQ(*find(r, "ganztag_plaetze_fehlend", "schule", "GS1", 2028).value, 52.5);
    std::map<std::pair<std::string, int>, bool> projected;
    for (const auto& row : r.rows) {
        if (r.areas[row.area].level == "gesamt") {
            projected[{row.indicator, row.year}] = row.projected;
        }
    }
    EXPECT_FALSE(projected.at({"ganztag_anspruch", 2026}));
    EXPECT_TRUE(projected.at({"ganztag_anspruch", 2027}));
    EXPECT_TRUE(projected.at({"ganztag_plaetze_fehlend", 2026})); // places carried from 2024
    EXPECT_FALSE(projected.at({"ganztag_quote", 2024}));
    EXPECT_FALSE(projected.contains({"ganztag_anspruch", 2030}));
    EXPECT_FALSE(projected.contains({"ganztag_anspruch", 2024})); // no claim before 2026/27
}

// GS1 in B (Gemeinde G1), GS2 in C (G2), GS3 in A, opened in 2024/25. Leavers who start at a
// secondary school in 2024/25: GS1 50 (20 Gymnasium, 15 Gesamtschule, 10 Realschule, 5 other),
// GS2 20 (12 Gymnasium, 8 Gesamtschule, no rows for the others). In 2025/26 only GS1 reports.
TEST(Indicators, UebergangsquotenPerSchoolDistrictAndTownByHand) {
    auto m = town();
    const auto school = [](const char* id, const char* in) {
        facility f;
        f.id = facility_id{id};
        f.name = id;
        f.kind = facility_kind::grundschule;
        f.district = district_id{in};
        return f;
    };
    m.facilities.push_back(school("GS2", "C"));
    m.facilities.push_back(school("GS3", "A"));
    m.enrolment.push_back({facility_id{"GS2"}, 2024, "4", 22});
    m.enrolment.push_back({facility_id{"GS3"}, 2024, "1", 25}); // none in 2023/24
    using f = school_form;
    m.transitions = {{facility_id{"GS1"}, 2024, f::gymnasium, 20},
                     {facility_id{"GS1"}, 2024, f::gesamtschule, 15},
                     {facility_id{"GS1"}, 2024, f::realschule, 10},
                     {facility_id{"GS1"}, 2024, f::sonstige, 5},
                     {facility_id{"GS2"}, 2024, f::gymnasium, 12},
                     {facility_id{"GS2"}, 2024, f::gesamtschule, 8},
                     {facility_id{"GS1"}, 2025, f::gymnasium, 30},
                     {facility_id{"GS1"}, 2025, f::gesamtschule, 20},
                     {facility_id{"GS1"}, 2026, f::gymnasium, std::nullopt}, // an empty cell
                     {facility_id{"GS1"}, 2026, f::gesamtschule, 10}};
    const auto r = compute_indicators(m, {2024});
    EXPECT_DOUBLE_EQ(*find(r, "uebergangsquote_gymnasium", "schule", "GS1", 2024).value, 40.0);
    EXPECT_DOUBLE_EQ(*find(r, "uebergangsquote_gymnasium", "schule", "GS2", 2024).value, 60.0);
    EXPECT_DOUBLE_EQ(*find(r, "uebergangsquote_realschule", "schule", "GS2", 2024).value, 0.0);
    EXPECT_DOUBLE_EQ(*find(r, "uebergangsquote_sonstige", "district", "B", 2024).value, 10.0);
    EXPECT_DOUBLE_EQ(*find(r, "uebergangsquote_gesamtschule", "gemeinde", "G2", 2024).value, 40.0);
    // The town: 32 of 70 to the Gymnasium. GS3 had no pupils in 2023/24, so no leavers: it
    // leaves the sums known.
    const auto town_gym = find(r, "uebergangsquote_gymnasium", "gesamt", "", 2024);
    EXPECT_DOUBLE_EQ(*town_gym.numerator, 32);
    EXPECT_DOUBLE_EQ(*town_gym.denominator, 70);
    EXPECT_NEAR(*town_gym.value, 45.714, 0.001);
    EXPECT_DOUBLE_EQ(*find(r, "uebergaenge", "gemeinde", "G1", 2024).value, 50);
    // 2025/26: GS1 alone, 30 of 50; GS2 and GS3 taught pupils in 2024/25 and did not report,
    // so their districts and the town are unknown, not GS1's figures alone.
    EXPECT_DOUBLE_EQ(*find(r, "uebergangsquote_gymnasium", "district", "B", 2025).value, 60.0);
    EXPECT_FALSE(find(r, "uebergaenge", "gesamt", "", 2025).value);
    EXPECT_FALSE(find(r, "uebergangsquote_gymnasium", "gemeinde", "G2", 2025).value);
    EXPECT_FALSE(find(r, "uebergangsquote_gymnasium", "district", "A", 2025).value);
    EXPECT_FALSE(find(r, "uebergangsquote_gymnasium", "gemeinde", "G1", 2025).value); // A, B
    // 2026/27: GS1's Gymnasium cell is empty: its total and every quote over it are unknown,
    // not 10 of 10 to the Gesamtschule.
    EXPECT_FALSE(find(r, "uebergaenge", "schule", "GS1", 2026).value);
    EXPECT_FALSE(find(r, "uebergangsquote_gesamtschule", "schule", "GS1", 2026).value);
    EXPECT_DOUBLE_EQ(*find(r, "uebergaenge_gesamtschule", "schule", "GS1", 2026).value, 10);
}

// The Betreuungsquote U3 of 2024 between the districts: A 9 of 32 (28.125 %), B no Kita, 0 of
// 15, C 6 of 24 (25 %). Weighted Gini = sum over ordered pairs w_i w_j |r_i - r_j| / (2 W² mean):
// the town 2 (480 · 28.125 + 768 · 3.125 + 360 · 25) / (2 · 71 · 1500) = 49800 / 213000;
// Gemeinde G1 (A, B) 2 · 480 · 28.125 / (2 · 47 · 900) = 27000 / 84600; G2 has one district.
TEST(Indicators, SpreadBetweenDistrictsByHand) {
    const auto r = compute_indicators(town(), {2024});
    const auto spread = [&](const std::string& level) -> const indicator_spread* {
        for (const auto& s : r.spreads) {
            if (s.indicator == "betreuungsquote_u3" && s.year == 2024 &&
                r.areas[s.area].level == level) {
                return &s;
            }
        }
        return nullptr;
    };
    const auto* all = spread("gesamt");
    ASSERT_TRUE(all);
    EXPECT_EQ(all->known, 3u);
    EXPECT_DOUBLE_EQ(all->min, 0.0);
    EXPECT_EQ(r.areas[all->min_area].id, "B");
    EXPECT_DOUBLE_EQ(all->max, 28.125);
    EXPECT_EQ(r.areas[all->max_area].id, "A");
    EXPECT_NEAR(*all->gini, 49800.0 / 213000.0, 1e-12);
    const auto* g1 = spread("gemeinde");
    ASSERT_TRUE(g1);
    EXPECT_EQ(r.areas[g1->area].id, "G1");
    EXPECT_NEAR(*g1->gini, 27000.0 / 84600.0, 1e-12);
    for (const auto& s : r.spreads) {
        EXPECT_NE(r.areas[s.area].id, "G2") << s.indicator; // one district: no spread
    }
    // K2's U3 places unknown: C's Versorgungsquote U3 is, so the town has no spread for it
    // (over A and B alone it would pass for the town's); G1 (A, B, all known) has one.
    auto m = town();
    m.facilities[1].cap.places_u3.reset();
    const auto unknown = compute_indicators(m, {2024});
    std::set<std::string> spread_levels;
    for (const auto& s : unknown.spreads) {
        if (s.indicator == "versorgungsquote_u3") {
            spread_levels.insert(unknown.areas[s.area].level);
        }
    }
    EXPECT_EQ(spread_levels, (std::set<std::string>{"gemeinde"}));
    // Published with a minimum count of 7: C's 6 children are hidden, and so (secondary) G1's 9
    // and A's 9, which would give them back from the town's 15. Only B's rate is published, so
    // the town has no spread for it: its lowest and highest would be the hidden rates. Every
    // spread left is over published district rates only.
    const auto published = publish(r, {7, 10});
    const auto& pr = published.report;
    std::set<std::tuple<std::string, int, std::size_t, double>> shown;
    for (const auto& row : pr.rows) {
        if (row.value && pr.areas[row.area].level == "district") {
            shown.insert({row.indicator, row.year, row.area, *row.value});
        }
    }
    for (const auto& s : pr.spreads) {
        EXPECT_FALSE(s.indicator == "betreuungsquote_u3" && s.year == 2024);
        EXPECT_TRUE(shown.contains({s.indicator, s.year, s.min_area, s.min})) << s.indicator;
        EXPECT_TRUE(shown.contains({s.indicator, s.year, s.max_area, s.max})) << s.indicator;
    }
    EXPECT_FALSE(pr.spreads.empty());
}

// Access: the children of a kind's ages per district and those beyond its limit, as the
// coverage analysis gives them; summed up the hierarchy, the share a rate. A: 2 of 40 beyond,
// B 10 of 20, C unknown (no grid cell knows the ages): G1 12 of 60 = 20 %, the town unknown.
TEST(Indicators, ChildrenBeyondTheLimitPerDistrictAndAbove) {
    indicator_request request{2024};
    reach_figures k;
    k.name = "grundschule";
    k.title = "Grundschule";
    k.limit = "2 km (Luftlinie)";
    k.ages = "6 bis unter 10 Jahren";
    k.basis = "nach dem Bevölkerungsgitter";
    k.year = 2024;
    k.children = {40, 20, std::nullopt};
    k.beyond = {2, 10, std::nullopt};
    request.reach = {k};
    const auto r = compute_indicators(town(), request);
    EXPECT_DOUBLE_EQ(*find(r, "grundschule_anteil_jenseits", "district", "A", 2024).value, 5.0);
    const auto g1 = find(r, "grundschule_anteil_jenseits", "gemeinde", "G1", 2024);
    EXPECT_DOUBLE_EQ(*g1.numerator, 12);
    EXPECT_DOUBLE_EQ(*g1.denominator, 60);
    EXPECT_DOUBLE_EQ(*g1.value, 20.0);
    EXPECT_FALSE(find(r, "grundschule_anteil_jenseits", "gesamt", "", 2024).value);
    const auto* def = find_definition(r, "grundschule_anteil_jenseits");
    ASSERT_TRUE(def);
    EXPECT_EQ(def->title, "Anteil der Kinder über 2 km (Luftlinie) bis zur nächsten Grundschule");
}

TEST(Indicators, KitaVersorgungsquoteOverAllPlacesAndChildrenUnderSix) {
    auto m = town();
    m.facilities[0].cap.places = 50; // K1 in A: 10 U3 + 40 Ü3
    m.facilities[1].cap.places = 26; // K2 in C
    const auto r = compute_indicators(m, {2024});
    // A: 50 places for 10 + 10 + 12 + 50 = 82 children under 6.
    const auto a = find(r, "versorgungsquote_kita", "district", "A", 2024);
    EXPECT_DOUBLE_EQ(*a.numerator, 50);
    EXPECT_DOUBLE_EQ(*a.denominator, 82);
    // The town: 76 places, 82 + 35 + 54 = 171 children.
    EXPECT_DOUBLE_EQ(*find(r, "versorgungsquote_kita", "gesamt", "", 2024).value, 100.0 * 76 / 171);
}

TEST(Publication, ACountDerivedFromAHiddenOneIsHiddenToo) {
    // The need is 20 per entitled pupil here: 40 would give the hidden 2 back.
    indicator_report r;
    r.definitions = {{"n", "n", indicator_unit::count, "", "", "", "", ""},
                     {"need", "need", indicator_unit::count, "", "", "", "", "n"}};
    r.areas = {{"gesamt", "", "Testdorf", "", ""}};
    r.rows = {{0, 2027, "n", 2, 2, std::nullopt, false},
              {0, 2027, "need", 40, 40, std::nullopt, false}};
    const auto p = publish(r, {3, 10});
    EXPECT_FALSE(find(p.report, "n", "gesamt", "", 2027).value);
    EXPECT_FALSE(find(p.report, "need", "gesamt", "", 2027).value);
    ASSERT_EQ(p.suppressed.size(), 2u);
}

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
