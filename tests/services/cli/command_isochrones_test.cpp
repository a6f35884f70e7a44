// `standort isochrones` on the generated town: nested areas per Kita (a longer walk never
// reaches fewer children), and the layers as GDAL and QGIS read them.
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>

using namespace standort::test;

TEST(IsochronesCli, NestedAreasAndLayersOpen) {
    temp_dir out;
    const auto project = source_dir() / "data/example/project.yaml";
    auto r = run(quoted(STANDORT_BINARY) + " isochrones --json --limits '5 min,10 min' " +
                 quoted(project) + " --out " + quoted(out.path()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto j = nlohmann::json::parse(r.output);
    EXPECT_EQ(j["facilities"].get<int>(), 15);
    const auto layer = nlohmann::json::parse(read_file(out / "isochrones.geojson"));
    ASSERT_EQ(layer["features"].size(), 30u);
    std::map<std::string, std::map<double, std::pair<double, double>>>
        by_kita; // limit -> children, area
    for (const auto& f : layer["features"]) {
        const auto& p = f["properties"];
        EXPECT_EQ(p["unit"], "min");
        by_kita[p["facility_id"]][p["travel_limit"].get<double>()] = {p["children"].get<double>(),
                                                                      p["area_ha"].get<double>()};
    }
    for (const auto& [id, limits] : by_kita) {
        ASSERT_EQ(limits.size(), 2u) << id;
        EXPECT_LE(limits.at(5).first, limits.at(10).first) << id;
        EXPECT_LT(limits.at(5).second, limits.at(10).second) << id;
    }
    // Straight lines have no streets to follow.
    auto straight = run(quoted(STANDORT_BINARY) + " isochrones --travel straight " +
                        quoted(project) + " --out " + quoted(out / "x"));
    EXPECT_EQ(straight.exit_code, 2) << straight.output;
    if (!layer_checker_available()) {
        GTEST_SKIP() << "check-layer or python3-qgis missing";
    }
    auto check = check_layers(" --bbox DE " + quoted(out / "isochrones.geojson") + " " +
                              quoted(out / "isochrones.gpkg"));
    EXPECT_EQ(check.exit_code, 0) << check.output;
}
