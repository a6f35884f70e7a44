// `standort catchments` on the generated town: every child in exactly one nearest-school
// catchment and at most one official one, and the layers open in GDAL and QGIS.
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace standort::test;

TEST(CatchmentsCli, ChildrenConservedAndLayersOpen) {
    temp_dir out;
    const auto project = source_dir() / "data/example/project.yaml";
    auto r = run(quoted(STANDORT_BINARY) + " catchments --json " + quoted(project) + " --out " +
                 quoted(out.path()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto j = nlohmann::json::parse(r.output);
    const auto nearest = nlohmann::json::parse(read_file(out / "catchments_nearest.geojson"));
    double in_nearest = 0;
    for (const auto& f : nearest["features"]) {
        in_nearest += f["properties"]["children"].get<double>();
    }
    // The same children, counted by the coverage analysis of the grid (ages 6-10).
    temp_dir cov;
    auto c = run(quoted(STANDORT_BINARY) + " coverage --json " + quoted(project) + " --out " +
                 quoted(cov.path()));
    ASSERT_EQ(c.exit_code, 0) << c.output;
    const auto coverage = nlohmann::json::parse(c.output);
    const double children = coverage["kinds"][1]["children"].get<double>();
    EXPECT_DOUBLE_EQ(in_nearest, children);
    EXPECT_DOUBLE_EQ(j["children_in_official"].get<double>() +
                         j["children_outside_official"].get<double>(),
                     children);
    EXPECT_LE(j["children_nearer_elsewhere"].get<double>(),
              j["children_in_official"].get<double>());
    if (!layer_checker_available()) {
        GTEST_SKIP() << "check-layer or python3-qgis missing";
    }
    auto check = check_layers(" --bbox DE " + quoted(out / "catchments_nearest.geojson") + " " +
                              quoted(out / "catchments_official.geojson") + " " +
                              quoted(out / "catchments.gpkg"));
    EXPECT_EQ(check.exit_code, 0) << check.output;
}

// Capacity-constrained catchments on the example's streets: every child either placed or
// reported unassigned, and no school above its seats.
TEST(CatchmentsCli, CapacityConstrainedOnTheNetwork) {
    temp_dir out;
    const auto project = source_dir() / "data/example/project.yaml";
    auto r =
        run(quoted(STANDORT_BINARY) + " catchments --json --capacity --capacity-limit '3 km' " +
            quoted(project) + " --out " + quoted(out.path()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto j = nlohmann::json::parse(r.output);
    EXPECT_EQ(j["travel"], "street network, walk 4.5 km/h");
    const auto capacity = nlohmann::json::parse(read_file(out / "catchments_capacity.geojson"));
    double placed = 0;
    for (const auto& f : capacity["features"]) {
        const auto& p = f["properties"];
        EXPECT_LE(p["children"].get<double>(), p["seats"].get<double>() + 1e-9) << p.dump();
        placed += p["children"].get<double>();
    }
    EXPECT_NEAR(placed, j["capacity"]["children_assigned"].get<double>(), 0.5);
    EXPECT_NEAR(placed + j["capacity"]["children_unassigned"].get<double>(),
                j["children"].get<double>(), 1e-6);
    if (!layer_checker_available()) {
        GTEST_SKIP() << "check-layer or python3-qgis missing";
    }
    auto check = check_layers(" --bbox DE " + quoted(out / "catchments_capacity.geojson") + " " +
                              quoted(out / "catchments.gpkg"));
    EXPECT_EQ(check.exit_code, 0) << check.output;
}
