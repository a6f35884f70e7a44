// End-to-end tests of the `standort` binary on the bundled example and on broken copies of it.
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>

using namespace standort::test;

namespace {

const fs::path binary = STANDORT_BINARY;

fs::path example() {
    return source_dir() / "tests/cases/mini_town";
}

// A copy of the example in a temp dir, so a test can break one input.
void copy_example(const temp_dir& dir) {
    fs::copy(example(), dir.path(), fs::copy_options::recursive);
}

command_result run_standort(const std::string& args) {
    return run(quoted(binary) + " " + args);
}

} // namespace

TEST(Cli, HelpOnEveryCommand) {
    for (const char* cmd : {"--help", "inspect --help", "export --help"}) {
        auto r = run_standort(cmd);
        EXPECT_EQ(r.exit_code, 0) << cmd << "\n" << r.output;
        EXPECT_NE(r.output.find("Usage"), std::string::npos) << r.output;
    }
    EXPECT_EQ(run_standort("frobnicate").exit_code, 2);
    EXPECT_EQ(run_standort("").exit_code, 2);
}

TEST(Cli, InspectSummarisesTheExample) {
    auto r = run_standort("inspect --json " + quoted(example() / "project.yaml"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto j = nlohmann::json::parse(r.output);
    EXPECT_EQ(j["working_crs"], "EPSG:25832");
    EXPECT_EQ(j["districts"]["count"], 6);
    EXPECT_EQ(j["errors"], 0);
    for (const auto& k : j["facilities"]) {
        if (k["kind"] == "kita") {
            // Hand sum of kitas.csv: U3 12+10+10+0+15+0+12+20 = 79, Ü3 45+40+30+50+45+20+48+60 =
            // 338
            EXPECT_EQ(k["places"], 417.0);
            EXPECT_EQ(k["count"], 8);
        }
        if (k["kind"] == "grundschule") {
            // Züge 2, 3, 2 times 25 pupils times 4 grades
            EXPECT_EQ(k["seats"], (2 + 3 + 2) * 25 * 4.0);
            EXPECT_EQ(k["in_catchment"], 3);
        }
    }
    ASSERT_EQ(j["population"].size(), 3u);
    EXPECT_EQ(j["population"][0]["year"], 2022);
    EXPECT_EQ(j["population"][0]["districts"], 6);
}

TEST(Cli, ExportWritesLayersThatQgisOpens) {
    temp_dir out;
    auto r = run_standort("export --quiet " + quoted(example() / "project.yaml") + " --out " +
                          quoted(out.path()) + " --format geojson,gpkg,csv");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    for (const char* name :
         {"districts.geojson", "facilities.geojson", "catchments.geojson", "standort.gpkg",
          "population.csv", "enrolment.csv", "districts.csv", "validation.json"}) {
        EXPECT_TRUE(fs::exists(out / name)) << name;
    }
    // Leading zeros of the district keys survive into every format.
    EXPECT_NE(read_file(out / "population.csv").find("\n0101,2022,0,1,0-1,"), std::string::npos);
    EXPECT_EQ(read_file(out / "population.csvt").rfind("String,Integer,", 0), 0u);
    const auto districts = nlohmann::json::parse(read_file(out / "districts.geojson"));
    const auto& altstadt = districts["features"][0]["properties"];
    EXPECT_EQ(altstadt["district_id"], "0101");
    // tests/cases/mini_town/population.csv, Altstadt (0101) 2024, ages 0, 1, 2: 39 + 36 + 38
    EXPECT_EQ(altstadt["children_2024_u3"], 39.0 + 36 + 38);
    EXPECT_TRUE(altstadt["children_2024_age_06_10"].is_number());
    // No temporary files left.
    for (const auto& entry : fs::directory_iterator(out.path())) {
        EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos);
    }
    if (!layer_checker_available()) {
        GTEST_SKIP() << "shared/tools/check-layer or python3-qgis missing: layers not checked "
                        "with GDAL and QGIS";
    }
    auto check =
        check_layers(" --bbox DE " + quoted(out / "districts.geojson") + " " +
                     quoted(out / "facilities.geojson") + " " + quoted(out / "catchments.geojson") +
                     " " + quoted(out / "standort.gpkg"));
    EXPECT_EQ(check.exit_code, 0) << check.output;
}

TEST(Cli, BrokenGeometryIsRepairedAndReported) {
    temp_dir dir;
    copy_example(dir);
    // Turn Altstadt's square into a bowtie by swapping two corners.
    auto doc = nlohmann::json::parse(read_file(dir / "districts.geojson"));
    auto& ring = doc["features"][0]["geometry"]["coordinates"][0];
    std::swap(ring[1], ring[2]);
    write_file(dir / "districts.geojson", doc.dump());
    auto r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("WARNING [repaired-geometry]"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("districts.geojson, layer 'planungsraeume', feature 0"),
              std::string::npos)
        << r.output;
}

TEST(Cli, MissingFieldNamesFileAndField) {
    temp_dir dir;
    copy_example(dir);
    replace_in(dir / "project.yaml", "name: Name", "name: Bezeichnung");
    auto r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("kitas.csv"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("field 'Bezeichnung'"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Einrichtungsnr"), std::string::npos) << "lists existing fields";
}

TEST(Cli, WrongCrsIsAnErrorWithAGuess) {
    temp_dir dir;
    copy_example(dir);
    // The Kita coordinates are UTM 32 metres; claim they are WGS84.
    replace_in(dir / "project.yaml", "crs: EPSG:25832              #", "crs: EPSG:4326 #");
    auto r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("ERROR [crs-extent]"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("look like EPSG:25832"), std::string::npos) << r.output;
    temp_dir out;
    auto e =
        run_standort("export " + quoted(dir / "project.yaml") + " --out " + quoted(out.path()));
    EXPECT_EQ(e.exit_code, 1);
    EXPECT_TRUE(fs::is_empty(out.path())) << "nothing written when the inputs have errors";
}

TEST(Cli, UnknownKeyInProjectFile) {
    temp_dir dir;
    copy_example(dir);
    replace_in(dir / "project.yaml", "  parent: ortsteil", "  parnet: ortsteil");
    auto r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("unknown key `parnet`"), std::string::npos) << r.output;
}

TEST(Cli, GarbageFile) {
    temp_dir dir;
    copy_example(dir);
    write_file(dir / "schools.geojson", "\x89PNG not a layer at all");
    auto r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("schools.geojson"), std::string::npos) << r.output;
}

TEST(Cli, UnknownDistrictKeyIsListed) {
    temp_dir dir;
    copy_example(dir);
    std::string text = read_file(dir / "population.csv");
    text += "0999;2024;3;17\n";
    write_file(dir / "population.csv", text);
    auto r = run_standort("inspect --json " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    const auto j = nlohmann::json::parse(r.output);
    bool found = false;
    for (const auto& f : j["findings"]) {
        if (f["code"] == "unmatched-key" && f["id"] == "0999") {
            found = true;
            EXPECT_EQ(f["field"], "raum");
            EXPECT_EQ(f["feature"], 361); // the 361st data row
            EXPECT_NE(f["message"].get<std::string>().find("17 persons not joined"),
                      std::string::npos);
        }
    }
    EXPECT_TRUE(found) << r.output;
}

TEST(Cli, NegativeCountStopsTheRun) {
    temp_dir dir;
    copy_example(dir);
    replace_in(dir / "kitas.csv", ";12;45\n", ";-12;45\n");
    auto r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("ERROR [negative-count]"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("field 'Plätze U3'"), std::string::npos) << r.output;
}

TEST(Cli, Latin1TextDoesNotBreakJsonOutput) {
    // German statistics often come as Latin-1: "Gr\xfcnau" is not valid UTF-8.
    temp_dir dir;
    copy_example(dir);
    std::string text = read_file(dir / "population.csv");
    text += "Gr\xfcnau;2024;3;17\n";
    write_file(dir / "population.csv", text);
    auto r = run_standort("inspect --json " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_FALSE(nlohmann::json::parse(r.output, nullptr, false).is_discarded()) << r.output;
}

TEST(Cli, UnknownCommandAndVersion) {
    const auto unknown = run_standort("frobnicate");
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.output.find("unknown command 'frobnicate'"), std::string::npos)
        << unknown.output;
    EXPECT_NE(unknown.output.find("coverage"), std::string::npos) << "lists the commands";
    const auto version = run_standort("--version");
    EXPECT_EQ(version.exit_code, 0) << version.output;
    for (const char* part : {"standort 0.", "GDAL 3.", "GEOS 3.", "PROJ "}) {
        EXPECT_NE(version.output.find(part), std::string::npos) << version.output;
    }
}

// A bad option value is a usage error (exit 2) naming the option, before anything is written;
// with --json the error is JSON on stdout.
TEST(Cli, BadOptionValuesAreUsageErrors) {
    const auto project = quoted(source_dir() / "data/example/project.yaml");
    const std::pair<std::string, std::string> cases[] = {
        {"isochrones " + project + " --limits '5 parsecs'", "--limits"},
        {"isochrones " + project + " --buffer 0", "buffer"},
        {"isochrones " + project + " --kind hort", "kind"},
        {"isochrones " + project + " --travel straight", "travel"},
        {"isochrones " + project + " --limits '500 m,10 min'", "limits"},
        {"forecast " + project + " --land XX", "land"},
        {"forecast " + project + " --horizon -3", "horizon"},
        {"forecast " + project + " --backtest 11", "backtest"},
        {"access " + project + " --decay cubic", "--decay"},
        {"access " + project + " --kita-catchment 0", "--kita-catchment"},
        {"catchments " + project + " --capacity --capacity-limit far", "--capacity-limit"},
        {"coverage " + project + " --travel straight --mode walk", "mode"},
        {"export " + project + " --format shp", "--format"},
        {"synth --scale moon", "--scale"},
    };
    for (const auto& [args, parameter] : cases) {
        temp_dir out;
        const auto r =
            run(quoted(binary) + " " + args + " --json --out " + quoted(out / "never"), false);
        EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
        const auto j = nlohmann::json::parse(r.output, nullptr, false);
        ASSERT_FALSE(j.is_discarded()) << args << "\n" << r.output;
        EXPECT_EQ(j["error"]["code"], "usage") << args;
        EXPECT_EQ(j["error"]["parameter"], parameter) << args;
        EXPECT_FALSE(fs::exists(out / "never")) << args;
    }
}

TEST(Cli, FatalErrorsAreJsonWithJson) {
    temp_dir out;
    const auto r = run(quoted(binary) + " coverage --json " + quoted(out / "missing.yaml") +
                           " --out " + quoted(out / "x"),
                       false);
    EXPECT_EQ(r.exit_code, 3) << r.output;
    const auto j = nlohmann::json::parse(r.output);
    EXPECT_EQ(j["error"]["code"], "project");
    EXPECT_EQ(j["error"]["message"], "project file not found");
    EXPECT_NE(j["error"]["file"].get<std::string>().find("missing.yaml"), std::string::npos);
    // An unknown option is CLI11's usage error, still JSON.
    const auto u = run(quoted(binary) + " coverage --json --frobnicate", false);
    EXPECT_EQ(u.exit_code, 2) << u.output;
    EXPECT_EQ(nlohmann::json::parse(u.output)["error"]["code"], "usage");
}
