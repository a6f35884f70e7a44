// The classes, legend texts and aliases of the layer styles, from hand calculations.
#include "services/render/aliases.hpp"
#include "services/render/styles.hpp"

#include <gtest/gtest.h>

using namespace standort::services;

namespace {

std::vector<std::string> labels(const std::vector<style_class>& classes) {
    std::vector<std::string> out;
    for (const auto& c : classes) {
        out.push_back(c.label);
    }
    return out;
}

} // namespace

TEST(Styles, GermanNumbers) {
    EXPECT_EQ(german_number(45), "45");
    EXPECT_EQ(german_number(0.8), "0,8");
    EXPECT_EQ(german_number(1.25), "1,25");
    EXPECT_EQ(german_number(1000), "1000");
    EXPECT_EQ(german_number(25000), "25.000");
    EXPECT_EQ(german_number(-50), "-50");
    EXPECT_EQ(german_number(1234567.5), "1.234.567,5");
    EXPECT_EQ(german_number(-0.004), "0");
}

// Quotas from 20 to 70 around the target 45: each side (25 below, 25 above) in round steps of
// round(25 / 2.5) = 10, so edges 25, 35 | 45 | 55, 65; the target is an edge.
TEST(Styles, TargetIsAClassEdgeAndEdgesAreRound) {
    const auto c = target_classes({20, 33, 44.9, 45, 70}, 45, "");
    EXPECT_EQ(labels(c), (std::vector<std::string>{"unter 25", "25 bis unter 35", "35 bis unter 45",
                                                   "45 bis unter 55 (Ziel erreicht)",
                                                   "55 bis unter 65", "65 und mehr"}));
    ASSERT_TRUE(c[3].from && c[3].below);
    EXPECT_EQ(*c[3].from, 45);
    EXPECT_EQ(*c[3].below, 55);
    // Below the target warm (red channel high), from the target on cool (blue high).
    EXPECT_GT(c[2].fill.r, c[2].fill.b);
    EXPECT_GT(c[3].fill.b, c[3].fill.r);
}

// A change from -60 % to +240 % around 0: below in steps of round(60 / 2.5) = 25, above
// round(240 / 2.5 = 96) = 100; no class below -50 since no district loses more than 50 + 25.
TEST(Styles, EachSideOfTheTargetHasItsOwnStep) {
    const auto c = target_classes({-60, -10, 30, 240}, 0, "%");
    EXPECT_EQ(labels(c),
              (std::vector<std::string>{"unter -50 %", "-50 bis unter -25 %", "-25 bis unter 0 %",
                                        "0 bis unter 100 % (Ziel erreicht)", "100 bis unter 200 %",
                                        "200 % und mehr"}));
}

// Places: never a class below 0. Target 10, data 0 to 12: below in steps of round(10 / 2.5) =
// 5 (edges 5, and 0 left out), above round(2 / 2.5 = 0.8) = 1 (edge 11; 12 is not beyond 12).
TEST(Styles, NoClassBelowZeroForPositiveTargets) {
    const auto c = target_classes({0, 12}, 10, "");
    EXPECT_EQ(labels(c),
              (std::vector<std::string>{"unter 5", "5 bis unter 10",
                                        "10 bis unter 11 (Ziel erreicht)", "11 und mehr"}));
}

// Children in gap areas up to 87: steps of round(87 / 5 = 17.4) = 20, edges 20, 40, 60, 80.
TEST(Styles, AmountsInRoundSteps) {
    const auto c = amount_classes({3, 12.5, 87}, "Kinder");
    EXPECT_EQ(labels(c), (std::vector<std::string>{
                             "unter 20 Kinder", "20 bis unter 40 Kinder", "40 bis unter 60 Kinder",
                             "60 bis unter 80 Kinder", "80 Kinder und mehr"}));
}

TEST(Styles, CategoriesKeepTheirOrderAndNoDataComesLast) {
    auto c = category_classes({{"kita", "Kita"}, {"grundschule", "Grundschule"}});
    add_no_data(c);
    EXPECT_EQ(labels(c), (std::vector<std::string>{"Kita", "Grundschule", "keine Daten"}));
    EXPECT_TRUE(c.back().no_data);
    EXPECT_NE(c[0].fill.r, c[1].fill.r);
}

TEST(Aliases, GermanForComposedNames) {
    EXPECT_EQ(german_alias("kita_u3_quota"), "Versorgungsquote U3 (Plätze je 100 Kinder)");
    EXPECT_EQ(german_alias("grundschule_share_1000m"), "Grundschule: Anteil bis 1000 m (%)");
    EXPECT_EQ(german_alias("kita_within_10min"), "Kita: Kinder bis 10 min");
    EXPECT_EQ(german_alias("kita_missing_2034_high"), "fehlende Plätze Kita 2034 (obere Variante)");
    EXPECT_EQ(german_alias("persons_2014_age_06_07"), "Einwohner 6 bis unter 7 Jahre 2014");
    EXPECT_EQ(german_alias("u3_change_pct"), "Kinder unter 3 Jahren: Veränderung (%)");
    EXPECT_EQ(german_alias("share_1000m_today"), "Anteil bis 1000 m (%) (heute)");
    EXPECT_EQ(german_alias("mape_0_6"), "mittlerer absoluter Fehler 0 bis unter 6 Jahre (%)");
    EXPECT_EQ(german_alias("pupils_last_low"),
              "Schülerinnen und Schüler im letzten Jahr (untere Variante)");
    EXPECT_EQ(german_alias("u3_plus_6"), "Kinder unter 3 Jahren nach 6 Jahren");
    EXPECT_EQ(german_alias("kita_demand_plus_1"), "Kita-Bedarf (Plätze) nach 1 Jahr");
    EXPECT_EQ(german_alias("children_last_high"), "Kinder im letzten Jahr (obere Variante)");
    EXPECT_FALSE(german_alias("no_such_field"));
}

// Every district below the target (the example's U3: 23.1 to 43.8, target 45): the class
// from the target is as wide as those below, round(21.9 / 2.5 = 8.8) = 10.
TEST(Styles, ASideWithoutDataTakesTheOtherSidesStep) {
    const auto c = target_classes({23.1, 43.8}, 45, "");
    EXPECT_EQ(labels(c),
              (std::vector<std::string>{"unter 25", "25 bis unter 35", "35 bis unter 45",
                                        "45 bis unter 55 (Ziel erreicht)", "55 und mehr"}));
}
