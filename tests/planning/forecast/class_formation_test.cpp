#include "planning/forecast/class_formation.hpp"

#include <gtest/gtest.h>

using namespace standort::planning;

TEST(ClassFormation, NrwEntryClassesFollowTheTableOfParagraph6a) {
    const auto nrw = rules_of_land("NRW");
    ASSERT_TRUE(nrw);
    const auto& gs = nrw->grundschule;
    // VO zu § 93 Abs. 2 SchulG § 6a (1): 29 / 56 / 81 / 104 / 125 / 150, then one per 25.
    const std::vector<std::pair<double, int>> cases{
        {0, 0},   {1, 1},   {29, 1},  {30, 2},  {56, 2},  {57, 3},  {81, 3},  {82, 4},
        {104, 4}, {105, 5}, {125, 5}, {126, 6}, {150, 6}, {151, 7}, {175, 7}, {176, 8}};
    for (const auto& [pupils, classes] : cases) {
        EXPECT_EQ(gs.classes(pupils, true), classes) << pupils << " pupils";
    }
    // Later grades: at most 29 a class. 58 = 2 x 29, 59 needs three.
    EXPECT_EQ(gs.classes(58, false), 2);
    EXPECT_EQ(gs.classes(59, false), 3);
    // The table is stricter than 29 a class: 58 entrants form three classes.
    EXPECT_EQ(gs.classes(58, true), 3);
    // Projected fractions round to whole children first.
    EXPECT_EQ(gs.classes(29.4, true), 1);
    EXPECT_EQ(gs.classes(29.6, true), 2);
    EXPECT_EQ(nrw->primary_grades, 4);
    EXPECT_EQ(nrw->sek1.classes(87, false), 3); // 3 x 29
    EXPECT_EQ(nrw->sek1.classes(88, false), 4);
}

TEST(ClassFormation, BerlinSixGradesAndItsOwnGymnasiumRule) {
    const auto be = rules_of_land("Berlin");
    ASSERT_TRUE(be);
    EXPECT_EQ(be->primary_grades, 6);
    EXPECT_EQ(be->grundschule.classes(52, true), 2); // 2 x 26
    EXPECT_EQ(be->grundschule.classes(53, true), 3);
    EXPECT_EQ(be->sek1.classes(78, false), 3); // ISS 26
    ASSERT_TRUE(be->gymnasium);
    EXPECT_EQ(be->gymnasium->classes(64, false), 2); // 32
    EXPECT_EQ(be->gymnasium->classes(65, false), 3);
}

TEST(ClassFormation, LandCodesAsPlannersWriteThem) {
    // (text, the Land's code, or "" where no rules are known)
    const std::pair<const char*, const char*> cases[] = {
        {"NW", "NW"},
        {"nw", "NW"},
        {"NRW", "NW"},
        {"Nordrhein-Westfalen", "NW"},
        {"nordrhein-westfalen", "NW"},
        {"BE", "BE"},
        {"be", "BE"},
        {"Berlin", "BE"},
        {"BERLIN", "BE"},
        {"Bayern", ""},
        {"BY", ""},
        {"XX", ""},
        {"", ""},
        {"N W", ""},
    };
    for (const auto& [text, code] : cases) {
        const auto rules = rules_of_land(text);
        EXPECT_EQ(rules ? rules->land : std::string(), code) << '"' << text << '"';
    }
}
