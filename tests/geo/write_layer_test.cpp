#include "geo/error.hpp"
#include "geo/read_layer.hpp"
#include "geo/write_layer.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>

using namespace standort;
using namespace standort::geo;
using standort::test::read_file;
using standort::test::temp_dir;
namespace fs = std::filesystem;

namespace {

feature_layer district_layer() {
    feature_layer layer;
    layer.name = "districts";
    layer.crs = "EPSG:25833";
    layer.fields = {{"district_id", field_type::text},
                    {"persons", field_type::real},
                    {"kitas", field_type::integer}};
    multi_polygon mp;
    mp.resize(1);
    // 1 km square near Berlin-Mitte, with a hole, in Boost's clockwise order.
    mp[0].outer() = {{390000, 5820000},
                     {390000, 5821000},
                     {391000, 5821000},
                     {391000, 5820000},
                     {390000, 5820000}};
    mp[0].inners().push_back({{390400, 5820400},
                              {390600, 5820400},
                              {390600, 5820600},
                              {390400, 5820600},
                              {390400, 5820400}});
    layer.features.push_back(feature{1, mp, {std::string("01011101"), 3419.0, std::int64_t{2}}});
    return layer;
}

// Shoelace: positive for counter-clockwise rings.
double signed_area(const nlohmann::json& ring) {
    double sum = 0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        sum += ring[i][0].get<double>() * ring[i + 1][1].get<double>() -
               ring[i + 1][0].get<double>() * ring[i][1].get<double>();
    }
    return sum / 2;
}

} // namespace

TEST(WriteLayer, GeoJsonFollowsRfc7946) {
    temp_dir dir;
    const auto path = dir / "districts.geojson";
    write_geojson(district_layer(), path);
    const std::string text = read_file(path);
    const auto doc = nlohmann::json::parse(text);
    EXPECT_FALSE(doc.contains("crs"));
    // One polygon: GDAL writes it as a Polygon, not a one-part MultiPolygon.
    ASSERT_EQ(doc["features"][0]["geometry"]["type"], "Polygon");
    const auto& rings = doc["features"][0]["geometry"]["coordinates"];
    EXPECT_GT(signed_area(rings[0]), 0.0) << "exterior ring must be counter-clockwise";
    EXPECT_LT(signed_area(rings[1]), 0.0) << "holes must be clockwise";
    const double lon = rings[0][0][0].get<double>();
    const double lat = rings[0][0][1].get<double>();
    EXPECT_NEAR(lon, 13.39, 0.05); // lon first, in degrees
    EXPECT_NEAR(lat, 52.52, 0.05);
    // At most 7 decimals on every coordinate.
    const std::regex long_decimal(R"(\d\.\d{8,})");
    const std::string geometry_text = doc["features"][0]["geometry"].dump();
    EXPECT_FALSE(std::regex_search(geometry_text, long_decimal)) << geometry_text;
    EXPECT_EQ(doc["features"][0]["properties"]["district_id"], "01011101");
    EXPECT_EQ(fs::directory_iterator(dir.path())->path(), path) << "no temporary file left";
}

TEST(WriteLayer, GeoPackageRoundTripsInTheWorkingCrs) {
    temp_dir dir;
    const auto path = dir / "plan.gpkg";
    auto districts = district_layer();
    feature_layer points;
    points.name = "facilities";
    points.crs = "EPSG:25833";
    points.fields = {{"facility_id", field_type::text}};
    points.features.push_back(feature{1, point{390500, 5820200}, {std::string("K1")}});
    write_gpkg({&districts, &points}, path);
    read_options options{path.string(), "districts"};
    auto back = read_layer(options);
    EXPECT_EQ(back.layer.crs, "EPSG:25833");
    ASSERT_EQ(back.layer.features.size(), 1u);
    EXPECT_NEAR(area(back.layer.features[0].shape), 1000.0 * 1000.0 - 200.0 * 200.0, 1e-6);
    options.layer = "facilities";
    EXPECT_EQ(read_layer(options).layer.features.size(), 1u);
}

TEST(WriteLayer, CsvKeepsKeysAsTextAndWritesTypes) {
    temp_dir dir;
    const auto path = dir / "districts.csv";
    write_csv(district_layer(), path);
    const std::string text = read_file(path);
    EXPECT_NE(text.find("01011101,3419,2\n"), std::string::npos) << text;
    // The side-car tells GDAL and QGIS the types: the key stays text, the counts numbers.
    ASSERT_TRUE(fs::exists(dir / "districts.csvt"));
    EXPECT_EQ(read_file(dir / "districts.csvt").rfind("String,Real,Integer", 0), 0u);
}

TEST(WriteLayer, AFailedWriteKeepsTheOldFile) {
    temp_dir dir;
    const auto path = dir / "districts.geojson";
    write_geojson(district_layer(), path);
    const std::string before = read_file(path);
    auto broken = district_layer();
    broken.crs = "EPSG:99999"; // the write fails while reprojecting
    EXPECT_ANY_THROW(write_geojson(broken, path));
    EXPECT_EQ(read_file(path), before);
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path())) {
        ++files;
    }
    EXPECT_EQ(files, 1u) << "no temporary file left behind";
}

TEST(WriteLayer, LeftoversOfAKilledRunAreNeverMovedIntoPlace) {
    // What a run killed mid-write under the old naming would have left: partial files that
    // must not become districts.csv or a journal beside a good GeoPackage.
    temp_dir dir;
    test::write_file(dir / ".districts.tmp1.csv", "partial");
    test::write_file(dir / ".standort-tmp-ABCDEF/districts.csvt", "stale");
    write_csv(district_layer(), dir / "districts.csv");
    EXPECT_NE(read_file(dir / "districts.csv"), "partial");
    EXPECT_EQ(read_file(dir / "districts.csvt").rfind("String,Real,Integer", 0), 0u);
}
