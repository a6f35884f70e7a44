#include "planning/reach/accessibility.hpp"

#include "tests/geometry_support.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace standort::planning;
namespace geo = standort::geo;

namespace {

using standort::test::square;

facility kita(const char* id, geo::point at, double places) {
    facility f;
    f.id = facility_id{id};
    f.kind = facility_kind::kita;
    f.location = at;
    f.cap.places = places;
    return f;
}

// A single 5 km district; a grid with one band (0-6) holds the demand units.
planning_model model(const std::vector<std::pair<geo::point, double>>& units,
                     const std::vector<facility>& facilities) {
    planning_model m;
    m.districts.resize(1);
    m.districts[0].id = district_id{"D"};
    m.districts[0].area = square(-2000, -2000, 8000);
    m.facilities = facilities;
    m.grid.bands = {{0, 6}};
    for (std::size_t u = 0; u < units.size(); ++u) {
        m.grid.ids.push_back("U" + std::to_string(u));
        m.grid.locations.push_back(units[u].first);
        m.grid.district.push_back(0);
        m.grid.persons.push_back(static_cast<float>(units[u].second));
        m.grid.counts.push_back(static_cast<float>(units[u].second));
    }
    return m;
}

// A (0,0) 10 children, B (600,0) 20, C (3000,0) 5; F1 (300,0) 30 places, F2 (900,0) 10.
// Within d0 = 500: A-F1 300, B-F1 300, B-F2 300; C reaches nothing.
planning_model three_units() {
    return model({{{0, 0}, 10}, {{600, 0}, 20}, {{3000, 0}, 5}},
                 {kita("F1", {300, 0}, 30), kita("F2", {900, 0}, 10)});
}

access_options step(double d0) {
    access_options o;
    o.catchment = d0;
    return o;
}

} // namespace

TEST(Accessibility, TwoStepByHand) {
    const auto r = compute_access(three_units(), 2024, step(500));
    // Step 1: R1 = 30 / (10 + 20) = 1, R2 = 10 / 20 = 0.5.
    EXPECT_DOUBLE_EQ(r.ratio[0], 1.0);
    EXPECT_DOUBLE_EQ(r.ratio[1], 0.5);
    // Step 2: A = R1 = 1, B = R1 + R2 = 1.5, C = 0.
    EXPECT_DOUBLE_EQ(r.access[0], 1.0);
    EXPECT_DOUBLE_EQ(r.access[1], 1.5);
    EXPECT_DOUBLE_EQ(r.access[2], 0.0);
    // Demand-weighted mean (10 * 1 + 20 * 1.5) / 35 = 8/7; index A = 7/8, B = 21/16.
    EXPECT_NEAR(r.mean_access, 40.0 / 35.0, 1e-12);
    EXPECT_NEAR(r.access_index[0], 0.875, 1e-12);
    EXPECT_NEAR(r.access_index[1], 1.3125, 1e-12);
    EXPECT_NEAR(*r.district_index[0], 1.0, 1e-12) << "the index is 1 on average, by definition";
}

TEST(Accessibility, BalancedByHand) {
    auto o = step(500);
    o.balanced = true;
    const auto r = compute_access(three_units(), 2024, o);
    // Step 1, weights per unit: A reaches F1 only (1), B reaches both (1/2 each).
    //   R1 = 30 / (10 * 1 + 20 * 1/2) = 1.5, R2 = 10 / (20 * 1/2) = 1.
    EXPECT_DOUBLE_EQ(r.ratio[0], 1.5);
    EXPECT_DOUBLE_EQ(r.ratio[1], 1.0);
    // Step 2, weights per facility: F1 reaches A and B (1/2 each), F2 only B (1).
    //   A = 1.5 / 2 = 0.75; B = 1.5 / 2 + 1 * 1 = 1.75; C = 0.
    EXPECT_DOUBLE_EQ(r.access[0], 0.75);
    EXPECT_DOUBLE_EQ(r.access[1], 1.75);
    EXPECT_DOUBLE_EQ(r.access[2], 0.0);
}

TEST(Accessibility, FacilitiesWithoutCapacityAreLeftOutNotZero) {
    auto m = three_units();
    m.facilities[1].cap.places.reset();
    const auto r = compute_access(m, 2024, step(500));
    EXPECT_EQ(r.facilities_without_capacity, 1u);
    ASSERT_EQ(r.facility.size(), 1u);
    // Only F1: R1 = 30 / 30 = 1; A = B = 1.
    EXPECT_DOUBLE_EQ(r.access[0], 1.0);
    EXPECT_DOUBLE_EQ(r.access[1], 1.0);
}

TEST(Accessibility, EnhancedStepWeights) {
    // One Kita of 10 places; children at 200, 500, 800 and 1000 m, 10 each, d0 = 900:
    // weights 1, 0.68, 0.22, 0 (Luo and Qi's zones as thirds of d0).
    auto o = step(900);
    o.weighting = decay::e2sfca;
    const auto r =
        compute_access(model({{{200, 0}, 10}, {{500, 0}, 10}, {{800, 0}, 10}, {{1000, 0}, 10}},
                             {kita("K", {0, 0}, 10)}),
                       2024, o);
    const double ratio = 10.0 / (10 * (1 + 0.68 + 0.22));
    EXPECT_NEAR(r.ratio[0], ratio, 1e-12);
    EXPECT_NEAR(r.access[0], ratio, 1e-12);
    EXPECT_NEAR(r.access[1], 0.68 * ratio, 1e-12);
    EXPECT_NEAR(r.access[2], 0.22 * ratio, 1e-12);
    EXPECT_DOUBLE_EQ(r.access[3], 0.0);
}

TEST(Accessibility, GaussianAndGravityWeights) {
    auto o = step(1000);
    o.weighting = decay::gaussian;
    // Gaussian: W(0) = 1 and W(d0) = 0; with one unit at 0 m the ratio is places / children.
    auto r = compute_access(model({{{0, 0}, 4}, {{1000, 0}, 4}}, {kita("K", {0, 0}, 8)}), 2024, o);
    EXPECT_NEAR(r.ratio[0], 2.0, 1e-12);
    EXPECT_NEAR(r.access[1], 0.0, 1e-12);
    o.weighting = decay::gravity;
    o.gravity_beta = 1;
    o.gravity_floor = 100;
    // Gravity: units at 50 m (floored to 100) and 400 m: W = 1/100 and 1/400.
    r = compute_access(model({{{50, 0}, 4}, {{400, 0}, 4}}, {kita("K", {0, 0}, 8)}), 2024, o);
    const double ratio = 8.0 / (4.0 / 100 + 4.0 / 400);
    EXPECT_NEAR(r.ratio[0], ratio, 1e-12);
    EXPECT_NEAR(r.access[0], ratio / 100, 1e-12);
    EXPECT_NEAR(r.access[1], ratio / 400, 1e-12);
}

TEST(Accessibility, AgreesWithTheDenseFormulaOfThePaper) {
    // An independent implementation, the formulas of Luo and Wang (2003) over the full
    // distance matrix (as PySAL access computes fca_ratio and then the sum), on 40 units and
    // 9 facilities laid out by a fixed rule, for every decay.
    std::vector<std::pair<geo::point, double>> units;
    for (int i = 0; i < 40; ++i) {
        units.push_back(
            {{std::fmod(i * 373.0, 2900.0), std::fmod(i * 811.0, 2300.0)}, 5.0 + (i * 7) % 23});
    }
    std::vector<facility> facilities;
    for (int j = 0; j < 9; ++j) {
        facilities.push_back(kita(("K" + std::to_string(j)).c_str(),
                                  {std::fmod(j * 997.0, 2800.0), std::fmod(j * 1409.0, 2200.0)},
                                  20.0 + 15 * j));
    }
    const auto m = model(units, facilities);
    for (auto d : {decay::step, decay::e2sfca, decay::gaussian, decay::gravity}) {
        auto o = step(900);
        o.weighting = d;
        const auto r = compute_access(m, 2024, o);
        auto w = [&](double dist) {
            if (dist > 900) {
                return 0.0;
            }
            switch (d) {
            case decay::step:
                return 1.0;
            case decay::e2sfca:
                return dist <= 300 ? 1.0 : dist <= 600 ? 0.68 : 0.22;
            case decay::gaussian:
                return (std::exp(-0.5 * dist * dist / (900.0 * 900.0)) - std::exp(-0.5)) /
                       (1 - std::exp(-0.5));
            case decay::gravity:
                return 1.0 / std::max(dist, 100.0);
            }
            return 0.0;
        };
        std::vector<double> ratio(facilities.size(), 0.0);
        for (std::size_t j = 0; j < facilities.size(); ++j) {
            double demand = 0;
            for (const auto& [p, n] : units) {
                demand += n * w(std::hypot(p.x() - facilities[j].location.x(),
                                           p.y() - facilities[j].location.y()));
            }
            ratio[j] = demand > 0 ? *facilities[j].cap.places / demand : 0.0;
        }
        for (std::size_t k = 0; k < units.size(); ++k) {
            double a = 0;
            for (std::size_t j = 0; j < facilities.size(); ++j) {
                a += ratio[j] * w(std::hypot(units[k].first.x() - facilities[j].location.x(),
                                             units[k].first.y() - facilities[j].location.y()));
            }
            EXPECT_NEAR(r.access[k], a, 1e-9) << to_string(d) << " unit " << k;
        }
    }
}
