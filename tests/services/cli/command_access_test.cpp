// `standort access` on the generated town: every place is handed out once in total, whichever
// variant, and the layers open in GDAL and QGIS.
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace standort::test;

TEST(AccessCli, EveryPlaceIsHandedOutOnceAndLayersOpen) {
    const auto project = source_dir() / "data/example/project.yaml";
    // The town's Kita places, as inspect counts them.
    auto inspect = run(quoted(STANDORT_BINARY) + " inspect --json " + quoted(project));
    ASSERT_EQ(inspect.exit_code, 0) << inspect.output;
    double places = 0;
    const auto summary = nlohmann::json::parse(inspect.output);
    for (const auto& k : summary["facilities"]) {
        if (k["kind"] == "kita") {
            places = k["places"].get<double>();
        }
    }
    ASSERT_GT(places, 0);
    // The balanced variant shares each facility's service among units and does not conserve
    // the total; the others do.
    for (const char* variant : {"--decay step", "--decay e2sfca", "--decay gaussian"}) {
        temp_dir out;
        auto r = run(quoted(STANDORT_BINARY) + " access --json " + quoted(project) + " " + variant +
                     " --kita-catchment 1500 --out " + quoted(out.path()));
        ASSERT_EQ(r.exit_code, 0) << r.output;
        const auto j = nlohmann::json::parse(r.output);
        const auto& kita = j["kinds"][0];
        ASSERT_EQ(kita["kind"], "kita");
        // sum over children of places per child = all places (every Kita has children within
        // 1.5 km in the town).
        EXPECT_NEAR(kita["mean_places_per_child"].get<double>() * kita["children"].get<double>(),
                    places, 1e-6)
            << variant;
        if (std::string(variant) == "--decay step" && layer_checker_available()) {
            auto check = check_layers(" --bbox DE " + quoted(out / "access_districts.geojson") +
                                      " " + quoted(out / "access_facilities.geojson") + " " +
                                      quoted(out / "access.gpkg"));
            EXPECT_EQ(check.exit_code, 0) << check.output;
        }
    }
    temp_dir balanced;
    auto b = run(quoted(STANDORT_BINARY) + " access --quiet --balanced " + quoted(project) +
                 " --out " + quoted(balanced.path()));
    EXPECT_EQ(b.exit_code, 0) << b.output;
    auto zero = run(quoted(STANDORT_BINARY) + " access " + quoted(project) +
                    " --kita-catchment 0 --out " + quoted(balanced.path()));
    EXPECT_EQ(zero.exit_code, 2) << zero.output; // a bad option value is a usage error
    auto bad = run(quoted(STANDORT_BINARY) + " access " + quoted(project) +
                   " --decay cubic --out /tmp/standort-never-written");
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.output.find("unknown decay 'cubic'"), std::string::npos) << bad.output;
}
