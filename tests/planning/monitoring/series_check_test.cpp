// The education database's series check on a model built by hand: each finding is one the
// rows below were written to contain, and nothing else.
#include "planning/monitoring/series_check.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace standort::planning;

namespace {

population_record people(const std::string& district, int year, double persons) {
    return {district_id{district}, year, age_band{0, 6}, persons};
}

enrolment_record pupils(const std::string& school, int year, const std::string& grade, double n) {
    return {facility_id{school}, year, grade, n};
}

bool has(const std::vector<series_finding>& found, const std::string& code, const std::string& key,
         int year) {
    return std::any_of(found.begin(), found.end(), [&](const series_finding& f) {
        return f.code == code && f.key == key && f.year == year;
    });
}

} // namespace

TEST(SeriesCheck, GapsVanishedSchoolsAndJumpsAreFoundAndNothingElse) {
    planning_model m;
    // A: 2019-2023 without 2021 (B has it): a gap in A's series. A's 100 -> 130 in 2023 is
    // +30 %, above the 25 % rule. B: steady 200, then 2022 at 240 (+20 %: no jump).
    for (auto [y, n] : {std::pair{2019, 100.0}, {2020, 100.0}, {2022, 104.0}, {2023, 135.2}}) {
        m.population.push_back(people("A", y, n));
    }
    for (auto [y, n] :
         {std::pair{2019, 200.0}, {2020, 200.0}, {2021, 200.0}, {2022, 240.0}, {2023, 240.0}}) {
        m.population.push_back(people("B", y, n));
    }
    // C is small: 10 -> 30 is +200 % but below the minimum of 50.
    m.population.push_back(people("C", 2019, 10));
    m.population.push_back(people("C", 2020, 30));
    m.population.push_back(people("C", 2021, 30));
    m.population.push_back(people("C", 2022, 30));
    m.population.push_back(people("C", 2023, 30));
    // School S reports 2019/20 and 2020/21 and then stops; T goes on. T's grades add up to
    // 180 and 185; its "all" row of 2021 (200) is used instead of its grades there.
    m.enrolment.push_back(pupils("S", 2019, "all", 300));
    m.enrolment.push_back(pupils("S", 2020, "all", 290));
    for (int y : {2019, 2020}) {
        m.enrolment.push_back(pupils("T", y, "1", 90));
        m.enrolment.push_back(pupils("T", y, "2", y == 2019 ? 90 : 95));
    }
    m.enrolment.push_back(pupils("T", 2021, "all", 200));
    m.enrolment.push_back(pupils("T", 2021, "1", 100)); // left out: the "all" row counts
    // Ganztag: a year missing in the whole table.
    m.ganztag.push_back({facility_id{"T"}, 2019, 80});
    m.ganztag.push_back({facility_id{"T"}, 2021, 82});

    const auto found = check_series(m, {.jump_share = 0.25, .jump_minimum = 50});
    EXPECT_TRUE(has(found, "series-gap", "A", 2021));
    EXPECT_TRUE(has(found, "sudden-jump", "A", 2023)); // 104 -> 135.2 is +30 %
    EXPECT_TRUE(has(found, "school-vanished", "S", 2021));
    EXPECT_TRUE(has(found, "series-gap", "", 2020)); // the Ganztag table lacks 2020/21
    EXPECT_EQ(found.size(), 4u);
    for (const auto& f : found) {
        EXPECT_FALSE(f.message.empty());
    }
    // The vanished school's message names its last year and figure.
    const auto s = std::find_if(found.begin(), found.end(),
                                [](const auto& f) { return f.code == "school-vanished"; });
    ASSERT_NE(s, found.end());
    EXPECT_NE(s->message.find("2021/22"), std::string::npos) << s->message;
    EXPECT_NE(s->message.find("2020/21: 290"), std::string::npos) << s->message;

    // A stricter rule finds B's +20 % too, and T's 185 -> 200 (+8 %) still not.
    const auto strict = check_series(m, {.jump_share = 0.15, .jump_minimum = 50});
    EXPECT_TRUE(has(strict, "sudden-jump", "B", 2022));
    EXPECT_FALSE(has(strict, "sudden-jump", "T", 2021));
    EXPECT_EQ(strict.size(), 5u);
}
