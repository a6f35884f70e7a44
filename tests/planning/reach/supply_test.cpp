#include "planning/reach/supply.hpp"

#include <gtest/gtest.h>

using namespace standort::planning;

namespace {

// Two districts; D1 has 113 children under three, 120 aged three to five and 200 aged 6-9,
// D2 has figures only as 0-6 (so its U3 and Ü3 are unknown).
planning_model model() {
    planning_model m;
    m.districts.resize(2);
    m.districts[0].id = district_id{"D1"};
    m.districts[1].id = district_id{"D2"};
    const district_id d1{"D1"};
    const district_id d2{"D2"};
    m.population = {{d1, 2024, {0, 3}, 113},
                    {d1, 2024, {3, 6}, 120},
                    {d1, 2024, {6, 10}, 200},
                    {d2, 2024, {0, 6}, 50}};
    auto kita = [](const char* id, const char* district, std::optional<double> u3,
                   std::optional<double> ue3, std::optional<double> all) {
        facility f;
        f.id = facility_id{id};
        f.kind = facility_kind::kita;
        f.district = district_id{district};
        f.cap.places_u3 = u3;
        f.cap.places_ue3 = ue3;
        f.cap.places = all;
        return f;
    };
    m.facilities = {kita("K1", "D1", 12, 45, 57), kita("K2", "D1", 0, 50, 50),
                    kita("K3", "D2", std::nullopt, std::nullopt, 40)};
    facility school;
    school.id = facility_id{"GS1"};
    school.kind = facility_kind::grundschule;
    school.district = district_id{"D1"};
    school.cap.seats = 200;
    m.facilities.push_back(school);
    return m;
}

const supply_row& row(const std::vector<supply_row>& rows, std::size_t district,
                      const std::string& group) {
    for (const auto& r : rows) {
        if (r.district == district && r.group == group) {
            return r;
        }
    }
    throw std::runtime_error("no row");
}

} // namespace

TEST(Supply, VersorgungsquoteAndMissingPlaces) {
    const auto rows = compute_supply(model(), 2024, default_supply_groups());
    ASSERT_EQ(rows.size(), 2u * 4u);
    const auto& u3 = row(rows, 0, "kita_u3");
    // U3: 12 + 0 places for 113 children: 10.62 per 100; at 45 %: 50.85 - 12 = 38.85 missing.
    EXPECT_DOUBLE_EQ(*u3.places, 12.0);
    EXPECT_NEAR(*u3.quota, 1200.0 / 113.0, 1e-12);
    EXPECT_NEAR(*u3.missing, 0.45 * 113 - 12, 1e-12);
    EXPECT_EQ(u3.facilities, 2u);
    // Ü3: 95 places for 120 children at 95 %: 114 - 95 = 19 missing.
    EXPECT_NEAR(*row(rows, 0, "kita_ue3").missing, 19.0, 1e-12);
    // All Kita places 107 for 233 under-sixes at 70 %: 163.1 - 107 = 56.1 missing.
    EXPECT_NEAR(*row(rows, 0, "kita").missing, 0.7 * 233 - 107, 1e-12);
    // 200 seats for 200 children: quota 100, nothing missing.
    EXPECT_DOUBLE_EQ(*row(rows, 0, "grundschule").quota, 100.0);
    EXPECT_DOUBLE_EQ(*row(rows, 0, "grundschule").missing, 0.0);
}

TEST(Supply, UnknownStaysUnknown) {
    const auto rows = compute_supply(model(), 2024, default_supply_groups());
    // D2: only a 0-6 band, and its Kita gives no U3 split.
    EXPECT_FALSE(row(rows, 1, "kita_u3").children);
    EXPECT_FALSE(row(rows, 1, "kita_u3").places);
    EXPECT_FALSE(row(rows, 1, "kita_u3").quota);
    // The total works: 40 places for 50 children = 80 per 100, 5 to spare at 70.
    EXPECT_DOUBLE_EQ(*row(rows, 1, "kita").quota, 80.0);
    EXPECT_DOUBLE_EQ(*row(rows, 1, "kita").missing, -5.0);
    // No Grundschule and no children of that age known: unknown, not zero.
    EXPECT_FALSE(row(rows, 1, "grundschule").quota);
    // Another year: no figures.
    EXPECT_FALSE(compute_supply(model(), 2023, default_supply_groups())[0].children);
}
