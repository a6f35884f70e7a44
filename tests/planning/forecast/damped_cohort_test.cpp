// The damped cohort model and its calibration, on instances small enough to compute by hand.
#include "planning/forecast/calibration.hpp"
#include "planning/forecast/damped_cohort.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace standort::planning;

namespace {

constexpr auto mid = static_cast<std::size_t>(variant::middle);

age_history district_of(const std::string& id, const std::map<int, std::vector<double>>& years,
                        const std::vector<age_band>& bands) {
    age_history h;
    h.district = district_id{id};
    for (const auto& [year, persons] : years) {
        double total = 0;
        for (std::size_t i = 0; i < bands.size(); ++i) {
            h.bands[year].push_back({bands[i], persons[i]});
            total += persons[i];
        }
        h.total[year] = total;
    }
    return h;
}

const std::vector<age_band> berlin{{0, 6}, {6, 15}, {15, 18}, {18, 27}};

projection_options options(int base, int horizon, int last_age, damping d) {
    projection_options o;
    o.base_year = base;
    o.horizon = horizon;
    o.last_age = last_age;
    o.damped = d;
    return o;
}

double band_total(const std::vector<double>& ages, int from, int to) {
    double s = 0;
    for (int a = from; a < to; ++a) {
        s += ages[static_cast<std::size_t>(a)];
    }
    return s;
}

} // namespace

TEST(BandEstimate, KeepsEachBandAndFollowsItsNeighbours) {
    // Densities 100, 100, 80 per year of age; the under-6 band is flat (its neighbour has the
    // same density), 6-15 falls by (80 - 100) / (16.5 - 3) per year around its centre 10.5.
    const auto ages = single_ages({{{0, 6}, 600}, {{6, 15}, 900}, {{15, 18}, 240}});
    ASSERT_EQ(ages.size(), 18u);
    EXPECT_DOUBLE_EQ(ages[5], 100);
    EXPECT_NEAR(ages[6], 100 + 20.0 / 13.5 * 4, 1e-9);
    EXPECT_NEAR(ages[14], 100 - 20.0 / 13.5 * 4, 1e-9);
    EXPECT_NEAR(ages[15], 80 + 20.0 / 6, 1e-9); // one-sided at the last band
    EXPECT_NEAR(ages[17], 80 - 20.0 / 6, 1e-9);
    EXPECT_NEAR(band_total(ages, 6, 15), 900, 1e-9);
    EXPECT_NEAR(band_total(ages, 15, 18), 240, 1e-9);
}

TEST(BandEstimate, ClippedAgesAreRescaledToTheBand) {
    // A steep neighbour would make age 0 negative: clipped to 0 and the band rescaled.
    const auto ages = single_ages({{{0, 2}, 2}, {{2, 3}, 100}});
    EXPECT_NEAR(ages[0] + ages[1], 2, 1e-12);
    EXPECT_DOUBLE_EQ(ages[0], 0);
}

TEST(DampedCohort, AgesTheBandsByHand) {
    // One district: its ratios are the city's. 2020 -> 2021 gives the ratios, 2021 is the base.
    age_history_table t;
    t.districts.push_back(
        district_of("A", {{2020, {600, 900, 240, 720}}, {2021, {660, 900, 240, 720}}}, berlin));
    const auto p = project_damped(t, options(2021, 2, 17, {1500, 0.7, 1.0}));
    ASSERT_EQ(p.districts.size(), 1u);
    ASSERT_EQ(p.bands, (std::vector<age_band>{{0, 6}, {6, 15}, {15, 18}}));
    const auto& r = p.districts[0].rates.bands;
    // Exposed in 2020: 6-15 keeps 900, gains the 5-year-olds (100, a flat under-6) and loses
    // the 14-year-olds (100 - 4 x 20/13.5); 15-18 gains those and loses its 17-year-olds
    // (80 - 20/12, the slope towards 18-27 at density 80).
    const double n14 = 100 - 4 * 20.0 / 13.5;
    const double n17 = 80 - 20.0 / 12;
    EXPECT_NEAR(r[0].shrunk, 660.0 / 600, 1e-12);
    EXPECT_NEAR(r[1].shrunk, 900 / (900 + 100 - n14), 1e-12);
    EXPECT_NEAR(r[2].shrunk, 240 / (240 + n14 - n17), 1e-12);
    // 2022 from 2021 (densities 110, 100, 80, 80): weight 1 keeps the whole first-year ratio.
    const double n5 = 110 - 2.5 * 10 / 7.5;
    const double m14 = 100 - 4 * 30 / 13.5;
    const auto& y1 = p.districts[0].persons[mid][1];
    EXPECT_NEAR(band_total(y1, 0, 6), 1.1 * 660, 1e-9);
    EXPECT_NEAR(band_total(y1, 6, 15), r[1].shrunk * (900 + n5 - m14), 1e-9);
    EXPECT_NEAR(band_total(y1, 15, 18), r[2].shrunk * (240 + m14 - n17), 1e-9);
    // The second year: the city's change counts in the first year only, and the district's
    // deviation from the city (none here) fades: ratio 1, only ageing moves persons.
    const auto& y2 = p.districts[0].persons[mid][2];
    EXPECT_NEAR(band_total(y2, 0, 6), 1.1 * 660, 1e-9);
}

TEST(DampedCohort, SmallAreasBorrowFromTheCity) {
    // Under-6 only (6-15 shapes its leavers). City ratio (120 + 300) / (100 + 300) = 1.05;
    // strength 50 per year of width: k = 300 persons of exposure at the city's ratio.
    const std::vector<age_band> bands{{0, 6}, {6, 15}};
    age_history_table t;
    t.districts.push_back(district_of("A", {{2020, {100, 150}}, {2021, {120, 150}}}, bands));
    t.districts.push_back(district_of("B", {{2020, {300, 450}}, {2021, {300, 450}}}, bands));
    const auto p = project_damped(t, options(2021, 1, 5, {50, 0.7, 1.0}));
    ASSERT_EQ(p.districts.size(), 2u);
    EXPECT_NEAR(p.districts[0].rates.bands[0].city, 1.05, 1e-12);
    EXPECT_NEAR(p.districts[0].rates.bands[0].shrunk, (120 + 300 * 1.05) / (100 + 300), 1e-12);
    EXPECT_NEAR(p.districts[1].rates.bands[0].shrunk, (300 + 300 * 1.05) / (300 + 300), 1e-12);
    // Weight 0.5 in the first year: the square root of the ratio.
    const auto half = project_damped(t, options(2021, 1, 5, {50, 0.7, 0.5}));
    EXPECT_NEAR(band_total(half.districts[1].persons[mid][1], 0, 6),
                300 * std::sqrt((300 + 300 * 1.05) / 600), 1e-9);
}

TEST(DampedCohort, AJumpIsKeptOutOfTheRatesAndNamed) {
    // 2020 -> 2021 grows by 40 % (260 to 364 persons, a boundary change): only 2019 -> 2020
    // counts.
    const std::vector<age_band> bands{{0, 6}, {6, 15}};
    age_history_table t;
    t.districts.push_back(
        district_of("J", {{2019, {100, 150}}, {2020, {110, 150}}, {2021, {150, 214}}}, bands));
    const auto p = project_damped(t, options(2021, 1, 5, {0, 0.7, 1.0}));
    EXPECT_NEAR(p.districts[0].rates.bands[0].own, 1.1, 1e-12);
    ASSERT_FALSE(p.notes.empty());
    EXPECT_NE(p.notes[0].find("J: persons changed by more than 20 %"), std::string::npos);
    EXPECT_NE(p.notes[0].find("2020 to 2021 +40 %"), std::string::npos);
}

TEST(DampedCohort, BandsOfDifferentYearsAreCoarsenedToWhatAllShare) {
    age_history_table t;
    age_history h;
    h.district = district_id{"A"};
    h.bands[2020] = {{{0, 3}, 30}, {{3, 6}, 30}, {{6, 15}, 90}, {{15, 20}, 50}};
    h.bands[2021] = {{{0, 6}, 66}, {{6, 15}, 90}, {{15, 18}, 30}, {{18, 20}, 20}};
    h.total = {{2020, 200}, {2021, 206}};
    t.districts.push_back(h);
    const auto part = common_partition(t, 2020, 2021, 17);
    EXPECT_EQ(part.bands, (std::vector<age_band>{{0, 6}, {6, 15}, {15, 20}}));
    EXPECT_FALSE(part.context);
    const auto g = regroup(h.bands[2020], part);
    ASSERT_TRUE(g);
    EXPECT_DOUBLE_EQ((*g)[0].persons, 60);
}

TEST(Calibration, NeverLooksPastTheYearItChoosesFor) {
    // The same history up to 2021 and two different 2022s: the choice for 2021 is the same.
    auto history = [](double last) {
        age_history_table t;
        for (int d = 0; d < 3; ++d) {
            std::map<int, std::vector<double>> years;
            for (int y = 2015; y <= 2021; ++y) {
                years[y] = {100.0 + 10 * d + 3 * (y - 2015) * (d + 1), 150.0 + y - 2015};
            }
            years[2022] = {last, 160};
            t.districts.push_back(
                district_of(std::string(1, char('A' + d)), years, {{0, 6}, {6, 15}}));
        }
        return t;
    };
    projection_options o = options(2022, 1, 5, {});
    o.damped.reset();
    const auto a = history(120);
    const auto b = history(10000);
    const auto ca = calibrator(a, o, 2022).at(2021);
    const auto cb = calibrator(b, o, 2022).at(2021);
    EXPECT_EQ(ca.method, cb.method);
    EXPECT_EQ(ca.chosen, cb.chosen);
    EXPECT_DOUBLE_EQ(ca.mape, cb.mape);
    EXPECT_GT(ca.pairs, 0u);
}
