// `standort supply` end to end on the hand-made mini town, where every figure can be summed by
// hand from its CSV files.
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace standort::test;

namespace {
const fs::path binary = STANDORT_BINARY;
}

TEST(SupplyCli, AltstadtByHand) {
    temp_dir out;
    auto r = run(quoted(binary) + " supply --quiet " +
                 quoted(source_dir() / "tests/cases/mini_town/project.yaml") + " --out " +
                 quoted(out.path()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::string table = read_file(out / "supply_table.csv");
    // Altstadt (0101) in 2024, from population.csv and kitas.csv:
    //   U3: ages 0-2 = 39 + 36 + 38 = 113 children; places K01 12 + K04 0 = 12;
    //       quota 12 / 113 = 10.6 per 100; at 45: 0.45 * 113 - 12 = 38.85 missing.
    //   Ü3: ages 3-5 = 40 + 36 + 38 = 114; places 45 + 50 = 95; 83.3; 0.95 * 114 - 95 = 13.3.
    //   Grundschule: ages 6-9 = 35 + 37 + 39 + 36 = 147; Altstadt-Grundschule 3 Züge x 25 x 4
    //       = 300 seats; 204.1 per 100; 153 to spare.
    EXPECT_NE(table.find("0101,Altstadt,2024,kita_u3,113,12,2,10.6,45,38.9\n"), std::string::npos)
        << table;
    EXPECT_NE(table.find("0101,Altstadt,2024,kita_ue3,114,95,2,83.3,95,13.3\n"), std::string::npos);
    EXPECT_NE(table.find("0101,Altstadt,2024,grundschule,147,300,1,204.1,100,-153\n"),
              std::string::npos);
    const auto params = nlohmann::json::parse(read_file(out / "supply_parameters.json"));
    EXPECT_EQ(params["year"], 2024);
    EXPECT_EQ(params["groups"][0]["ages"], "0-3");
    if (layer_checker_available()) {
        auto check = check_layers(" --bbox DE " + quoted(out / "supply.geojson") + " " +
                                  quoted(out / "supply.gpkg"));
        EXPECT_EQ(check.exit_code, 0) << check.output;
    }
}

TEST(SupplyCli, TargetsAndAgesFromTheProjectFile) {
    temp_dir dir;
    fs::copy(source_dir() / "tests/cases/mini_town", dir.path(), fs::copy_options::recursive);
    std::string yaml = read_file(dir / "project.yaml");
    yaml += "\nsupply:\n  year: 2023\n  targets: {kita_u3: 60}\n  grundschule_ages: 6-8\n";
    write_file(dir / "project.yaml", yaml);
    temp_dir out;
    auto r = run(quoted(binary) + " supply --json " + quoted(dir / "project.yaml") + " --out " +
                 quoted(out.path()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto j = nlohmann::json::parse(r.output);
    EXPECT_EQ(j["year"], 2023);
    EXPECT_EQ(j["groups"][0]["target"], 60.0);
    const auto params = nlohmann::json::parse(read_file(out / "supply_parameters.json"));
    EXPECT_EQ(params["groups"][3]["ages"], "6-8");
    auto bad = run(quoted(binary) + " supply " + quoted(dir / "project.yaml") +
                   " --year 1990 --out " + quoted(out.path()));
    EXPECT_EQ(bad.exit_code, 3);
    EXPECT_NE(bad.output.find("no population figures for 1990"), std::string::npos) << bad.output;
}
