// Reading the formats planners' data comes in. The files are made from the bundled example by
// GDAL's own ogr2ogr (an independent writer), then read back with read_layer.
#include "geo/error.hpp"
#include "geo/read_layer.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

using namespace standort;
using namespace standort::geo;
using namespace standort::test;

namespace {

bool have_ogr2ogr() {
    return run("ogr2ogr --version").exit_code == 0;
}

void convert(const std::string& args) {
    auto r = run("ogr2ogr " + args);
    ASSERT_EQ(r.exit_code, 0) << args << "\n" << r.output;
}

const fs::path districts = source_dir() / "tests/cases/mini_town/districts.geojson";
const fs::path population = source_dir() / "tests/cases/mini_town/population.csv";

} // namespace

#define REQUIRE_OGR2OGR()                                                                          \
    if (!have_ogr2ogr()) {                                                                         \
        GTEST_SKIP() << "ogr2ogr (gdal-bin) missing: scripts/setup installs it";                   \
    }

TEST(ReadFormats, ZippedShapefile) {
    REQUIRE_OGR2OGR();
    temp_dir dir;
    convert(quoted(dir / "districts.shp.zip") + " " + quoted(districts));
    auto result = read_layer(read_options{(dir / "districts.shp.zip").string()});
    EXPECT_EQ(result.layer.features.size(), 6u);
    EXPECT_EQ(result.layer.crs, "EPSG:25832");
    EXPECT_EQ(to_text(result.layer.features[0].values[result.layer.require_field("district_i")]),
              "0101")
        << "Shapefile truncates field names to 10 characters; the key stays text";
}

TEST(ReadFormats, FlatGeobuf) {
    REQUIRE_OGR2OGR();
    temp_dir dir;
    convert("-f FlatGeobuf " + quoted(dir / "districts.fgb") + " " + quoted(districts));
    auto result = read_layer(read_options{(dir / "districts.fgb").string()});
    EXPECT_EQ(result.layer.features.size(), 6u);
    EXPECT_NEAR(area(result.layer.features[0].shape), 4e6, 1e-3); // 2 km x 2 km
}

TEST(ReadFormats, SpreadsheetKeepsTextKeys) {
    REQUIRE_OGR2OGR();
    temp_dir dir;
    convert("-f XLSX " + quoted(dir / "population.xlsx") + " " + quoted(population));
    auto result = read_layer(read_options{(dir / "population.xlsx").string()});
    ASSERT_EQ(result.layer.features.size(), 360u);
    EXPECT_EQ(to_text(result.layer.features[0].values[result.layer.require_field("raum")]), "0101");
    convert("-f ODS " + quoted(dir / "population.ods") + " " + quoted(population));
    EXPECT_EQ(read_layer(read_options{(dir / "population.ods").string()}).layer.features.size(),
              360u);
}

TEST(ReadFormats, GeoPackageWithSeveralLayersNeedsALayerName) {
    REQUIRE_OGR2OGR();
    temp_dir dir;
    const auto gpkg = dir / "plan.gpkg";
    convert("-nln bezirke " + quoted(gpkg) + " " + quoted(districts));
    convert("-update -nln schulen " + quoted(gpkg) + " " +
            quoted(source_dir() / "tests/cases/mini_town/schools.geojson"));
    try {
        read_layer(read_options{gpkg.string()});
        FAIL() << "expected input_error";
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("bezirke, schulen"), std::string::npos) << e.what();
    }
    read_options options{gpkg.string(), "schulen"};
    EXPECT_EQ(read_layer(options).layer.features.size(), 5u);
}
