// Never silently wrong: each case breaks one input of the mini town the way a planner's real
// file or a bad-input campaign did, and the run must stop with the finding that names it (or
// read it right), never carry on with a wrong figure. Then the outputs under faults: a full
// disk, a kill at any moment, leftovers of dead runs.
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <set>
#include <sstream>
#include <thread>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace standort::test;

namespace {

const fs::path binary = STANDORT_BINARY;

command_result run_standort(const std::string& args) {
    return run(quoted(binary) + " " + args);
}

void copy_mini_town(const temp_dir& dir) {
    fs::copy(source_dir() / "tests/cases/mini_town", dir.path(), fs::copy_options::recursive);
}

struct broken_input {
    const char* name;
    const char* file;
    std::string from;
    std::string to;
    int exit_code;        // of `inspect`: 1 findings with errors, 3 the input cannot be read
    const char* expected; // in the output
};

// The mini town's kitas.csv row: K01;Kita Sonnenschein;550.500,50;5.803.200,25;12;45
const std::vector<broken_input> broken_inputs = {
    {"NulByteInACount", "kitas.csv", ";12;45\n",
     std::string(";1\0"
                 "2;45\n",
                 6),
     3, "line 2 holds a NUL byte"},
    {"UnterminatedQuote", "kitas.csv", "K02;Kita Regenbogen", "K02;\"Kita Regenbogen", 1,
     "ERROR [line-break-in-field]"},
    {"PercentAsPlaces", "kitas.csv", ";12;45\n", ";113%;45\n", 1, "'113%' is a percentage"},
    {"HugeCount", "kitas.csv", ";12;45\n", ";1e308;45\n", 1, "ERROR [implausible-count]"},
    {"HugeCoordinate", "kitas.csv", "550.500,50", "1e308", 1, "ERROR [bad-coordinate]"},
    {"NonFiniteCoordinate", "kitas.csv", "550.500,50", "nan", 1, "feature 1"},
    {"HugePupils", "enrolment.csv", "GS01;2022/23;1;45\n", "GS01;2022/23;1;1e308\n", 1,
     "ERROR [implausible-count]"},
    {"GermanThousandsUndeclared", "population.csv", "0101;2022;18-65;2900", "0101;2022;18-65;2.900",
     1, "'2.900' and 0 more value(s) of this column look like German"},
    {"NoKeyMatches", "project.yaml", "district: raum", "district: jahr", 1,
     "ERROR [no-key-matches]"},
    {"GeographicWorkingCrs", "project.yaml", "crs: EPSG:25832\n", "crs: EPSG:4326\n", 1,
     "ERROR [geographic-working-crs]"},
    {"WorkingCrsOfAnotherContinent", "project.yaml", "crs: EPSG:25832\n", "crs: EPSG:32618\n", 1,
     "ERROR [working-crs-elsewhere]"},
    {"SwappedCoordinateColumns", "project.yaml", "x: Rechtswert\n    y: Hochwert",
     "x: Hochwert\n    y: Rechtswert", 1, "with x and y swapped they fit"},
    {"DuplicateKey", "project.yaml", "crs: EPSG:25832\n", "crs: EPSG:25832\ncrs: EPSG:25833\n", 3,
     "the key `crs` is given twice (first on line 5)"},
    {"DuplicateThreshold", "project.yaml", "enrolment:",
     "coverage:\n  thresholds: {kita: [500, 500]}\n\nenrolment:", 3, "a threshold is given twice"},
    {"HugeNumberInProjectFile", "project.yaml", "seats: plaetze", "seats: 1e308", 3,
     "must be a number from 0 to 100 million"},
};

// Names the case in gtest's messages instead of dumping its bytes.
void PrintTo(const broken_input& c, std::ostream* os) {
    *os << c.name;
}

class BrokenInput : public ::testing::TestWithParam<broken_input> {};

} // namespace

TEST_P(BrokenInput, StopsWithAFindingThatNamesIt) {
    const auto& c = GetParam();
    temp_dir dir;
    copy_mini_town(dir);
    replace_in(dir / c.file, c.from, c.to);
    const auto r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, c.exit_code) << r.output;
    EXPECT_NE(r.output.find(c.expected), std::string::npos) << r.output;
    // Whatever stops inspect stops export before it writes anything.
    const auto e =
        run_standort("export -q " + quoted(dir / "project.yaml") + " --out " + quoted(dir / "out"));
    EXPECT_NE(e.exit_code, 0) << e.output;
    EXPECT_FALSE(fs::exists(dir / "out") && !fs::is_empty(dir / "out")) << e.output;
}

INSTANTIATE_TEST_SUITE_P(Cases, BrokenInput, ::testing::ValuesIn(broken_inputs),
                         [](const auto& c) { return std::string(c.param.name); });

TEST(BadInput, Windows1252IsReadAsSuchAndSaid) {
    temp_dir dir;
    copy_mini_town(dir);
    // "Plätze U3" and "Kita Mühlenzwerge" as German Excel saves them: ä = E4, ü = FC.
    std::string text = read_file(dir / "kitas.csv");
    for (const auto& [from, to] :
         {std::pair<std::string, std::string>{"ä", "\xe4"}, {"Ü", "\xdc"}, {"ü", "\xfc"}}) {
        for (auto at = text.find(from); at != std::string::npos; at = text.find(from)) {
            text.replace(at, from.size(), to);
        }
    }
    write_file(dir / "kitas.csv", text);
    auto r = run_standort("export " + quoted(dir / "project.yaml") + " --out " +
                          quoted(dir / "out") + " --format csv");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::string validation = read_file(dir / "out/validation.json");
    EXPECT_NE(validation.find("encoding-guessed"), std::string::npos) << validation;
    const std::string facilities = read_file(dir / "out/facilities.csv");
    EXPECT_NE(facilities.find("Kita Mühlenzwerge"), std::string::npos) << facilities;
    // Declared, the same file reads without a warning.
    replace_in(dir / "project.yaml", "number_format: german\n",
               "number_format: german\n    encoding: windows-1252\n");
    r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(r.output.find("encoding-guessed"), std::string::npos) << r.output;
    // Declared as UTF-8, it is an error naming the row.
    replace_in(dir / "project.yaml", "encoding: windows-1252", "encoding: utf-8");
    r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("ERROR [bad-encoding]"), std::string::npos) << r.output;
}

TEST(BadInput, KeysThatLostTheirLeadingZerosAreJoinedAndSaid) {
    temp_dir dir;
    copy_mini_town(dir);
    const auto persons = [&] {
        const auto r =
            run("'" + binary.string() + "' inspect --json " + quoted(dir / "project.yaml"), false);
        return nlohmann::json::parse(r.output)["population"][0]["persons"].get<double>();
    };
    const double before = persons();
    std::string text = read_file(dir / "population.csv");
    for (auto at = text.find("\n0101;"); at != std::string::npos; at = text.find("\n0101;")) {
        text.replace(at, 6, "\n101;"); // as Excel writes the number 0101
    }
    write_file(dir / "population.csv", text);
    const auto r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("WARNING [zero-padded-key]"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("('101' for '0101')"), std::string::npos) << r.output;
    EXPECT_EQ(persons(), before); // every person still joined
}

TEST(BadInput, ADroppedCsvtValueIsABadNumberInItsRow) {
    temp_dir dir;
    copy_mini_town(dir);
    write_file(dir / "kitas.csvt", "String,String,String,String,Integer,Integer\n");
    replace_in(dir / "kitas.csv", "K03;Kita Mühlenzwerge;548.700,25;5.802.600,50;10;30",
               "K03;Kita Mühlenzwerge;548.700,25;5.802.600,50;neun;30");
    const auto r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("ERROR [bad-number]"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("feature 3, field 'Plätze U3'"), std::string::npos) << r.output;
}

TEST(BadInput, AMostlyEmptyNameIsAFindingAndRepeatsAreSummarised) {
    temp_dir dir;
    copy_mini_town(dir);
    std::string text = read_file(dir / "kitas.csv");
    for (const char* name : {"Kita Sonnenschein", "Kita Regenbogen", "Kita Mühlenzwerge",
                             "Ev. Kita St. Marien", "Kita Nordlicht"}) {
        text.replace(text.find(name), std::string(name).size(), "");
    }
    // Seven negative counts: five shown, the rest counted.
    for (int i = 0; i < 7; ++i) {
        text += "N0" + std::to_string(i) + ";;550.000,00;5.803.000,00;-1;10\n";
    }
    write_file(dir / "kitas.csv", text);
    const auto r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_NE(r.output.find("WARNING [mostly-empty-field]"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("empty in 12 of 15 features"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("... and 2 more [negative-count]"), std::string::npos) << r.output;
}

TEST(BadInput, DegreesDeclaredAsMetresAreAFinding) {
    temp_dir dir;
    copy_mini_town(dir);
    // Every Kita at lon/lat in German notation, declared as UTM 32 metres: read so, the Kitas
    // would stand a few metres from the equator's false origin.
    std::string text = "Einrichtungsnr;Name;Rechtswert;Hochwert;Plätze U3;Plätze Ü3\n";
    for (int i = 1; i <= 8; ++i) {
        text += "K0" + std::to_string(i) + ";Kita;9,7" + std::to_string(i) + ";52,38;10;40\n";
    }
    write_file(dir / "kitas.csv", text);
    const auto r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("ERROR [crs-degrees]"), std::string::npos) << r.output;
}

TEST(BadInput, ACustomCrsAsAProjStringIsAccepted) {
    temp_dir dir;
    copy_mini_town(dir);
    replace_in(dir / "project.yaml", "crs: EPSG:25832\n",
               "crs: '+proj=utm +zone=32 +ellps=GRS80 +units=m +no_defs'\n");
    const auto r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("Validation: 0 error(s)"), std::string::npos) << r.output;
}

TEST(BadInput, OverlappingDistrictsAreFound) {
    temp_dir dir;
    copy_mini_town(dir);
    // Altstadt's south-east corner moved 100 m into its eastern neighbour: by hand, a triangle
    // of 100 m by 2 km overlaps it, 10 ha.
    replace_in(dir / "districts.geojson", "552000,\n       5802000", "552100,\n       5802000");
    const auto r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("WARNING [district-overlap]"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("overlap by 10.00 ha"), std::string::npos) << r.output;
    // A Kita inside the overlap is named: K07 Südfeld at 552 600 / 5 802 900 lies east of 552 000;
    // moved to 552 020 / 5 802 100 it is inside both (the triangle is 100 m wide at the south).
    replace_in(dir / "kitas.csv", "552.600,00;5.802.900,00", "552.020,00;5.802.100,00");
    const auto k = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_NE(k.output.find("WARNING [facility-in-overlap]"), std::string::npos) << k.output;
}

namespace {

// Runs the analyses that write polygons into `out`, then the independent check (GDAL/GEOS via
// Python: validity, area_ha against the polygon, overlaps within a layer and kind).
void expect_valid_polygons(const fs::path& project, const fs::path& out,
                           const std::vector<std::string>& commands) {
    for (const auto& c : commands) {
        const auto r = run_standort(c + " -q " + quoted(project) + " --out " + quoted(out));
        ASSERT_EQ(r.exit_code, 0) << c << "\n" << r.output;
    }
    std::string files;
    for (const auto& e : fs::directory_iterator(out)) {
        const auto ext = e.path().extension();
        if (ext == ".geojson" || ext == ".gpkg") {
            files += " " + quoted(e.path());
        }
    }
    const auto check =
        run("/usr/bin/python3 " + quoted(source_dir() / "tests/tools/polygon_check.py") + files +
            " 2>/dev/null");
    EXPECT_EQ(check.exit_code, 0) << check.output;
    EXPECT_NE(check.output.find("checked "), std::string::npos) << check.output;
}

bool have_python_gdal() {
    return run("/usr/bin/python3 -c 'import osgeo.ogr'").exit_code == 0;
}

} // namespace

TEST(ValidGeometry, EveryPolygonOfTheExampleIsValid) {
    if (!have_python_gdal()) {
        GTEST_SKIP() << "python3-gdal missing: the independent check cannot run";
    }
    temp_dir out;
    expect_valid_polygons(source_dir() / "data/example/project.yaml", out.path(),
                          {"export --format geojson,gpkg", "coverage", "catchments --capacity",
                           "isochrones", "access", "supply"});
}

TEST(ValidGeometry, PointsThatAreNoGridGetAreasThatDoNotOverlap) {
    if (!have_python_gdal()) {
        GTEST_SKIP() << "python3-gdal missing: the independent check cannot run";
    }
    temp_dir dir;
    fs::copy(source_dir() / "data/example", dir.path(), fs::copy_options::recursive);
    // Every grid point moved by up to 30 m, as address points or building centroids lie: fixed
    // 100 m squares around them overlapped and gave self-intersecting gaps.
    std::stringstream in(read_file(dir / "grid.csv"));
    std::string line;
    std::getline(in, line);
    std::string text = line + "\n";
    for (int i = 0; std::getline(in, line); ++i) {
        auto cells = split_line(line, ',');
        cells[1] = std::to_string(std::stoi(cells[1]) + (i * 37) % 61 - 30);
        cells[2] = std::to_string(std::stoi(cells[2]) + (i * 53) % 61 - 30);
        for (std::size_t c = 0; c < cells.size(); ++c) {
            text += (c ? "," : "") + cells[c];
        }
        text += "\n";
    }
    write_file(dir / "grid.csv", text);
    const auto r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_NE(r.output.find("INFO [grid-irregular]"), std::string::npos) << r.output;
    expect_valid_polygons(dir / "project.yaml", dir / "voronoi",
                          {"coverage", "catchments --capacity"});
    // Declared as a 100 m grid, the squares overlap: their union, said, still valid.
    replace_in(dir / "project.yaml", "  persons: einwohner\n",
               "  persons: einwohner\n  cell_size: 100\n");
    EXPECT_NE(
        run_standort("inspect " + quoted(dir / "project.yaml")).output.find("cell-size-mismatch"),
        std::string::npos);
    expect_valid_polygons(dir / "project.yaml", dir / "squares",
                          {"coverage", "catchments --capacity"});
}

// The grid streams from its file into the model cell by cell (a country's grid held as
// features took gigabytes); reprojection and the CRS checks must hold as when it was read whole.
nlohmann::json grid_summary(const fs::path& project) {
    const auto r = run(quoted(binary) + " inspect --json " + quoted(project), false);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return nlohmann::json::parse(r.output)["grid"];
}

TEST(GridStream, AGridInLonLatIsReprojectedCellByCell) {
    temp_dir dir;
    fs::copy(source_dir() / "data/example", dir.path(), fs::copy_options::recursive);
    const nlohmann::json before = grid_summary(dir / "project.yaml");
    // The same cells in lon/lat degrees, as GDAL reprojects them (an independent method).
    const std::string convert =
        "ogr2ogr -f CSV -lco GEOMETRY=AS_XY -lco SEPARATOR=COMMA -s_srs EPSG:25832 "
        "-t_srs EPSG:4326 -oo X_POSSIBLE_NAMES=x_mp_100m -oo Y_POSSIBLE_NAMES=y_mp_100m "
        "-oo KEEP_GEOM_COLUMNS=NO " +
        quoted(dir / "grid_lonlat.csv") + " " + quoted(dir / "grid.csv");
    ASSERT_EQ(run(convert).exit_code, 0);
    replace_in(dir / "project.yaml",
               "  source: grid.csv\n  x: x_mp_100m                   # cell centres\n  y: "
               "y_mp_100m\n  crs: EPSG:25832\n",
               "  source: grid_lonlat.csv\n  x: X\n  y: Y\n  crs: EPSG:4326\n");
    const nlohmann::json after = grid_summary(dir / "project.yaml");
    ASSERT_EQ(before["cells"], 1093);
    EXPECT_EQ(after["cells"], before["cells"]);
    EXPECT_EQ(after["in_district"], before["in_district"]);
    EXPECT_EQ(after["persons"], before["persons"]);
    // Back in metres, the cells are a 100 m grid again.
    EXPECT_EQ(after["cell_size_origin"], "detected");
    EXPECT_EQ(after["cell_size_m"], 100.0);
}

TEST(GridStream, AGridInTheWrongUtmZoneStopsTheJoin) {
    temp_dir dir;
    fs::copy(source_dir() / "data/example", dir.path(), fs::copy_options::recursive);
    replace_in(dir / "project.yaml", "  y: y_mp_100m\n  crs: EPSG:25832\n",
               "  y: y_mp_100m\n  crs: EPSG:25833\n");
    const auto r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("ERROR [crs-elsewhere]"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("grid.csv"), std::string::npos) << r.output;
    // No grid is built from cells that are not where they claim to be.
    EXPECT_EQ(r.output.find("Grid "), std::string::npos) << r.output;
}

// A grid table read without its coordinate columns has cells but no points: an error for each
// cell, not an empty grid that would fall back to one point per district unsaid.
TEST(GridStream, AGridWithoutCoordinatesIsAnErrorNotAnEmptyGrid) {
    temp_dir dir;
    fs::copy(source_dir() / "data/example", dir.path(), fs::copy_options::recursive);
    replace_in(dir / "project.yaml",
               "  x: x_mp_100m                   # cell centres\n  y: y_mp_100m\n  crs: "
               "EPSG:25832\n",
               "");
    const auto r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("ERROR [missing-geometry]"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("a grid cell needs a point"), std::string::npos) << r.output;
}

// A field the grid mapping names that does not exist is said only once the grid is known to
// be where it claims: in the wrong UTM zone, that is what the planner hears first.
TEST(GridStream, TheGridsCrsIsSaidBeforeItsMissingFields) {
    temp_dir dir;
    fs::copy(source_dir() / "data/example", dir.path(), fs::copy_options::recursive);
    replace_in(dir / "project.yaml", "  crs: EPSG:25832\n  id: gitter_id_100m\n",
               "  crs: EPSG:25833\n  id: no_such_field\n");
    auto r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("ERROR [crs-elsewhere]"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("no_such_field"), std::string::npos) << r.output;
    // In the right zone the missing field is the error.
    replace_in(dir / "project.yaml", "  crs: EPSG:25833\n", "  crs: EPSG:25832\n");
    r = run_standort("inspect " + quoted(dir / "project.yaml"));
    EXPECT_NE(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("no_such_field"), std::string::npos) << r.output;
}

TEST(BadInput, PathsThatAreNoFilesAreTheUsersMistake) {
    temp_dir dir;
    copy_mini_town(dir);
    auto r = run_standort("inspect " + quoted(dir.path()));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("is a folder; the project file is"), std::string::npos) << r.output;
    r = run_standort("inspect " + std::string(100'000, 'a'));
    EXPECT_EQ(r.exit_code, 3) << r.output.substr(r.output.size() - 200);
    EXPECT_NE(r.output.find("File name too long"), std::string::npos);
    r = run_standort("synth --out /dev/null");
    EXPECT_EQ(r.exit_code, 4) << r.output;
    // A FIFO named as a source would block GDAL's open for ever.
    fs::remove(dir / "kitas.csv");
    ASSERT_EQ(::mkfifo((dir / "kitas.csv").c_str(), 0600), 0);
    r = run("timeout 60 " + quoted(binary) + " inspect " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("is neither a file nor a folder"), std::string::npos) << r.output;
}

TEST(BadInput, NestedRepetitionInABandPatternIsRefusedNotRun) {
    temp_dir dir;
    copy_mini_town(dir);
    // A wide table whose column name makes '^(a+)+$' backtrack 2^40 ways under std::regex.
    const std::string column = std::string(40, 'a') + "b";
    write_file(dir / "wide.csv", "raum;jahr;" + column + "\n0101;2022;5\n");
    replace_in(dir / "project.yaml", "source: population.csv\n  layout: long\n",
               "source: wide.csv\n  layout: wide\n  band_pattern: '^(a+)+$'\n");
    replace_in(dir / "project.yaml", "  age: alter", "");
    replace_in(dir / "project.yaml", "  count: personen", "");
    const auto started = std::chrono::steady_clock::now();
    const auto r =
        run("timeout 120 " + quoted(binary) + " inspect " + quoted(dir / "project.yaml"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("takes too long to match the column"), std::string::npos) << r.output;
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(60));
}

TEST(BadInput, NonFiniteStreetVertexIsAnErrorNotACrash) {
    temp_dir dir;
    fs::copy(source_dir() / "data/example", dir.path(), fs::copy_options::recursive);
    const std::string lines = R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"highway": "residential"}, "geometry": {"type": "LineString",
 "coordinates": [[650000, 5480000], [NaN, 5480010]]}}]})";
    write_file(dir / "streets.geojson", lines);
    replace_in(dir / "project.yaml", "source: streets.gpkg\n  layer: streets\n",
               "source: streets.geojson\n");
    const auto r = run_standort("isochrones " + quoted(dir / "project.yaml") + " --out " +
                                quoted(dir / "out"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("feature 0: the street network cannot be used: a vertex at (nan"),
              std::string::npos)
        << r.output;
}

TEST(BadInput, TooManyOrRepeatedLimitsAreRefused) {
    const auto project = quoted(source_dir() / "data/example/project.yaml");
    temp_dir out;
    std::string many;
    for (int i = 1; i <= 1000; ++i) {
        many += (i > 1 ? "," : "") + std::to_string(10 * i);
    }
    auto r = run_standort("isochrones " + project + " --out " + quoted(out.path()) + " --limits " +
                          many);
    EXPECT_EQ(r.exit_code, 2) << r.output.substr(0, 300);
    EXPECT_NE(r.output.find("1000 limits asked for; at most 12"), std::string::npos);
    r = run_standort("isochrones " + project + " --out " + quoted(out.path()) +
                     " --limits 500,500");
    EXPECT_EQ(r.exit_code, 2) << r.output;
}

namespace {

// The files of a folder by name, hidden ones included, with their inode (what changes when a
// file is replaced, even by identical bytes).
std::map<std::string, ino_t> files_in(const fs::path& dir) {
    std::map<std::string, ino_t> out;
    for (const auto& e : fs::directory_iterator(dir)) {
        struct stat st {};
        ::stat(e.path().c_str(), &st);
        out[e.path().filename().string()] = st.st_ino;
    }
    return out;
}

} // namespace

TEST(OutputFaults, AFullDiskLeavesThePreviousOutputsWhole) {
    temp_dir dir;
    const auto project = quoted(source_dir() / "data/example/project.yaml");
    const std::string export_cmd = quoted(binary) + " export -q " + project + " --out " +
                                   quoted(dir / "out") + " --format geojson,csv";
    ASSERT_EQ(run(export_cmd).exit_code, 0);
    const auto before = files_in(dir / "out");
    const std::string districts = read_file(dir / "out/districts.geojson");
    ASSERT_GT(districts.size(), 70'000u); // so a 60 KiB limit cuts it
    // A file-size limit of 60 KiB stands in for a full disk: writes beyond it fail (EFBIG)
    // with SIGXFSZ ignored, as they fail with ENOSPC.
    const auto r = run("bash -c \"trap '' XFSZ; ulimit -f 60; " + export_cmd + "\"");
    EXPECT_EQ(r.exit_code, 4) << r.output;
    EXPECT_NE(r.output.find("districts.geojson: the file could not be written completely"),
              std::string::npos)
        << r.output;
    EXPECT_EQ(files_in(dir / "out"), before); // not one file replaced, no temporary left
    EXPECT_EQ(read_file(dir / "out/districts.geojson"), districts);
}

TEST(OutputFaults, AKillLeavesNoPartialFileAndTheNextRunCleansUp) {
    temp_dir dir;
    const fs::path out = dir / "out";
    const auto project = source_dir() / "data/example/project.yaml";
    ASSERT_EQ(run_standort("export -q " + quoted(project) + " --out " + quoted(out) +
                           " --format geojson,gpkg,csv")
                  .exit_code,
              0);
    std::map<std::string, std::string> complete; // the text outputs are the same every run
    for (const auto& [name, inode] : files_in(out)) {
        if (!name.ends_with(".gpkg")) {
            complete[name] = read_file(out / name);
        }
    }
    for (int delay_ms : {5, 20, 40, 60, 80, 100, 130, 160, 200, 250}) {
        const pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            ::execl(binary.c_str(), "standort", "export", "-q", project.c_str(), "--out",
                    out.c_str(), "--format", "geojson,gpkg,csv", static_cast<char*>(nullptr));
            ::_exit(127);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        for (const auto& [name, text] : complete) {
            EXPECT_EQ(read_file(out / name), text) << name << " after a kill at " << delay_ms;
        }
    }
    ASSERT_EQ(run_standort("export -q " + quoted(project) + " --out " + quoted(out) +
                           " --format geojson,gpkg,csv")
                  .exit_code,
              0);
    for (const auto& [name, inode] : files_in(out)) {
        EXPECT_FALSE(name.starts_with(".standort-tmp-")) << name << " left by a killed run";
    }
}

TEST(OutputFaults, TwoRunsIntoOneFolderDoNotCorruptEachOther) {
    temp_dir dir;
    const auto project = quoted(source_dir() / "data/example/project.yaml");
    const std::string export_cmd = quoted(binary) + " export -q " + project + " --out " +
                                   quoted(dir / "out") + " --format geojson,csv";
    ASSERT_EQ(run(export_cmd).exit_code, 0);
    std::map<std::string, std::string> complete;
    for (const auto& [name, inode] : files_in(dir / "out")) {
        complete[name] = read_file(dir / "out" / name);
    }
    // Four at once, each writing the same files into the same folder.
    const auto r = run("pids=; for i in 1 2 3 4; do " + export_cmd +
                       " & pids=\"$pids $!\"; done; for p in $pids; do wait $p || exit 1; done");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    for (const auto& [name, text] : complete) {
        EXPECT_EQ(read_file(dir / "out" / name), text) << name;
    }
    EXPECT_EQ(files_in(dir / "out").size(), complete.size()); // no temporary folder left
}

// A PostGIS connection's password is never shown: the source as the terminal, JSON and
// messages name it has `password=***` (there is no server here, so reading fails, naming it).
TEST(BadInput, APasswordInAConnectionStringIsNeverShown) {
    temp_dir dir;
    copy_mini_town(dir);
    replace_in(dir / "project.yaml", "source: kitas.csv",
               "source: \"PG:host=127.0.0.1 port=1 dbname=kita user=planer password=geheim42\"");
    for (const std::string flags : {"", " --json"}) {
        const auto r = run_standort("inspect" + flags + " " + quoted(dir / "project.yaml"));
        EXPECT_EQ(r.exit_code, 3) << r.output;
        EXPECT_EQ(r.output.find("geheim42"), std::string::npos) << r.output;
        EXPECT_NE(r.output.find("password=***"), std::string::npos) << r.output;
    }
}

// The facilities' source column names the file relative to the project, no folder of this
// machine.
TEST(BadInput, TheSourceColumnIsRelativeToTheProject) {
    temp_dir dir;
    copy_mini_town(dir);
    const auto r = run_standort("export -q " + quoted(dir / "project.yaml") + " --out " +
                                quoted(dir / "out") + " --format csv");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto facilities = read_file(dir / "out/facilities.csv");
    EXPECT_NE(facilities.find(",kitas.csv,"), std::string::npos) << facilities;
    EXPECT_EQ(facilities.find(dir.path().string()), std::string::npos) << facilities;
}
