#include "geo/error.hpp"
#include "planning/forecast/enrolment_projection.hpp"

#include <gtest/gtest.h>

using namespace standort::planning;

namespace {

// A four-grade Grundschule over three school years, with the children of entry age in its
// catchment as the pool:
//   2020: 50 48 47 45, pool 52
//   2021: 54 50 47 46, pool 57
//   2022: 49 53 49 46, pool 50; projected pool 2023: 60, 2024: 40
school_series school() {
    school_series s;
    s.entry_grade = 1;
    s.last_grade = 4;
    s.pupils = {{2020, {50, 48, 47, 45}}, {2021, {54, 50, 47, 46}}, {2022, {49, 53, 49, 46}}};
    s.pool = {{2020, 52}, {2021, 57}, {2022, 50}, {2023, 60}, {2024, 40}};
    return s;
}

} // namespace

TEST(EnrolmentProjection, EinschulungsquoteAndTransitionRatesByHand) {
    const auto rates = enrolment_rates(school(), 2022, {1, 2});
    // Einschulungsquote over the two newest years: (1 * 54/57 + 2 * 49/50) / 3.
    ASSERT_TRUE(rates.entry);
    EXPECT_NEAR(rates.entry->mean, (54.0 / 57 + 2 * 0.98) / 3, 1e-12);
    ASSERT_EQ(rates.transitions.size(), 3u);
    // q1 = (50/50 + 2 * 53/54) / 3, q2 = (47/48 + 2 * 49/50) / 3, q3 = (46/47 + 2 * 46/47) / 3.
    EXPECT_NEAR(rates.transitions[0]->mean, (1.0 + 2 * 53.0 / 54) / 3, 1e-12);
    EXPECT_NEAR(rates.transitions[1]->mean, (47.0 / 48 + 2 * 0.98) / 3, 1e-12);
    EXPECT_NEAR(rates.transitions[2]->mean, 46.0 / 47, 1e-12);
}

TEST(EnrolmentProjection, GradeByGrade) {
    const auto s = school();
    const auto rates = enrolment_rates(s, 2022, {1, 2});
    const auto p = project_enrolment(s, rates, 2022, 2);
    ASSERT_EQ(p.pupils.size(), 3u);
    const double e = rates.entry->mean;
    const double q1 = rates.transitions[0]->mean;
    const double q2 = rates.transitions[1]->mean;
    const double q3 = rates.transitions[2]->mean;
    EXPECT_EQ(p.pupils[0], (std::vector<double>{49, 53, 49, 46}));
    EXPECT_NEAR(p.pupils[1][0], e * 60, 1e-9);
    EXPECT_NEAR(p.pupils[1][1], q1 * 49, 1e-9);
    EXPECT_NEAR(p.pupils[1][2], q2 * 53, 1e-9);
    EXPECT_NEAR(p.pupils[1][3], q3 * 49, 1e-9);
    EXPECT_NEAR(p.pupils[2][0], e * 40, 1e-9);
    EXPECT_NEAR(p.pupils[2][1], q1 * e * 60, 1e-9);
    EXPECT_NEAR(p.pupils[2][3], q3 * q2 * 53, 1e-9);
    EXPECT_TRUE(p.notes.empty());
}

TEST(EnrolmentProjection, AnEmptyGradeGivesRateOneWithANote) {
    auto s = school();
    for (auto& [year, grades] : s.pupils) {
        grades[2] = 0; // grade 3 never had pupils
    }
    const auto rates = enrolment_rates(s, 2022, {1, 2});
    EXPECT_FALSE(rates.transitions[2]);
    const auto p = project_enrolment(s, rates, 2022, 1);
    EXPECT_NEAR(p.pupils[1][3], 0.0, 1e-12); // grade 4 follows the empty grade 3 with rate 1
    ASSERT_EQ(p.notes.size(), 1u);
    EXPECT_EQ(p.notes[0], "grade 3 to 4: no pupils in the base years, rate 1");
    EXPECT_THROW(project_enrolment(s, rates, 2019, 1), standort::config_error);
}
