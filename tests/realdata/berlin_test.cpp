// Real Berlin open data from ../shared/realdata (see its CATALOGUE.md). The expected figures are
// the catalogue's, counted there with GDAL and Python, or read here straight from the source
// files with plain string handling, independent of standort's readers.
#include "geo/number_text.hpp"
#include "geo/read_layer.hpp"
#include "geo/write_layer.hpp"
#include "planning/model/population_index.hpp"
#include "planning/reach/supply.hpp"
#include "services/load/open_project.hpp"
#include "services/render/common.hpp"
#include "services/render/export_layers.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

using namespace standort;
using namespace standort::test;

namespace {

bool have_realdata() {
    return fs::exists(realdata_dir() / "berlin");
}

#define REQUIRE_REALDATA()                                                                         \
    if (!have_realdata()) {                                                                        \
        GTEST_SKIP() << "real data not found at " << realdata_dir()                                \
                     << " (it lives beside the project, see README 'Real data')";                  \
    }

// Loaded once for all tests: 0.5 s is cheap, but eight times is not.
const services::opened_project& berlin() {
    static const services::opened_project project =
        services::open_project(source_dir() / "tests/realdata/berlin_lor_2020.yaml");
    return project;
}

const finding* find(const findings& list, const std::string& code, const std::string& key) {
    for (const auto& f : list) {
        if (f.code == code && f.where.key == key) {
            return &f;
        }
    }
    return nullptr;
}

// The EWR row of one RAUMID, split by ';' (the file's own header names the columns).
std::map<std::string, std::string> ewr_row(const std::string& raumid) {
    std::ifstream in(realdata_dir() / "berlin/ewr-2020-12/EWR202012E_Matrix.csv");
    std::string header;
    std::getline(in, header);
    auto split = [](const std::string& line) { return split_line(line, ';'); };
    const auto names = split(header);
    std::string line;
    while (std::getline(in, line)) {
        const auto cells = split(line);
        if (cells.size() > 1 && cells[1] == raumid) {
            std::map<std::string, std::string> row;
            for (std::size_t i = 0; i < names.size() && i < cells.size(); ++i) {
                row[names[i]] = cells[i];
            }
            return row;
        }
    }
    return {};
}

} // namespace

TEST(Berlin, OldLorLoadsWith448PlanningAreasOnceTheMisplacedKeyIsCorrected) {
    REQUIRE_REALDATA();
    const auto& p = berlin();
    ASSERT_TRUE(p.planner);
    EXPECT_FALSE(has_errors(p.found));
    EXPECT_EQ(p.inputs[0].features, 448u);
    // berlin_lor_2020.yaml gives feature 123 (keyed 06010102) its real key 04030417.
    EXPECT_EQ(p.model().districts.size(), 448u);
    const finding* fixed = find(p.found, "corrected-id", "04030417");
    ASSERT_TRUE(fixed);
    for (const auto& d : p.model().districts) {
        EXPECT_EQ(d.sources.size(), 1u) << d.id.value;
        EXPECT_EQ(d.parent->value, d.id.value.substr(0, 2));
    }
}

TEST(Berlin, TwoPolygonsUnderOneKeyAreAnErrorThatNamesTheMissingKey) {
    // The project file without its correction: never a silent merge of places 5 km apart.
    REQUIRE_REALDATA();
    auto text = read_file(source_dir() / "tests/realdata/berlin_lor_2020.yaml");
    const auto at = text.find("  corrections:");
    ASSERT_NE(at, std::string::npos);
    text.erase(at, text.find("\n", text.find("feature: 123")) - at + 1);
    for (auto rel = text.find("../../../shared/realdata"); rel != std::string::npos;
         rel = text.find("../../../shared/realdata")) {
        text.replace(rel, std::string("../../../shared/realdata").size(), realdata_dir().string());
    }
    const temp_dir dir;
    write_file(dir.path() / "berlin.yaml", text);
    const auto p = services::open_project(dir.path() / "berlin.yaml");
    const finding* dup = find(p.found, "duplicate-id", "06010102");
    ASSERT_TRUE(dup);
    EXPECT_EQ(dup->level, severity::error);
    for (const char* part :
         {"Schloßstraße", "5.2 km apart", "features 204 and 123",
          "feature 123 lies among the districts of 04, not 06", "04030417 without a polygon"}) {
        EXPECT_NE(dup->message.find(part), std::string::npos) << part << ": " << dup->message;
    }
}

TEST(Berlin, EwrMatrixJoinsEveryPersonOnceTheKeyIsCorrected) {
    REQUIRE_REALDATA();
    const auto& p = berlin();
    EXPECT_FALSE(find(p.found, "unmatched-key", "04030417"));
    // Every person counted once: the catalogue's total 3 769 962 and 32 160 under one.
    double joined = 0;
    double under_one = 0;
    double corrected = 0;
    for (const auto& r : p.model().population) {
        joined += r.persons;
        if (r.band == planning::age_band{0, 1}) {
            under_one += r.persons;
        }
        if (r.district.value == "04030417") {
            corrected += r.persons;
        }
    }
    EXPECT_DOUBLE_EQ(joined, 3769962.0);
    EXPECT_DOUBLE_EQ(under_one, 32160.0);
    EXPECT_DOUBLE_EQ(corrected, std::stod(ewr_row("04030417").at("E_E")));
    // The leading zero of the key survived.
    const planning::population_index index(p.model().population);
    EXPECT_EQ(index.total(planning::district_id{"01011101"}, 2020), 3419.0); // catalogue example
}

TEST(Berlin, AllKitasOf2022LandInAPlanningArea) {
    REQUIRE_REALDATA();
    const auto& p = berlin();
    std::size_t kitas = 0;
    std::size_t located = 0;
    double places = 0;
    for (const auto& f : p.model().facilities) {
        if (f.kind == planning::facility_kind::kita) {
            ++kitas;
            located += f.district ? 1 : 0;
            places += f.cap.places.value_or(0);
        }
    }
    EXPECT_EQ(kitas, 2880u);
    EXPECT_EQ(located, 2880u);
    EXPECT_DOUBLE_EQ(places, 194979.0);
}

TEST(Berlin, EinschulungsbereicheNeedTheOverrideAndHoldEveryGrundschule) {
    REQUIRE_REALDATA();
    const auto& p = berlin();
    const auto& esb = p.inputs[3];
    EXPECT_EQ(esb.role, "catchments");
    EXPECT_EQ(esb.crs_origin, "override");
    EXPECT_EQ(esb.features, 346u);
    std::size_t grundschulen = 0;
    std::size_t in_catchment = 0;
    for (const auto& f : p.model().facilities) {
        if (f.kind == planning::facility_kind::grundschule) {
            ++grundschulen;
            in_catchment += f.catchment ? 1 : 0;
        }
    }
    EXPECT_EQ(grundschulen, 376u);
    EXPECT_EQ(in_catchment, 376u);
}

TEST(Berlin, EinschulungsbereicheWithoutOverrideAreCaughtWithTheRightGuess) {
    REQUIRE_REALDATA();
    geo::read_options options;
    options.source =
        (realdata_dir() / "berlin/einschulbereiche/RBS_OD_ESB_2019_06.geojson").string();
    options.reference_lonlat = geo::box{geo::point{13.08, 52.33}, geo::point{13.77, 52.68}};
    const auto result = geo::read_layer(options);
    bool caught = false;
    for (const auto& f : result.found) {
        if (f.code == "crs-extent") {
            caught = true;
            EXPECT_NE(f.message.find("look like EPSG:25833"), std::string::npos) << f.message;
        }
    }
    EXPECT_TRUE(caught);
}

TEST(Berlin, MitteLichtenbergSheetParses) {
    REQUIRE_REALDATA();
    const auto p = services::open_project(
        source_dir() / "tests/realdata/berlin_grundschulen_mitte_lichtenberg.yaml");
    ASSERT_TRUE(p.planner);
    EXPECT_FALSE(has_errors(p.found)) << services::to_json(p.found).dump(2);
    // 73 records: the first labels the columns, the last sums them up (excluded in the project
    // file); 4 of the 71 schools are planned ones ("01Gn..") without coordinates yet.
    std::size_t planned = 0;
    for (const auto& f : p.found) {
        if (f.code == "missing-geometry") {
            EXPECT_EQ(f.where.key.substr(0, 4), "01Gn") << f.message;
            ++planned;
        }
    }
    EXPECT_EQ(planned, 4u);
    EXPECT_EQ(p.model().facilities.size(), 67u);
    for (const auto& f : p.model().facilities) {
        if (f.id.value == "01G40") {
            EXPECT_EQ(f.name, "Möwensee-Grundschule");
            EXPECT_EQ(f.cap.seats, 432.0);
            EXPECT_EQ(f.cap.zuege, 3.0);
            EXPECT_EQ(f.cap.class_size, 27.0); // "27,0"
            EXPECT_TRUE(f.district);
        }
        if (f.id.value == "01G42") {
            EXPECT_EQ(f.cap.zuege, 4.5); // "4,5": German decimal comma
        }
    }
    double pupils_2018_moewensee = -1;
    for (const auto& e : p.model().enrolment) {
        if (e.facility.value == "01G40" && e.school_year == 2018) {
            pupils_2018_moewensee = e.pupils;
        }
    }
    EXPECT_EQ(pupils_2018_moewensee, 486.0);
    // The utilisation column holds percent strings ("113%"): every one parses.
    geo::read_options options;
    options.source =
        (realdata_dir() / "berlin/einschulbereiche/grundschule_plaetze_mitte_lichtenberg.json")
            .string();
    options.skip_rows = 1;
    const auto sheet = geo::read_layer(options).layer;
    const auto workload = sheet.require_field("workload2018");
    std::size_t parsed = 0;
    for (const auto& f : sheet.features) {
        std::string problem;
        auto v = geo::value_as_number(f.values[workload], geo::number_format::german, &problem);
        EXPECT_TRUE(problem.empty()) << problem;
        if (v) {
            EXPECT_TRUE(v->percent);
            ++parsed;
        }
        if (geo::to_text(f.values[0]) == "01G40") {
            ASSERT_TRUE(v);
            EXPECT_EQ(v->number, 113.0);
        }
    }
    EXPECT_GT(parsed, 30u);
}

TEST(Berlin, ExportedLayersPassCheckLayer) {
    REQUIRE_REALDATA();
    const auto& p = berlin();
    temp_dir out;
    const auto layers = services::make_export_layers(p.model(), p.planner->base());
    // The catalogue's example row for 01011101: E_E00_01 = 22, E_E01_02 = 26, E_E02_03 = 24.
    const auto& districts = layers.front();
    const auto u3 = districts.require_field("children_2020_u3");
    for (const auto& f : districts.features) {
        if (geo::to_text(f.values[districts.require_field("district_id")]) == "01011101") {
            EXPECT_EQ(std::get<double>(f.values[u3]), 22.0 + 26 + 24);
        }
    }
    std::vector<const geo::feature_layer*> spatial;
    std::string files;
    for (const auto& layer : layers) {
        if (layer.has_geometry()) {
            spatial.push_back(&layer);
            geo::write_geojson(layer, out / (layer.name + ".geojson"));
            files += " " + quoted(out / (layer.name + ".geojson"));
        }
    }
    geo::write_gpkg(spatial, out / "berlin.gpkg");
    files += " " + quoted(out / "berlin.gpkg");
    const fs::path checker = shared_dir() / "tools/check-layer";
    if (!layer_checker_available()) {
        GTEST_SKIP() << "check-layer or python3-qgis missing";
    }
    auto check = run(quoted(checker) + " --bbox 13.0,52.3,13.8,52.7" + files);
    EXPECT_EQ(check.exit_code, 0) << check.output;
    // QGIS sees every planning area and every facility.
    EXPECT_NE(check.output.find("448 features"), std::string::npos);
}

TEST(Berlin, KitaSupplyPerPlanningAreaConservesTotals) {
    // Kita places of December 2022 against children under six of the EWR 2020-12 matrix.
    REQUIRE_REALDATA();
    const auto& p = berlin();
    const auto rows = planning::compute_supply(p.model(), 2020, planning::default_supply_groups());
    double places = 0;
    double children = 0;
    std::size_t with_quota = 0;
    for (const auto& r : rows) {
        if (r.group == "kita") {
            places += r.places.value_or(0);
            children += r.children.value_or(0);
            with_quota += r.quota ? 1 : 0;
        }
        if (r.group == "kita_u3") {
            // The Berlin Kita layer gives no U3/Ü3 split: unknown, never 0.
            EXPECT_FALSE(r.places && r.facilities > 0);
        }
    }
    EXPECT_DOUBLE_EQ(places, 194979.0) << "every place counted once";
    // Children under six, summed straight from the CSV over every row but the unmatched one.
    std::ifstream in(realdata_dir() / "berlin/ewr-2020-12/EWR202012E_Matrix.csv");
    std::string header;
    std::getline(in, header);
    std::vector<std::string> names;
    {
        std::stringstream ss(header);
        std::string cell;
        while (std::getline(ss, cell, ';')) {
            names.push_back(cell);
        }
    }
    double expected = 0;
    std::string line;
    while (std::getline(in, line)) {
        std::stringstream ss(line);
        std::string cell;
        std::size_t i = 0;
        double sum = 0;
        while (std::getline(ss, cell, ';')) {
            for (const char* band : {"E_E00_01", "E_E01_02", "E_E02_03", "E_E03_05", "E_E05_06"}) {
                if (names[i] == band) {
                    sum += std::stod(cell);
                }
            }
            ++i;
        }
        expected += sum; // every row, 04030417 too, now that its polygon has its key
    }
    EXPECT_DOUBLE_EQ(children, expected);
    EXPECT_DOUBLE_EQ(children, 222396.0); // the city's published under-6 of December 2020
    EXPECT_GT(with_quota, 400u) << "nearly every planning area has children and a quota";
}

// The Kita Versorgungsquote per Bezirk for December 2022 (Bildungsmonitoring): places of the
// Kitas located in each Bezirk against its children under six of the half-yearly table. Checked
// against the sources read here: the city's under-6 from the city table (T2, 222 646), each
// Bezirk's from the Bezirk table, and the places by the Kita list's own Bezirk number
// (`e_bez_nr`): standort places each Kita by its coordinates, so a Kita at a boundary may land
// next door (Pankow and Friedrichshain-Kreuzberg differ by one 23-place Kita): within 0.2 %.
TEST(Berlin, KitaVersorgungsquotePerBezirk2022) {
    REQUIRE_REALDATA();
    const auto project =
        services::open_project(source_dir() / "tests/realdata/berlin_bezirke_2022.yaml");
    ASSERT_TRUE(project.usable());
    const auto report = project.planner->indicators();
    const auto dir = realdata_dir() / "berlin/population-lor/berlin-lor-population-2022-02";
    const auto column = [](const fs::path& file, const std::string& name) {
        std::ifstream in(file);
        std::string line;
        std::getline(in, line);
        const auto names = split_line(line, ',');
        const auto at = std::find(names.begin(), names.end(), name) - names.begin();
        std::map<std::string, double> out;
        while (std::getline(in, line)) {
            const auto cells = split_line(line, ',');
            out[cells[0]] = std::stod(cells[static_cast<std::size_t>(at)]);
        }
        return out;
    };
    const auto city =
        column(dir / "berlin-lor-population-2022-02-t2-city.csv", "inhabitants_age_below_6");
    const auto bezirke =
        column(dir / "berlin-lor-population-2022-02-t2-districts.csv", "inhabitants_age_below_6");
    // Places by e_bez_nr, read with GDAL's plain reader (no standort mapping).
    geo::read_options o;
    o.source = (realdata_dir() / "berlin/facilities/kindertagesstaetten_2022-12.geojson").string();
    const auto kitas = geo::read_layer(o).layer;
    const auto bez_i = kitas.require_field("e_bez_nr");
    const auto places_i = kitas.require_field("e_platz");
    std::map<std::string, double> places;
    for (const auto& f : kitas.features) {
        places[geo::to_text(f.values[bez_i])] += std::stod(geo::to_text(f.values[places_i]));
    }
    ASSERT_EQ(bezirke.size(), 12u);
    std::size_t checked = 0;
    for (const auto& row : report.rows) {
        if (row.indicator != "versorgungsquote_kita" || row.year != 2022) {
            continue;
        }
        const auto& area = report.areas[row.area];
        ASSERT_TRUE(row.value && row.numerator && row.denominator) << area.id;
        EXPECT_DOUBLE_EQ(*row.value, 100 * *row.numerator / *row.denominator);
        if (area.level == "gesamt") {
            EXPECT_DOUBLE_EQ(*row.denominator, city.at("0"));
            EXPECT_DOUBLE_EQ(*row.numerator, 194979.0); // every Kita place of the list
        } else {
            EXPECT_DOUBLE_EQ(*row.denominator, bezirke.at(area.id)) << area.id;
            EXPECT_NEAR(*row.numerator, places.at(area.id), 0.002 * places.at(area.id)) << area.id;
        }
        ++checked;
    }
    EXPECT_EQ(checked, 13u);
}
