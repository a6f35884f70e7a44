// `standort db` end to end on the bundled example: what goes into the education database
// against the input files' own row counts, re-imports that replace instead of adding, a
// boundary change that starts a new Gebietsstand, and the indicators read back from it.
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

using namespace standort::test;
using nlohmann::json;

namespace {

const fs::path binary = STANDORT_BINARY;
const fs::path example = source_dir() / "data/example";

json run_json(const std::string& arguments) {
    const auto r = run(quoted(binary) + " --json " + arguments, false);
    EXPECT_EQ(r.exit_code, 0) << arguments << "\n" << r.output;
    return json::parse(r.output, nullptr, false);
}

const json& table_of(const json& tables, const std::string& name) {
    for (const auto& t : tables) {
        if (t.at("table") == name) {
            return t;
        }
    }
    static const json none;
    ADD_FAILURE() << "no table " << name;
    return none;
}

// Data rows of a CSV file (the header not counted), optionally only those `keep` accepts.
std::size_t data_rows(const fs::path& file) {
    std::istringstream in(read_file(file));
    std::string line;
    std::size_t n = 0;
    std::getline(in, line);
    while (std::getline(in, line)) {
        n += line.empty() ? 0 : 1;
    }
    return n;
}

// Keeps the header and the rows whose second column (the year) passes `keep`.
void filter_years(const fs::path& file, bool (*keep)(int)) {
    std::istringstream in(read_file(file));
    std::string line;
    std::string out;
    std::getline(in, line);
    out += line + "\n";
    while (std::getline(in, line)) {
        if (keep(std::stoi(split_line(line, ',').at(1)))) {
            out += line + "\n";
        }
    }
    write_file(file, out);
}

std::vector<std::string> sorted_lines(const fs::path& file) {
    std::istringstream in(read_file(file));
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) {
        out.push_back(line);
    }
    std::sort(out.begin(), out.end());
    return out;
}

void copy_example(const fs::path& to) {
    fs::copy(example, to, fs::copy_options::recursive);
}

// The example after district 00010001 got the new key 00010099 (same polygon), with the
// population years `keep` accepts.
void copy_renamed_example(const fs::path& to, bool (*keep)(int)) {
    copy_example(to);
    filter_years(to / "population.csv", keep);
    std::string population = read_file(to / "population.csv");
    for (auto at = population.find("00010001,"); at != std::string::npos;
         at = population.find("00010001,", at)) {
        population.replace(at, 9, "00010099,");
    }
    write_file(to / "population.csv", population);
    const auto sql = run("ogrinfo -q " + quoted(to / "districts.gpkg") +
                         " -sql \"UPDATE planungsraeume SET district_id = '00010099' WHERE "
                         "district_id = '00010001'\"");
    ASSERT_EQ(sql.exit_code, 0) << sql.output;
}

} // namespace

TEST(DbCli, ImportingTheExampleTwiceReplacesAndTheIndicatorsComeBackFromIt) {
    temp_dir dir;
    const auto db = quoted(dir.path() / "bildung.gpkg");
    const auto project = quoted(example / "project.yaml");
    const auto first = run_json("db import " + project + " --db " + db);
    ASSERT_TRUE(first.is_object());
    EXPECT_EQ(first.at("year"), 2024); // the latest population year
    const auto population_rows = data_rows(example / "population.csv");
    EXPECT_EQ(population_rows, 1760u); // 11 years of 10 districts by 16 bands
    const auto& p1 = table_of(first.at("tables"), "population");
    EXPECT_EQ(p1.at("written"), population_rows);
    EXPECT_EQ(p1.at("removed"), 0);
    EXPECT_EQ(p1.at("years").size(), 11u);
    EXPECT_EQ(table_of(first.at("tables"), "enrolment").at("written"),
              data_rows(example / "enrolment.csv"));
    EXPECT_EQ(table_of(first.at("tables"), "ganztag").at("written"),
              data_rows(example / "ganztag.csv"));
    EXPECT_EQ(table_of(first.at("tables"), "kita_care").at("written"),
              data_rows(example / "kita_care.csv"));
    // Five forms as the Schulstatistik writes them, four as standort keeps them (Hauptschule
    // and Förderschule are both "sonstige").
    EXPECT_EQ(table_of(first.at("tables"), "transitions").at("written"),
              data_rows(example / "uebergaenge.csv") / 5 * 4);
    EXPECT_EQ(table_of(first.at("tables"), "grid").at("written"), data_rows(example / "grid.csv"));

    // The same inputs again: every row replaced, none added.
    const auto second = run_json("db import " + project + " --db " + db);
    const auto& p2 = table_of(second.at("tables"), "population");
    EXPECT_EQ(p2.at("removed"), population_rows);
    EXPECT_EQ(p2.at("written"), population_rows);
    EXPECT_NE(second.at("districts").get<std::string>().find("unverändert"), std::string::npos)
        << second.at("districts");

    const auto list = run_json("db list " + db);
    EXPECT_EQ(table_of(list.at("tables"), "population").at("rows"), population_rows);
    EXPECT_EQ(table_of(list.at("tables"), "population").at("sources"),
              json::array({"population.csv"}));
    EXPECT_EQ(table_of(list.at("tables"), "facilities").at("rows"),
              table_of(first.at("tables"), "facilities").at("written"));
    ASSERT_EQ(list.at("district_versions").size(), 1u);
    EXPECT_EQ(list.at("district_versions")[0].at("valid_from"), 2024);
    EXPECT_TRUE(list.at("district_versions")[0].at("valid_to").is_null());
    EXPECT_EQ(list.at("district_versions")[0].at("districts"), 8);
    EXPECT_EQ(list.at("imports").size(), 1u); // the same year imported twice is one import

    // The indicators from the database are the indicators from the files, row for row.
    const auto from_files =
        run_json("indicators " + project + " --out " + quoted(dir.path() / "files"));
    const auto from_db =
        run_json("indicators " + project + " --db " + db + " --out " + quoted(dir.path() / "db"));
    ASSERT_FALSE(from_files.is_discarded());
    ASSERT_FALSE(from_db.is_discarded());
    const auto a = sorted_lines(dir.path() / "files/indicators.csv");
    const auto b = sorted_lines(dir.path() / "db/indicators.csv");
    EXPECT_GT(a.size(), 1000u);
    EXPECT_EQ(a, b);
}

TEST(DbCli, YearsAddUpAndABoundaryChangeStartsANewGebietsstand) {
    temp_dir dir;
    const auto db = quoted(dir.path() / "bildung.gpkg");
    // 2020's delivery: the register up to 2020.
    copy_example(dir.path() / "y2020");
    filter_years(dir.path() / "y2020/population.csv", [](int y) { return y <= 2020; });
    const auto first =
        run_json("db import " + quoted(dir.path() / "y2020/project.yaml") + " --db " + db);
    EXPECT_EQ(first.at("year"), 2020);
    // 2024's delivery: 2021 to 2024, after district 00010001 got the new key 00010099.
    const auto y2024 = dir.path() / "y2024";
    copy_renamed_example(y2024, [](int y) { return y >= 2021; });
    const auto second = run_json("db import " + quoted(y2024 / "project.yaml") + " --db " + db);
    EXPECT_EQ(second.at("year"), 2024);
    EXPECT_NE(second.at("districts").get<std::string>().find("neuer Gebietsstand ab 2024"),
              std::string::npos)
        << second.at("districts");
    // The rows of 2021-2024 came in; nothing of 2014-2020 went.
    const auto& p = table_of(second.at("tables"), "population");
    EXPECT_EQ(p.at("removed"), 0);
    EXPECT_EQ(p.at("written"), 4 * 160);

    const auto list = run_json("db list " + db);
    EXPECT_EQ(table_of(list.at("tables"), "population").at("rows"), 1760);
    EXPECT_EQ(table_of(list.at("tables"), "population").at("rows_per_year").size(), 11u);
    ASSERT_EQ(list.at("district_versions").size(), 2u);
    EXPECT_EQ(list.at("district_versions")[0].at("valid_from"), 2020);
    EXPECT_EQ(list.at("district_versions")[0].at("valid_to"), 2023);
    EXPECT_EQ(list.at("district_versions")[1].at("valid_from"), 2024);
    EXPECT_TRUE(list.at("district_versions")[1].at("valid_to").is_null());
    EXPECT_EQ(list.at("imports").size(), 2u);

    // The check: the old key's series ends in 2020 and the new one's starts in 2021 (said as
    // rows of another Gebietsstand, 20 age bands a year for 2014 to 2020).
    const auto check = run_json("db check " + db);
    std::size_t foreign = 0;
    for (const auto& n : check.at("notes")) {
        if (n.at("code") == "other-gebietsstand" && n.at("layer") == "population") {
            ++foreign;
            EXPECT_NE(n.at("message").get<std::string>().find("20 rows"), std::string::npos)
                << n.at("message");
        }
    }
    EXPECT_EQ(foreign, 7u);
}

// The same change with a crosswalk: the old key's years carry over to the new key, and the
// indicators from the database are those of the example renamed throughout (every year under
// the new key, from files), row for row. Then the link computed from the polygons instead.
TEST(DbCli, ACrosswalkCarriesTheSeriesAcrossTheChange) {
    temp_dir dir;
    const auto db = quoted(dir.path() / "bildung.gpkg");
    copy_example(dir.path() / "y2020");
    filter_years(dir.path() / "y2020/population.csv", [](int y) { return y <= 2020; });
    run_json("db import " + quoted(dir.path() / "y2020/project.yaml") + " --db " + db);
    copy_renamed_example(dir.path() / "y2024", [](int y) { return y >= 2021; });
    run_json("db import " + quoted(dir.path() / "y2024/project.yaml") + " --db " + db);
    copy_renamed_example(dir.path() / "renamed", [](int) { return true; });

    // Berlin's form: old key to a list of new keys; the second entry names no district.
    const auto matches = dir.path() / "matches.json";
    write_file(matches, R"({"00010001": ["00010099"], "0001": ["0009"]})");
    const auto cw = run_json("db crosswalk " + db + " --matches " + quoted(matches));
    EXPECT_EQ(cw.at("from"), 2020);
    EXPECT_EQ(cw.at("to"), 2024);
    EXPECT_EQ(cw.at("links"), 1);
    EXPECT_EQ(cw.at("ignored"), 1);
    EXPECT_TRUE(cw.at("unlinked_from").empty());
    EXPECT_TRUE(cw.at("unreached_to").empty());

    const auto check = run_json("db check " + db);
    std::size_t carried = 0;
    for (const auto& n : check.at("notes")) {
        EXPECT_NE(n.at("code"), "other-gebietsstand") << n.at("message");
        if (n.at("code") == "carried-over") {
            ++carried;
            EXPECT_NE(n.at("message").get<std::string>().find("140 Zeilen der Jahre 2014-2020"),
                      std::string::npos)
                << n.at("message");
        }
    }
    EXPECT_EQ(carried, 1u);
    EXPECT_TRUE(check.at("findings").empty()) << check.at("findings");

    const auto truth = dir.path() / "renamed/project.yaml";
    run_json("indicators " + quoted(truth) + " --out " + quoted(dir.path() / "files"));
    run_json("indicators " + quoted(truth) + " --db " + db + " --out " + quoted(dir.path() / "db"));
    const auto a = sorted_lines(dir.path() / "files/indicators.csv");
    EXPECT_GT(a.size(), 1000u);
    EXPECT_EQ(a, sorted_lines(dir.path() / "db/indicators.csv"));

    // From the polygons: the renamed district's polygon is the old one's, the only link.
    const auto by_area = run_json("db crosswalk " + db);
    EXPECT_EQ(by_area.at("method"), "geometry");
    EXPECT_EQ(by_area.at("links"), 1);
    EXPECT_EQ(by_area.at("replaced"), 1);
    run_json("indicators " + quoted(truth) + " --db " + db + " --out " +
             quoted(dir.path() / "db2"));
    EXPECT_EQ(a, sorted_lines(dir.path() / "db2/indicators.csv"));
}

TEST(DbCli, AMalformedOrForeignMatchesFileIsRefusedNamingIt) {
    temp_dir dir;
    const auto db = quoted(dir.path() / "bildung.gpkg");
    copy_example(dir.path() / "y2020");
    run_json("db import " + quoted(dir.path() / "y2020/project.yaml") + " --db " + db +
             " --year 2020");
    // One Gebietsstand: nothing to link.
    auto r = run(quoted(binary) + " db crosswalk " + db);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.output.find("one Gebietsstand"), std::string::npos) << r.output;
    copy_renamed_example(dir.path() / "y2024", [](int y) { return y >= 2021; });
    run_json("db import " + quoted(dir.path() / "y2024/project.yaml") + " --db " + db);
    const auto bad = dir.path() / "bad.json";
    write_file(bad, R"({"00010001": 17})");
    r = run(quoted(binary) + " db crosswalk " + db + " --matches " + quoted(bad));
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.output.find("bad.json"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("00010001"), std::string::npos) << r.output;
    const auto foreign = dir.path() / "other.json";
    write_file(foreign, R"({"A1": ["B1"]})");
    r = run(quoted(binary) + " db crosswalk " + db + " --matches " + quoted(foreign));
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.output.find("no link"), std::string::npos) << r.output;
    // Nothing was stored: the rows of the old key are still left out, and said.
    const auto check = run_json("db check " + db);
    bool said = false;
    for (const auto& n : check.at("notes")) {
        said = said || n.at("code") == "other-gebietsstand";
    }
    EXPECT_TRUE(said);
}

TEST(DbCli, AProjectWithErrorsImportsNothing) {
    temp_dir dir;
    copy_example(dir.path() / "p");
    const auto db = dir.path() / "bildung.gpkg";
    ASSERT_EQ(run(quoted(binary) + " --quiet db import " + quoted(dir.path() / "p/project.yaml") +
                  " --db " + quoted(db))
                  .exit_code,
              0);
    const auto before = read_file(db);
    // A Ganztag row naming a school that does not exist is an error of the project.
    replace_in(dir.path() / "p/ganztag.csv", "GS00001;2019/20", "GS09999;2019/20");
    const auto r = run(quoted(binary) + " db import " + quoted(dir.path() / "p/project.yaml") +
                       " --db " + quoted(db));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("GS09999"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Nothing was imported"), std::string::npos) << r.output;
    EXPECT_EQ(read_file(db), before);
}

TEST(DbCli, ADatabaseInAnotherCrsIsRefused) {
    temp_dir dir;
    copy_example(dir.path() / "p");
    const auto db = dir.path() / "bildung.gpkg";
    ASSERT_EQ(run(quoted(binary) + " --quiet db import " + quoted(dir.path() / "p/project.yaml") +
                  " --db " + quoted(db))
                  .exit_code,
              0);
    replace_in(dir.path() / "p/project.yaml", "crs: EPSG:25832\n", "crs: EPSG:3035\n");
    const auto r = run(quoted(binary) + " db import " + quoted(dir.path() / "p/project.yaml") +
                       " --db " + quoted(db));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("EPSG:3035"), std::string::npos) << r.output;
}
