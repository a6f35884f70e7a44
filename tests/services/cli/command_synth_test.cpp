// `standort synth` end to end: the bundled example is what the generator makes, the generated
// project loads without errors, and its layers open in GDAL and QGIS.
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace standort::test;

namespace {
const fs::path binary = STANDORT_BINARY;

command_result run_standort(const std::string& args) {
    return run(quoted(binary) + " " + args);
}
} // namespace

TEST(SynthCli, BundledExampleIsTheGeneratedTown) {
    // data/example is committed; this keeps it what `synth --scale town --seed 1` makes.
    temp_dir out;
    auto r = run_standort("synth --quiet --scale town --seed 1 --out " + quoted(out.path()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::size_t files = 0;
    for (const auto& entry : fs::directory_iterator(out.path())) {
        const auto committed = source_dir() / "data/example" / entry.path().filename();
        ASSERT_TRUE(fs::exists(committed)) << committed;
        EXPECT_EQ(read_file(entry.path()), read_file(committed))
            << entry.path().filename()
            << " differs: regenerate data/example with "
               "`standort synth --scale town --seed 1 --out data/example`";
        ++files;
    }
    EXPECT_GE(files, 13u);
}

TEST(SynthCli, GeneratedTownLoadsCleanAndExportsLayersQgisOpens) {
    temp_dir out;
    const auto project = source_dir() / "data/example/project.yaml";
    auto inspect = run_standort("inspect --json " + quoted(project));
    ASSERT_EQ(inspect.exit_code, 0) << inspect.output;
    const auto j = nlohmann::json::parse(inspect.output);
    EXPECT_EQ(j["errors"], 0);
    EXPECT_EQ(j["warnings"], 0) << inspect.output;
    auto e = run_standort("export --quiet " + quoted(project) + " --out " + quoted(out.path()));
    ASSERT_EQ(e.exit_code, 0) << e.output;
    if (!layer_checker_available()) {
        GTEST_SKIP() << "check-layer or python3-qgis missing";
    }
    std::string files;
    for (const char* name :
         {"districts.geojson", "facilities.geojson", "catchments.geojson", "standort.gpkg"}) {
        files += " " + quoted(out / name);
    }
    // The generator's own layers too, as a user opens them.
    for (const char* name :
         {"districts.gpkg", "streets.gpkg", "schools.geojson", "catchments.geojson",
          "gemeinden.geojson", "boundary.geojson", "candidates.geojson"}) {
        files += " " + quoted(source_dir() / "data/example" / name);
    }
    auto check = check_layers(" --bbox DE" + files);
    EXPECT_EQ(check.exit_code, 0) << check.output;
}

TEST(SynthCli, UnknownScaleIsAUsageError) {
    temp_dir out;
    auto r = run_standort("synth --scale moon --out " + quoted(out.path()));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.output.find("unknown scale 'moon'"), std::string::npos) << r.output;
}

TEST(SynthCli, GeneratedCityLoadsWithoutFindings) {
    // A million people over 30 settlements: schools near each other and settlements at the
    // region's edge must still give every school a catchment and every facility a district.
    temp_dir out;
    auto r = run_standort("synth --quiet --scale city --seed 5 --out " + quoted(out.path()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    auto inspect = run_standort("inspect --json " + quoted(out / "project.yaml"));
    ASSERT_EQ(inspect.exit_code, 0) << inspect.output;
    const auto j = nlohmann::json::parse(inspect.output);
    EXPECT_EQ(j["errors"], 0);
    EXPECT_EQ(j["warnings"], 0) << j["findings"].dump(1);
    EXPECT_GT(j["grid"]["persons"].get<double>(), 800'000);
    EXPECT_EQ(j["grid"]["in_district"], j["grid"]["cells"]);
}
