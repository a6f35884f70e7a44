#include "geo/error.hpp"
#include "geo/read_layer.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

using namespace standort;
using namespace standort::geo;
using standort::test::temp_dir;
using standort::test::write_file;

namespace {

bool has_finding(const findings& list, const std::string& code, const std::string& text = {}) {
    for (const auto& f : list) {
        if (f.code == code && f.message.find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

// Berlin-like UTM 33 metres in a GeoJSON without a `crs` member: what the real ESB files are.
const char* utm_without_crs = R"({"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"ESB":"0527"},"geometry":{"type":"Polygon","coordinates":
  [[[377376.4,5823331.7],[377900.0,5823331.7],[377900.0,5823800.0],[377376.4,5823800.0],[377376.4,5823331.7]]]}}]})";

} // namespace

TEST(ReadLayer, KeepsDeclaredCrsAndTextKeys) {
    temp_dir dir;
    write_file(dir / "kitas.geojson", R"({"type":"FeatureCollection",
 "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25833"}},
 "features":[{"type":"Feature","properties":{"e_nr":"01010010","e_platz":"69"},
   "geometry":{"type":"Point","coordinates":[390387.4,5820383.1]}}]})");
    auto result = read_layer(read_options{(dir / "kitas.geojson").string()});
    EXPECT_EQ(result.layer.crs, "EPSG:25833");
    EXPECT_EQ(result.layer.crs_origin, "declared");
    ASSERT_EQ(result.layer.features.size(), 1u);
    EXPECT_EQ(to_text(result.layer.features[0].values[result.layer.require_field("e_nr")]),
              "01010010");
    EXPECT_FALSE(has_errors(result.found));
}

TEST(ReadLayer, MetresWithoutCrsMemberAreReportedWithAGuess) {
    temp_dir dir;
    write_file(dir / "esb.geojson", utm_without_crs);
    read_options options{(dir / "esb.geojson").string()};
    options.reference_lonlat = box{point{13.08, 52.33}, point{13.76, 52.68}};
    auto result = read_layer(options);
    EXPECT_TRUE(has_finding(result.found, "crs-extent", "look like EPSG:25833"))
        << (result.found.empty() ? "" : format_finding(result.found.front()));
}

TEST(ReadLayer, CrsOverrideFixesAFileThatLies) {
    temp_dir dir;
    write_file(dir / "esb.geojson", utm_without_crs);
    read_options options{(dir / "esb.geojson").string()};
    options.crs_override = "EPSG:25833";
    auto result = read_layer(options);
    EXPECT_EQ(result.layer.crs, "EPSG:25833");
    EXPECT_EQ(result.layer.crs_origin, "override");
    EXPECT_FALSE(has_errors(result.found));
}

TEST(ReadLayer, CsvWithGermanCoordinatesAndLeadingZeros) {
    temp_dir dir;
    write_file(dir / "kitas.csv", "nr;name;rw;hw;plaetze\n"
                                  "01010010;Kita A;390.387,40;5.820.383,10;1.234\n"
                                  "01010020;Kita B;390.206,30;5.819.189,10;55\n");
    read_options options{(dir / "kitas.csv").string()};
    options.x_field = "rw";
    options.y_field = "hw";
    options.coordinate_format = number_format::german;
    options.crs_override = "EPSG:25833";
    auto result = read_layer(options);
    ASSERT_EQ(result.layer.features.size(), 2u);
    const auto& p = std::get<point>(result.layer.features[0].shape);
    EXPECT_DOUBLE_EQ(p.x(), 390387.4);
    EXPECT_DOUBLE_EQ(p.y(), 5820383.1);
    EXPECT_EQ(to_text(result.layer.features[0].values[0]), "01010010");
    EXPECT_FALSE(has_errors(result.found));
}

TEST(ReadLayer, CsvCoordinatesWithoutCrsAreAnError) {
    temp_dir dir;
    write_file(dir / "sites.csv", "id,x,y\n1,390387.4,5820383.1\n");
    read_options options{(dir / "sites.csv").string()};
    options.x_field = "x";
    options.y_field = "y";
    auto result = read_layer(options);
    EXPECT_TRUE(has_finding(result.found, "no-crs", "EPSG:25833"));
}

TEST(ReadLayer, BadCoordinateNamesRowAndField) {
    temp_dir dir;
    write_file(dir / "sites.csv", "id,x,y\n1,390387.4,5820383.1\n2,abc,5820383.1\n");
    read_options options{(dir / "sites.csv").string()};
    options.x_field = "x";
    options.y_field = "y";
    options.crs_override = "EPSG:25833";
    auto result = read_layer(options);
    ASSERT_TRUE(has_errors(result.found));
    const auto& f = result.found.front();
    EXPECT_EQ(f.code, "bad-coordinate");
    EXPECT_EQ(f.where.field, "x");
    EXPECT_EQ(f.where.feature, 2);
}

TEST(ReadLayer, WktColumn) {
    temp_dir dir;
    write_file(dir / "sites.csv", "id,geom\nA,\"POINT (390000 5820000)\"\n");
    read_options options{(dir / "sites.csv").string()};
    options.wkt_field = "geom";
    options.crs_override = "EPSG:25833";
    auto result = read_layer(options);
    ASSERT_EQ(result.layer.features.size(), 1u);
    EXPECT_DOUBLE_EQ(std::get<point>(result.layer.features[0].shape).x(), 390000.0);
}

TEST(ReadLayer, RepairsInvalidPolygonsAndSaysWhich) {
    temp_dir dir;
    write_file(dir / "bowtie.geojson", R"({"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"id":"A"},"geometry":{"type":"Polygon","coordinates":
  [[[13.0,52.0],[13.2,52.2],[13.2,52.0],[13.0,52.2],[13.0,52.0]]]}}]})");
    auto result = read_layer(read_options{(dir / "bowtie.geojson").string()});
    ASSERT_TRUE(has_finding(result.found, "repaired-geometry", "Self-intersection"));
    EXPECT_EQ(result.found.front().where.feature, 0);
    EXPECT_EQ(std::get<multi_polygon>(result.layer.features[0].shape).size(), 2u);
}

TEST(ReadLayer, JsonRecordsWithLabelRow) {
    temp_dir dir;
    write_file(dir / "sheet.json",
               R"([{"BSN":"Nr.","seats2018":"18/19\nPlätze"},{"BSN":"01G40","seats2018":"432"}])");
    read_options options{(dir / "sheet.json").string()};
    options.skip_rows = 1;
    auto result = read_layer(options);
    ASSERT_EQ(result.layer.features.size(), 1u);
    EXPECT_EQ(to_text(result.layer.features[0].values[0]), "01G40");
    EXPECT_EQ(result.layer.features[0].source_fid, 1);
}

TEST(ReadLayer, GarbageAndMissingFilesThrowWithTheFileName) {
    temp_dir dir;
    write_file(dir / "broken.geojson", "this is not geojson {");
    try {
        read_layer(read_options{(dir / "broken.geojson").string()});
        FAIL() << "expected input_error";
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("broken.geojson"), std::string::npos) << e.what();
    }
    try {
        read_layer(read_options{(dir / "missing.gpkg").string()});
        FAIL() << "expected input_error";
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("file not found"), std::string::npos) << e.what();
    }
}

TEST(ReadLayer, MissingFieldListsTheFieldsThatExist) {
    temp_dir dir;
    write_file(dir / "t.csv", "a,b\n1,2\n");
    auto result = read_layer(read_options{(dir / "t.csv").string()});
    try {
        result.layer.require_field("c");
        FAIL() << "expected input_error";
    } catch (const input_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("t.csv"), std::string::npos) << what;
        EXPECT_NE(what.find("field 'c'"), std::string::npos) << what;
        EXPECT_NE(what.find("a, b"), std::string::npos) << what;
    }
}

TEST(ReadLayer, WrongUtmZoneIsFarFromTheOtherLayers) {
    // Berlin's UTM 33 metres read as UTM 32 fit zone 32's area of use, but land near 7.4 E,
    // 400 km west of the districts they belong to.
    temp_dir dir;
    write_file(dir / "esb.geojson", utm_without_crs);
    read_options options{(dir / "esb.geojson").string()};
    options.crs_override = "EPSG:25832";
    options.reference_lonlat = box{point{13.08, 52.33}, point{13.76, 52.68}};
    auto result = read_layer(options);
    EXPECT_TRUE(has_finding(result.found, "crs-elsewhere", "look like EPSG:25833"))
        << (result.found.empty() ? "" : format_finding(result.found.front()));
}

TEST(RedactedSource, PasswordsAreReplacedAndPathsKept) {
    using standort::geo::redacted_source;
    EXPECT_EQ(redacted_source("PG:host=db dbname=x user=u password=s3cret port=5432"),
              "PG:host=db dbname=x user=u password=*** port=5432");
    EXPECT_EQ(redacted_source("PG:dbname=x password='a b c'"), "PG:dbname=x password=***");
    EXPECT_EQ(redacted_source("postgresql://planer:geheim@db:5432/kita"),
              "postgresql://planer:***@db:5432/kita");
    EXPECT_EQ(redacted_source("MSSQL:server=db;database=kita;UID=u;PWD=geheim;"),
              "MSSQL:server=db;database=kita;UID=u;PWD=***;");
    EXPECT_EQ(redacted_source("OCI:planer/geheim@tns"), "OCI:planer/***@tns");
    EXPECT_EQ(redacted_source("/data/kitas.csv"), "/data/kitas.csv");
}

namespace {

// A Windows-1252 CSV longer than the reader's chunk of 65,536 rows: a header with "Größe",
// a label row, rows named "SUMME" to leave out in both chunks, a value spanning two lines and
// an umlaut in the last row.
std::string long_cp1252_table(std::size_t rows) {
    std::string text = "nr;ort;Gr\xF6\xDF"
                       "e;x;y\n"
                       "Nr.;Ort;m;x;y\n";
    for (std::size_t i = 0; i < rows; ++i) {
        const bool total = i == 10 || i == 70000;
        const bool last = i + 1 == rows;
        const bool quoted = i == 139000; // an unclosed-quote symptom, in the third chunk
        text += (total ? std::string("SUMME") : std::to_string(i)) + ";" +
                (last ? std::string("M\xFChlbach") : std::string("Au")) + ";" +
                (quoted ? "\"1\n2\"" : "1") + ";" + std::to_string(390000 + i % 1000) +
                ";5820000\n";
    }
    return text;
}

} // namespace

TEST(ReadLayerEach, ChunksOfALongTableAreCheckedAsOneLayer) {
    temp_dir dir;
    const std::size_t rows = 140000; // three chunks
    write_file(dir / "t.csv", long_cp1252_table(rows));
    read_options options{(dir / "t.csv").string()};
    options.encoding = "CP1252";
    options.skip_rows = 1;
    options.exclude = {{"nr", {"SUMME"}}};
    options.x_field = "x";
    options.y_field = "y";
    options.crs_override = "EPSG:25833";
    std::vector<std::string> fields;
    std::size_t seen = 0;
    std::string first_nr;
    std::string last_ort;
    const auto result = read_layer_each(
        options,
        [&](const feature_layer& header) {
            for (const auto& f : header.fields) {
                fields.push_back(f.name);
            }
            EXPECT_EQ(header.crs, "EPSG:25833"); // the override, before any feature
        },
        [&](feature& f) {
            if (seen++ == 0) {
                first_nr = to_text(f.values[0]);
            }
            last_ort = to_text(f.values[1]);
            EXPECT_TRUE(std::holds_alternative<point>(f.shape));
        });
    // The field name is recoded once, not once per chunk ("GrÃ¶ÃŸe").
    ASSERT_EQ(fields.size(), 5u);
    EXPECT_EQ(fields[2], "Größe");
    EXPECT_EQ(result.header.fields[2].name, "Größe");
    EXPECT_TRUE(result.header.features.empty());
    // The label row goes, and both SUMME rows, one in each of the first two chunks.
    EXPECT_EQ(first_nr, "0");
    EXPECT_EQ(seen, rows - 2);
    EXPECT_EQ(result.features, rows - 2);
    EXPECT_EQ(last_ort, "Mühlbach");
    EXPECT_TRUE(has_finding(result.found, "excluded-rows", "2 row(s) left out"));
    // A finding of the third chunk names the field as the header does.
    bool line_break = false;
    for (const auto& f : result.found) {
        if (f.code == "line-break-in-field") {
            line_break = true;
            EXPECT_EQ(f.where.field, "Größe");
        }
    }
    EXPECT_TRUE(line_break);
    ASSERT_TRUE(result.extent.has_value());
    EXPECT_DOUBLE_EQ(result.extent->min_corner().x(), 390000);
    EXPECT_DOUBLE_EQ(result.extent->max_corner().x(), 390999);
}

TEST(ReadLayerEach, AGuessedEncodingIsDecidedWhereTheFirstNonUtf8TextIs) {
    // Only the last row (in the third chunk) is not UTF-8: the guess is said once, and the
    // ASCII text before it reads the same either way.
    temp_dir dir;
    std::string text = long_cp1252_table(140000);
    text.replace(text.find("Gr\xF6\xDF"), 4, "Grosz"); // an ASCII header: the guess is in the data
    write_file(dir / "t.csv", text);
    read_options options{(dir / "t.csv").string()};
    const auto result = read_layer(options);
    ASSERT_EQ(result.layer.features.size(), 140001u);
    EXPECT_EQ(to_text(result.layer.features.back().values[1]), "Mühlbach");
    std::size_t guesses = 0;
    for (const auto& f : result.found) {
        guesses += f.code == "encoding-guessed" ? 1 : 0;
    }
    EXPECT_EQ(guesses, 1u);
}

TEST(ReadLayerEach, AWrongCrsIsFoundFromTheWholeExtent) {
    // Degrees read as metres: only the extent of all features can tell, after the last chunk.
    temp_dir dir;
    write_file(dir / "t.csv", "id;lon;lat\n1;13.40;52.52\n2;13.41;52.53\n");
    read_options options{(dir / "t.csv").string()};
    options.x_field = "lon";
    options.y_field = "lat";
    options.crs_override = "EPSG:25833";
    std::size_t seen = 0;
    const auto result = read_layer_each(
        options, [](const feature_layer&) {}, [&](feature&) { ++seen; });
    EXPECT_EQ(seen, 2u);
    EXPECT_TRUE(has_finding(result.found, "crs-degrees"));
}
