// Every layer standort writes opens in QGIS styled: checked by QGIS itself (PyQGIS from Debian,
// tests/tools/qgis_style_check.py), not by reading our own QML back.
#include "geo/feature_layer.hpp"
#include "geo/read_layer.hpp"
#include "services/render/analysis_styles.hpp"
#include "services/render/output_files.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

using namespace standort;
using namespace standort::test;

namespace {

const fs::path binary = STANDORT_BINARY;

bool have_pyqgis() {
    return run("/usr/bin/python3 -c 'import qgis.core, osgeo'").exit_code == 0;
}

nlohmann::json qgis_check(const std::string& arguments) {
    const auto r =
        run("/usr/bin/python3 " + quoted(source_dir() / "tests/tools/qgis_style_check.py") + " " +
                arguments + " 2>/dev/null",
            false);
    try {
        auto j = nlohmann::json::parse(r.output);
        j["exit_code"] = r.exit_code;
        return j;
    } catch (const nlohmann::json::exception&) {
        ADD_FAILURE() << "the QGIS check did not answer in JSON:\n" << r.output;
        return {};
    }
}

const nlohmann::json* find_layer(const nlohmann::json& j, const std::string& file,
                                 const std::string& layer) {
    for (const auto& l : j["layers"]) {
        if (l["file"] == file && l["layer"] == layer) {
            return &l;
        }
    }
    return nullptr;
}

// The example's analyses, as scripts/demo runs them, into one folder.
class ExampleOutputs : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir = new temp_dir();
        const auto project = quoted(source_dir() / "data/example/project.yaml");
        for (const std::string c :
             {"export --format geojson,gpkg", "supply", "coverage", "access --decay e2sfca",
              "catchments --capacity", "isochrones --limits '5 min,10 min,15 min'",
              "forecast --backtest 2", "siting --objective capacitated-p-median --p 1 --year 2032",
              "indicators"}) {
            const auto verb = c.substr(0, c.find(' '));
            const auto rest = c.size() > verb.size() ? c.substr(verb.size()) : std::string();
            const auto r = run(quoted(binary) + " " + verb + " -q " + project + " --out " +
                               quoted(dir->path()) + rest);
            ASSERT_EQ(r.exit_code, 0) << c << "\n" << r.output;
        }
    }
    static void TearDownTestSuite() {
        delete dir;
        dir = nullptr;
    }
    static std::string all_layer_files() {
        std::string files;
        for (const auto& e : fs::directory_iterator(dir->path())) {
            const auto ext = e.path().extension();
            if (ext == ".geojson" || ext == ".gpkg") {
                files += " " + quoted(e.path());
            }
        }
        return files;
    }
    static temp_dir* dir;
};

temp_dir* ExampleOutputs::dir = nullptr;

} // namespace

// QGIS opens every layer with its style (a rule-based renderer, not its single-symbol
// default), a legend, and a German alias for every field; GeoPackages list their styles.
TEST_F(ExampleOutputs, EveryLayerOpensStyledWithGermanAliases) {
    if (!have_pyqgis()) {
        GTEST_SKIP() << "python3-qgis missing: QGIS cannot check the styles";
    }
    const auto j = qgis_check(all_layer_files());
    ASSERT_TRUE(j.contains("layers"));
    EXPECT_EQ(j["exit_code"], 0) << j["problems"].dump(1);
    EXPECT_GE(j["layers"].size(), 40u);

    const auto* supply = find_layer(j, "supply.gpkg", "supply");
    ASSERT_TRUE(supply);
    EXPECT_EQ((*supply)["aliases"]["kita_u3_quota"], "Versorgungsquote U3 (Plätze je 100 Kinder)");
    // The example's U3 target is 45: an edge, the class from it marked.
    bool target_class = false;
    for (const auto& label : (*supply)["legend"]) {
        target_class |= label == "45 bis unter 55 (Ziel erreicht)";
    }
    EXPECT_TRUE(target_class) << (*supply)["legend"].dump();
    EXPECT_EQ((*supply)["legend"].back(), "keine Daten");
    EXPECT_TRUE((*supply)["labels"]);
    EXPECT_EQ((*supply)["styles"].size(), 4u) << "one per group: U3, Ü3, Kita, Grundschule";
    // Counts are Integer fields GIS staff can sum; quotas stay Real.
    EXPECT_EQ((*supply)["fields"]["kita_u3_places"], "Integer");
    EXPECT_EQ((*supply)["fields"]["kita_u3_children"], "Integer");
    EXPECT_EQ((*supply)["fields"]["kita_u3_quota"], "Real");

    // Isochrones by limit, German; facilities by kind.
    const auto* iso = find_layer(j, "isochrones.gpkg", "isochrones");
    ASSERT_TRUE(iso);
    EXPECT_EQ((*iso)["fields"]["places"], "Integer");
    EXPECT_EQ((*iso)["legend"], (nlohmann::json{"bis 5 min", "bis 10 min", "bis 15 min"}));
    const auto* fac = find_layer(j, "standort.gpkg", "facilities");
    ASSERT_TRUE(fac);
    EXPECT_EQ((*fac)["legend"],
              (nlohmann::json{"Kita", "Grundschule", "Sekundarstufe I", "möglicher Standort"}));
    // Siting: the chosen plot has its own class.
    const auto* sites = find_layer(j, "siting.gpkg", "siting_sites");
    ASSERT_TRUE(sites);
    EXPECT_EQ((*sites)["legend"][0], "neuer Standort (gewählt)");
}

// An empty layer keeps its geometry type and CRS: the unassigned area of the capacity
// catchments is empty in the example (every child has a seat) and still opens as polygons.
TEST_F(ExampleOutputs, EmptyLayersKeepGeometryTypeAndCrs) {
    if (!have_pyqgis()) {
        GTEST_SKIP() << "python3-qgis missing";
    }
    const auto j = qgis_check(quoted(dir->path() / "catchments.gpkg"));
    const auto* empty = find_layer(j, "catchments.gpkg", "catchments_unassigned");
    ASSERT_TRUE(empty);
    EXPECT_EQ((*empty)["features"], 0);
    EXPECT_EQ((*empty)["geometry"], 2) << "QgsWkbTypes::PolygonGeometry";
    EXPECT_EQ((*empty)["crs"], "EPSG:25832");
}

// Gaps come one layer per kind: the Kita gap layer holds Kita gaps only.
TEST_F(ExampleOutputs, GapLayersDoNotMixKinds) {
    for (const std::string kind : {"kita", "grundschule"}) {
        const auto path = dir->path() / ("coverage_gaps_" + kind + ".geojson");
        ASSERT_TRUE(fs::exists(path));
        const auto gaps = nlohmann::json::parse(read_file(path));
        ASSERT_FALSE(gaps["features"].empty());
        for (const auto& f : gaps["features"]) {
            EXPECT_EQ(f["properties"]["kind"], kind);
        }
    }
}

// The temporal controller's frame of a year shows that year's features, from the GeoPackage
// too (its Date field compared with a datetime once showed the next year's polygons).
TEST_F(ExampleOutputs, EachTemporalFrameShowsItsOwnYear) {
    if (!have_pyqgis()) {
        GTEST_SKIP() << "python3-qgis missing";
    }
    const auto j = qgis_check("--frames 2025,2030,2034 " + quoted(dir->path() / "forecast.gpkg") +
                              " " + quoted(dir->path() / "forecast_districts_years.geojson"));
    std::size_t checked = 0;
    for (const auto& l : j["layers"]) {
        if (!l.contains("frames")) {
            continue;
        }
        ++checked;
        for (const auto& [year, found] : l["frames"].items()) {
            EXPECT_EQ(found, nlohmann::json::array({std::stoi(year)}))
                << l["file"] << " " << l["layer"] << " frame " << year;
        }
    }
    EXPECT_EQ(checked, 3u) << "district years (GeoPackage and GeoJSON), facility years";
}

// QGIS's own renderer puts each value into the class its label says, edges included: the
// rule filters are exact where a graduated renderer's ranges include both edges.
TEST(LayerStyles, QgisDrawsEachValueInTheClassItsLabelNames) {
    if (!have_pyqgis()) {
        GTEST_SKIP() << "python3-qgis missing";
    }
    const std::vector<std::optional<double>> quotas{24.99, 25, 34.9, 35,
                                                    44.9,  45, 70,   std::nullopt};
    geo::feature_layer layer;
    layer.name = "quota_edges";
    layer.crs = "EPSG:25832";
    layer.fields = {{"name", geo::field_type::text}, {"kita_u3_quota", geo::field_type::real}};
    for (std::size_t i = 0; i < quotas.size(); ++i) {
        geo::feature f;
        f.shape = geo::point(650000 + 100.0 * static_cast<double>(i), 5480000);
        f.values = {std::string("d") + std::to_string(i),
                    quotas[i] ? geo::value{*quotas[i]} : geo::value{}};
        layer.features.push_back(std::move(f));
    }
    services::output_files files;
    const auto id = files.add(layer);
    // Hand: data 24.99 to 70 around 45: steps round(20.01 / 2.5) = 10 and round(25 / 2.5) =
    // 10, edges 25 35 | 45 | 55 65.
    files.style(id, services::target_styles(files.layer(id),
                                            {{"kita_u3_quota", 45, "Versorgungsquote U3", ""}}));
    files.gpkg("edges.gpkg", {id});
    files.geojson(id);
    temp_dir out;
    files.write(out.path());
    const std::vector<std::string> expected{"unter 25",        "25 bis unter 35",
                                            "25 bis unter 35", "35 bis unter 45",
                                            "35 bis unter 45", "45 bis unter 55 (Ziel erreicht)",
                                            "65 und mehr",     "keine Daten"};
    const auto j = qgis_check("--classes kita_u3_quota " + quoted(out / "edges.gpkg") + " " +
                              quoted(out / "quota_edges.geojson"));
    ASSERT_EQ(j["layers"].size(), 2u);
    for (const auto& l : j["layers"]) {
        ASSERT_EQ(l["classes"].size(), expected.size()) << l["file"];
        for (std::size_t i = 0; i < expected.size(); ++i) {
            EXPECT_EQ(l["classes"][i]["classes"], nlohmann::json::array({expected[i]}))
                << l["file"] << " value " << l["classes"][i]["value"];
        }
    }
}

// `standort map`: QGIS renders the council maps and writes a project that opens with every
// layer valid and styled; each map's legend is the style it draws. Checked by opening the
// saved project in PyQGIS (tests/tools/map_check.py) and sampling the rendered PNG: inside
// every district, the colour of the legend class its figure falls into (read from the German
// labels), for the U3 and the Ü3 map, whose classes differ.
TEST_F(ExampleOutputs, CouncilMapsAndTheProjectShowWhatTheLegendSays) {
    if (!have_pyqgis()) {
        GTEST_SKIP() << "python3-qgis missing: no maps";
    }
    const auto project = quoted(source_dir() / "data/example/project.yaml");
    const auto r = run(quoted(binary) + " map -q --json " + project + " --out " +
                           quoted(dir->path()) + " --dpi 100 2>/dev/null",
                       false);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto summary = nlohmann::json::parse(r.output);
    EXPECT_GE(summary["maps"].size(), 15u);
    ASSERT_TRUE(fs::exists(dir->path() / "standort.qgz"));
    ASSERT_TRUE(fs::exists(dir->path() / "karten/versorgungsquote_u3_2024.pdf"));
    ASSERT_TRUE(fs::exists(dir->path() / "karten/steckbriefe_planungsraeume.pdf"));

    const auto c = run("/usr/bin/python3 " + quoted(source_dir() / "tests/tools/map_check.py") +
                           " " + quoted(dir->path()) +
                           " versorgungsquote_u3_2024=kita_u3_quota"
                           " versorgungsquote_ue3_2024=kita_ue3_quota 2>/dev/null",
                       false);
    ASSERT_EQ(c.exit_code, 0) << c.output;
    const auto j = nlohmann::json::parse(c.output);
    for (const auto& l : j["layers"]) {
        EXPECT_TRUE(l["valid"]) << l.dump();
        if (l["name"] != "Straßen") {
            EXPECT_EQ(l["renderer"], "RuleRenderer") << l["name"];
            EXPECT_EQ(l["aliases"], l["fields"].get<int>() - 1) << l["name"] << ": all but fid";
        }
    }
    EXPECT_EQ(j["time"]["begin"], "2024-01-01");
    EXPECT_EQ(j["time"]["step"], 1.0);
    std::size_t sampled = 0;
    for (const auto& layout : j["layouts"]) {
        EXPECT_TRUE(layout["map"] && layout["scale_bar"] && layout["north_arrow"])
            << layout["name"];
        ASSERT_FALSE(layout["legend"].empty()) << layout["name"];
        EXPECT_FALSE(layout["legend"][0]["classes"].empty()) << layout["name"];
        if (layout["name"] != "steckbriefe_planungsraeume") {
            // A4 landscape at 100 dpi: 297 x 210 mm.
            EXPECT_EQ(layout["png"], nlohmann::json::array({1169, 826})) << layout["name"];
        }
        if (!layout.contains("pixels")) {
            continue;
        }
        for (const auto& f : layout["pixels"]["features"]) {
            ASSERT_FALSE(f["class"].is_null()) << layout["name"] << " " << f.dump();
            ASSERT_GT(f["samples"], 10) << layout["name"];
            EXPECT_LT(f["median_distance"], 12.0) << layout["name"] << " " << f.dump();
            ++sampled;
        }
    }
    EXPECT_EQ(sampled, 16u) << "8 districts on two maps";
}

// Tables for Excel users: `export --format xlsx` writes one workbook through GDAL's XLSX driver,
// a sheet per table with German headers; read back here through GDAL, row for row.
TEST(ExcelTables, ExportWritesOneWorkbookWithGermanHeaders) {
    temp_dir out;
    const auto r = run(quoted(binary) + " export -q " +
                       quoted(source_dir() / "tests/cases/mini_town/project.yaml") + " --out " +
                       quoted(out.path()) + " --format csv,xlsx");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    ASSERT_TRUE(fs::exists(out / "standort.xlsx"));
    geo::read_options options;
    options.source = (out / "standort.xlsx").string();
    options.layer = "facilities";
    const auto sheet = geo::read_layer(options).layer;
    EXPECT_TRUE(sheet.field_index("Einrichtung")) << "facility_id as its German alias";
    EXPECT_TRUE(sheet.field_index("Art der Einrichtung"));
    EXPECT_FALSE(sheet.field_index("facility_id"));
    // As many rows as the CSV has lines below its header.
    const auto csv = read_file(out / "facilities.csv");
    const auto lines = static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n'));
    EXPECT_EQ(sheet.features.size(), lines - 1);
    options.layer = "population";
    EXPECT_FALSE(geo::read_layer(options).layer.features.empty());
}

// An analysis's `--xlsx`: its tables once more as one workbook, German headers, the same rows
// as the CSV. Altstadt's U3 quota 12 / 113 = 10.6 per 100 (hand, see command_supply_test). An
// analysis without tables (access) gives its layers' attributes.
TEST(ExcelTables, AnAnalysisWritesItsTablesAsOneWorkbook) {
    temp_dir out;
    const auto project = quoted(source_dir() / "tests/cases/mini_town/project.yaml");
    const auto r =
        run(quoted(binary) + " supply -q " + project + " --out " + quoted(out.path()) + " --xlsx");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    geo::read_options options;
    options.source = (out / "supply.xlsx").string();
    options.layer = "supply_table";
    const auto sheet = geo::read_layer(options).layer;
    const auto district = sheet.field_index("Planungsraum");
    const auto quota = sheet.field_index("Versorgungsquote (Plätze je 100 Kinder)");
    ASSERT_TRUE(district && quota) << "German headers";
    const auto csv = read_file(out / "supply_table.csv");
    EXPECT_EQ(sheet.features.size(),
              static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')) - 1);
    const auto group = sheet.field_index("Altersgruppe");
    ASSERT_TRUE(group);
    bool found = false;
    for (const auto& f : sheet.features) {
        if (std::get<std::string>(f.values[*district]) == "0101" &&
            std::get<std::string>(f.values[*group]) == "kita_u3") {
            EXPECT_NEAR(std::get<double>(f.values[*quota]), 1200.0 / 113, 0.06);
            found = true;
        }
    }
    EXPECT_TRUE(found) << "Altstadt's U3 row";
    const auto a =
        run(quoted(binary) + " access -q " + project + " --out " + quoted(out.path()) + " --xlsx");
    ASSERT_EQ(a.exit_code, 0) << a.output;
    options.source = (out / "access.xlsx").string();
    options.layer = "access_districts";
    EXPECT_FALSE(geo::read_layer(options).layer.features.empty());
    // Sheets are named as the CSV files they repeat: forecast_districts.csv holds the layer
    // forecast_districts_years, and its sheet is forecast_districts with as many rows.
    const auto f = run(quoted(binary) + " forecast -q " + project + " --out " + quoted(out.path()) +
                       " --xlsx");
    ASSERT_EQ(f.exit_code, 0) << f.output;
    options.source = (out / "forecast.xlsx").string();
    options.layer = "forecast_districts";
    const auto districts = read_file(out / "forecast_districts.csv");
    EXPECT_EQ(geo::read_layer(options).layer.features.size(),
              static_cast<std::size_t>(std::count(districts.begin(), districts.end(), '\n')) - 1);
}

// A workbook of an earlier run is removed when the next run does not write one: after
// `indicators --publish`, an unpublished indicators.xlsx beside the published CSVs would hand
// out the figures the publication hides.
TEST(ExcelTables, PublishingRemovesAnUnpublishedWorkbook) {
    temp_dir dir;
    const auto out = quoted(dir / "out");
    const auto project = quoted(source_dir() / "data/example/project.yaml");
    const auto raw =
        run(quoted(binary) + " indicators -q " + project + " --out " + out + " --xlsx");
    ASSERT_EQ(raw.exit_code, 0) << raw.output;
    ASSERT_TRUE(fs::exists(dir / "out/indicators.xlsx"));
    const auto published =
        run(quoted(binary) + " indicators -q --publish " + project + " --out " + out);
    ASSERT_EQ(published.exit_code, 0) << published.output;
    EXPECT_FALSE(fs::exists(dir / "out/indicators.xlsx"));
}

// Excel opens at most 1,048,576 rows a sheet: a larger table is left out of the workbook and
// said, the others are written.
TEST(ExcelTables, ASheetTooLargeForExcelIsLeftOutAndSaid) {
    geo::feature_layer big;
    big.name = "cells";
    big.fields = {{"n", geo::field_type::integer}};
    big.features.resize(1'048'576);
    for (std::size_t i = 0; i < big.features.size(); ++i) {
        big.features[i].values = {static_cast<std::int64_t>(i)};
    }
    geo::feature_layer small = big;
    small.name = "districts";
    small.features.resize(3);
    services::output_files files;
    files.csv(files.add(std::move(big)));
    files.csv(files.add(std::move(small)));
    files.tables_xlsx("tables.xlsx");
    temp_dir out;
    files.write(out.path());
    ASSERT_EQ(files.notes().size(), 1u);
    EXPECT_NE(files.notes()[0].find("cells (1048576 rows) left out"), std::string::npos)
        << files.notes()[0];
    geo::read_options options;
    options.source = (out / "tables.xlsx").string();
    options.layer = "districts";
    EXPECT_EQ(geo::read_layer(options).layer.features.size(), 3u);
    options.layer = "cells";
    EXPECT_ANY_THROW(geo::read_layer(options));
}

// `csv: excel-de`: what German Excel opens with a double click: ';', decimal commas, UTF-8
// with a byte order mark, no .csvt. Altstadt's U3 quota 12 / 113 = 10.6 per 100 (hand, see
// command_supply_test) is written "10,6".
TEST(ExcelTables, CsvForGermanExcel) {
    temp_dir dir;
    fs::copy(source_dir() / "tests/cases/mini_town", dir.path(), fs::copy_options::recursive);
    const auto project = dir / "project.yaml";
    write_file(project, "csv: excel-de\n" + read_file(project));
    const auto r =
        run(quoted(binary) + " supply -q " + quoted(project) + " --out " + quoted(dir / "out"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto table = read_file(dir / "out/supply_table.csv");
    ASSERT_GE(table.size(), 3u);
    EXPECT_EQ(table.substr(0, 3), "\xEF\xBB\xBF") << "UTF-8 byte order mark";
    // GDAL's CSV writer quotes a value holding a comma; Excel reads "10,6" as the number.
    EXPECT_NE(table.find("0101;Altstadt;2024;kita_u3;113;12;2;\"10,6\";45;\"38,9\"\n"),
              std::string::npos)
        << table;
    EXPECT_FALSE(fs::exists(dir / "out/supply_table.csvt"));
    // Anything else is refused, naming the key.
    write_file(project, "csv: excel\n" + read_file(project).substr(14)); // "csv: excel-de\n"
    const auto bad = run(quoted(binary) + " inspect " + quoted(project));
    EXPECT_EQ(bad.exit_code, 3) << bad.output;
    EXPECT_NE(bad.output.find("csv: excel"), std::string::npos) << bad.output;
}

// An analysis's `--maps`: its own maps rendered right after its files, at 300 dpi A4, with
// the base layers (standort.gpkg) they draw; a second analysis into the same folder adds its
// maps and leaves the first one's as they were, and the folder's project holds the layouts of
// both.
TEST(CouncilMaps, AnAnalysisRendersItsOwnMaps) {
    if (!have_pyqgis()) {
        GTEST_SKIP() << "python3-qgis missing: no maps";
    }
    temp_dir out;
    const auto project = quoted(source_dir() / "data/example/project.yaml");
    const auto supply = run(quoted(binary) + " supply -q --json " + project + " --out " +
                                quoted(out.path()) + " --maps 2>/dev/null",
                            false);
    ASSERT_EQ(supply.exit_code, 0) << supply.output;
    const auto written = nlohmann::json::parse(supply.output)["written"];
    const auto has = [&](const std::string& tail) {
        return std::any_of(written.begin(), written.end(), [&](const auto& w) {
            const auto path = w.template get<std::string>();
            return path.size() >= tail.size() && path.ends_with(tail);
        });
    };
    EXPECT_TRUE(has("karten/versorgungsquote_u3_2024.pdf"));
    EXPECT_TRUE(has("karten/steckbriefe_planungsraeume.pdf"));
    EXPECT_TRUE(has("standort.gpkg") && has("standort.qgz"));
    const auto u3 = out / "karten/versorgungsquote_u3_2024.png";
    const auto raster = run("gdalinfo " + quoted(u3));
    EXPECT_NE(raster.output.find("Size is 3507, 2480"), std::string::npos) << raster.output;
    EXPECT_FALSE(fs::exists(out / "karten/versorgungsluecken_kita_weiter_als_500_m.png"));
    const auto before = fs::last_write_time(u3);

    const auto coverage = run(quoted(binary) + " coverage -q " + project + " --out " +
                              quoted(out.path()) + " --maps 2>/dev/null");
    ASSERT_EQ(coverage.exit_code, 0) << coverage.output;
    EXPECT_TRUE(fs::exists(out / "karten/versorgungsluecken_kita_weiter_als_500_m.png"));
    EXPECT_EQ(fs::last_write_time(u3), before) << "supply's maps are not rendered again";
    const auto c = run("/usr/bin/python3 " + quoted(source_dir() / "tests/tools/map_check.py") +
                           " " + quoted(out.path()) + " 2>/dev/null",
                       false);
    ASSERT_EQ(c.exit_code, 0) << c.output;
    std::set<std::string> layouts;
    const auto check = nlohmann::json::parse(c.output);
    for (const auto& layout : check["layouts"]) {
        layouts.insert(layout["name"].get<std::string>());
    }
    EXPECT_TRUE(layouts.contains("versorgungsquote_u3_2024"));
    EXPECT_TRUE(layouts.contains("versorgungsluecken_kita_weiter_als_500_m"));
}

// `--maps` without QGIS (here: the renderer missing) stops with exit 4 before anything is
// computed or written, naming what to install.
TEST(CouncilMaps, WithoutQgisAnAnalysisStopsBeforeWriting) {
    temp_dir out;
    const auto r = run("STANDORT_MAPS_SCRIPT=/nonexistent/standort_maps.py " + quoted(binary) +
                       " supply " + quoted(source_dir() / "data/example/project.yaml") + " --out " +
                       quoted(out / "result") + " --maps");
    EXPECT_EQ(r.exit_code, 4) << r.output;
    EXPECT_NE(r.output.find("python3-qgis"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(out / "result")) << "nothing written";
}

// `map` on a folder without analyses: exit 3 naming the folder, nothing written into it.
TEST(CouncilMaps, AFolderWithoutAnalysesIsAnInputError) {
    if (!have_pyqgis()) {
        GTEST_SKIP() << "python3-qgis missing";
    }
    temp_dir out;
    const auto r =
        run(quoted(binary) + " map " + quoted(source_dir() / "data/example/project.yaml") +
            " --out " + quoted(out.path()));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("no analysis layers"), std::string::npos) << r.output;
    EXPECT_TRUE(fs::is_empty(out.path())) << "no karten/, no .qgz, no temporary folder";
}
