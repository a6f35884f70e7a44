// `standort forecast` on the generated town: the figures against the inputs read here with plain
// string handling, the corridor, the Neubaugebiet's effect on its Grundschule, the backtest,
// bad input, and the layers as GDAL and QGIS read them.
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

using namespace standort::test;

namespace {

std::vector<std::vector<std::string>> csv_rows(const fs::path& path) {
    std::ifstream in(path);
    std::vector<std::vector<std::string>> rows;
    std::string line;
    while (std::getline(in, line)) {
        rows.push_back(split_line(line, ','));
    }
    return rows;
}

std::map<std::string, std::size_t> header(const std::vector<std::string>& h) {
    std::map<std::string, std::size_t> out;
    for (std::size_t i = 0; i < h.size(); ++i) {
        out[h[i]] = i;
    }
    return out;
}

// A copy of the example with its project file changed by `edit`.
fs::path example_copy(const temp_dir& dir, const std::function<void(std::string&)>& edit) {
    fs::copy(source_dir() / "data/example", dir / "example", fs::copy_options::recursive);
    auto path = dir / "example/project.yaml";
    std::string text = read_file(path);
    edit(text);
    std::ofstream(path) << text;
    return path;
}

nlohmann::json feature_of(const nlohmann::json& layer, const std::string& key,
                          const std::string& id) {
    for (const auto& f : layer["features"]) {
        if (f["properties"][key] == id) {
            return f["properties"];
        }
    }
    return {};
}

} // namespace

TEST(ForecastCli, ExampleTownFiguresCorridorAndLayers) {
    temp_dir out;
    const auto project = source_dir() / "data/example/project.yaml";
    auto r = run(quoted(STANDORT_BINARY) + " forecast --json --backtest 2 " + quoted(project) +
                 " --out " + quoted(out.path()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto j = nlohmann::json::parse(r.output);
    EXPECT_EQ(j["base_year"], 2024);
    EXPECT_EQ(j["last_year"], 2034);
    EXPECT_EQ(j["districts"], 8);
    EXPECT_EQ(j["facilities"], 5); // the five Grundschulen have enrolment

    // The base year's children 0-17 are the register's: population.csv read here.
    double register_2024 = 0;
    const auto pop = csv_rows(source_dir() / "data/example/population.csv");
    for (std::size_t i = 1; i < pop.size(); ++i) {
        const auto& age = pop[i][2];
        if (pop[i][1] == "2024" && age != "18-65" && age != "65+") {
            register_2024 += std::stod(pop[i][3]);
        }
    }
    const auto years = nlohmann::json::parse(read_file(out / "forecast_districts_years.geojson"));
    ASSERT_EQ(years["features"].size(), 8u * 11u);
    double children_2024 = 0;
    for (const auto& f : years["features"]) {
        const auto& p = f["properties"];
        EXPECT_EQ(p["date"], std::to_string(p["year"].get<int>()) + "-12-31");
        if (p["year"] == 2024) {
            children_2024 += p["children"].get<double>();
            EXPECT_EQ(p["observed"], 1);
            EXPECT_EQ(p["children_low"], p["children"]);
        }
        // The corridor holds the middle variant.
        for (const auto* g : {"u3", "ue3", "primary_age", "sek1", "children"}) {
            const std::string k = g;
            EXPECT_LE(p[k + "_low"].get<double>(), p[k].get<double>() + 0.05) << k;
            EXPECT_GE(p[k + "_high"].get<double>(), p[k].get<double>() - 0.05) << k;
        }
    }
    EXPECT_NEAR(children_2024, register_2024, 0.5);

    // The base school year is the observed enrolment: enrolment.csv read here.
    std::map<std::string, double> pupils_2024;
    const auto enr = csv_rows(source_dir() / "data/example/enrolment.csv");
    for (std::size_t i = 1; i < enr.size(); ++i) {
        if (enr[i][1] == "2024/25") {
            pupils_2024[enr[i][0]] += std::stod(enr[i][3]);
        }
    }
    const auto fac = csv_rows(out / "forecast_facilities.csv");
    const auto col = header(fac[0]);
    std::size_t observed_rows = 0;
    for (std::size_t i = 1; i < fac.size(); ++i) {
        if (fac[i][col.at("kind")] == "grundschule" && fac[i][col.at("observed")] == "1") {
            ++observed_rows;
            EXPECT_DOUBLE_EQ(std::stod(fac[i][col.at("pupils")]), pupils_2024.at(fac[i][0]))
                << fac[i][0];
            EXPECT_EQ(fac[i][col.at("date")], "2024-08-01");
        }
    }
    EXPECT_EQ(observed_rows, 5u);

    // The Neubaugebiet in Beispielstadt-Ost fills GS00001 beyond its 400 seats from 2028/29.
    const auto facilities = nlohmann::json::parse(read_file(out / "forecast_facilities.geojson"));
    const auto gs1 = feature_of(facilities, "facility_id", "GS00001");
    ASSERT_FALSE(gs1.is_null());
    EXPECT_EQ(gs1["first_shortage"], 2028);
    EXPECT_EQ(gs1["shortage"], "seats");
    EXPECT_EQ(gs1["seats"], 400.0);
    const auto districts = nlohmann::json::parse(read_file(out / "forecast_districts.geojson"));
    const auto ost = feature_of(districts, "district_id", "00010004");
    // Year columns relative to the base year 2024: 2030 is base + 6.
    EXPECT_EQ(ost["base_year"], 2024);
    EXPECT_GT(ost["children_plus_6"].get<double>(), 1.5 * ost["children_base"].get<double>());
    EXPECT_FALSE(ost.contains("children_2030"));

    // The backtest on two held-out years: the town's cohorts are projected within a few percent.
    ASSERT_TRUE(j.contains("backtest"));
    for (const auto& s : j["backtest"]["summary"]) {
        EXPECT_LT(s["mape_pct"].get<double>(), 5.0) << s.dump();
    }
    EXPECT_TRUE(fs::exists(out / "forecast_backtest.csv"));
    const auto params = nlohmann::json::parse(read_file(out / "forecast_parameters.json"));
    EXPECT_EQ(params["class_rules"]["land"], "Nordrhein-Westfalen");
    EXPECT_EQ(params["housing_areas"].size(), 1u);

    // GDAL reads the date as a date, which QGIS's temporal controller needs.
    auto info = run("ogrinfo -so " + quoted(out / "forecast.gpkg") + " forecast_facilities_years");
    if (info.exit_code == 0) {
        EXPECT_NE(info.output.find("date: Date"), std::string::npos) << info.output;
    }
    if (!layer_checker_available()) {
        GTEST_SKIP() << "check-layer or python3-qgis missing";
    }
    auto check = check_layers(" --bbox DE " + quoted(out / "forecast_districts.geojson") + " " +
                              quoted(out / "forecast_facilities_years.geojson") + " " +
                              quoted(out / "forecast.gpkg"));
    EXPECT_EQ(check.exit_code, 0) << check.output;
}

TEST(ForecastCli, BuildingStoppedNowLeavesTheSchoolWithRoom) {
    // The same town with the Neubaugebiet finished in 2024: GS00001 stays within its seats
    // longer and holds fewer pupils in 2030.
    temp_dir dir;
    const auto project = example_copy(dir, [](std::string&) {});
    {
        std::ofstream(dir / "example/housing_areas.csv")
            << "name,raum_id,ab_jahr,bis_jahr,wohnungen_pro_jahr,personen_pro_wohnung\n"
               "Neubaugebiet Beispielstadt-Ost,00010004,2021,2024,45,2.7\n";
    }
    auto r = run(quoted(STANDORT_BINARY) + " forecast --quiet " + quoted(project) + " --out " +
                 quoted(dir / "out"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    temp_dir full;
    auto r2 =
        run(quoted(STANDORT_BINARY) + " forecast --quiet " +
            quoted(source_dir() / "data/example/project.yaml") + " --out " + quoted(full.path()));
    ASSERT_EQ(r2.exit_code, 0) << r2.output;
    auto pupils_2030 = [](const fs::path& csv) {
        const auto rows = csv_rows(csv);
        const auto col = header(rows[0]);
        for (std::size_t i = 1; i < rows.size(); ++i) {
            if (rows[i][0] == "GS00001" && rows[i][col.at("year")] == "2030") {
                return std::stod(rows[i][col.at("pupils")]);
            }
        }
        return -1.0;
    };
    const double stopped = pupils_2030(dir / "out/forecast_facilities.csv");
    const double building = pupils_2030(full / "forecast_facilities.csv");
    EXPECT_GT(stopped, 0);
    EXPECT_LT(stopped, building - 20);
    const auto facilities =
        nlohmann::json::parse(read_file(dir / "out/forecast_facilities.geojson"));
    const auto gs1 = feature_of(facilities, "facility_id", "GS00001");
    EXPECT_TRUE(gs1["first_shortage"].is_null() || gs1["first_shortage"].get<int>() > 2028);
}

TEST(ForecastCli, BadInputNamesFileRowAndField) {
    temp_dir dir;
    const auto project = example_copy(dir, [](std::string&) {});
    std::ofstream(dir / "example/housing_areas.csv")
        << "name,raum_id,ab_jahr,bis_jahr,wohnungen_pro_jahr,personen_pro_wohnung\n"
           "Am Bach,00010004,2025,2030,20,2.5\n"
           "Am Hang,99999999,2025,2030,20,2.5\n";
    auto r = run(quoted(STANDORT_BINARY) + " forecast " + quoted(project) + " --out " +
                 quoted(dir / "out"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("housing_areas.csv"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("raum_id"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("99999999"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(dir / "out/forecast.gpkg"));

    std::ofstream(dir / "example/housing_areas.csv")
        << "name,raum_id,ab_jahr,bis_jahr,wohnungen_pro_jahr,personen_pro_wohnung\n"
           "Am Bach,00010004,2025,2030,viele,2.5\n";
    r = run(quoted(STANDORT_BINARY) + " forecast " + quoted(project) + " --out " +
            quoted(dir / "out"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("wohnungen_pro_jahr"), std::string::npos) << r.output;

    // An empty last year: building goes on to the end of the horizon.
    std::ofstream(dir / "example/housing_areas.csv")
        << "name,raum_id,ab_jahr,bis_jahr,wohnungen_pro_jahr,personen_pro_wohnung\n"
           "Am Bach,00010004,2025,,20,2.5\n";
    r = run(quoted(STANDORT_BINARY) + " forecast --quiet " + quoted(project) + " --out " +
            quoted(dir / "out"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    const auto params = nlohmann::json::parse(read_file(dir / "out/forecast_parameters.json"));
    EXPECT_EQ(params["housing_areas"][0]["last_year"], "end of horizon");

    temp_dir dir2;
    const auto bayern =
        example_copy(dir2, [](std::string& t) { t.replace(t.find("land: NW"), 8, "land: BY"); });
    r = run(quoted(STANDORT_BINARY) + " forecast " + quoted(bayern) + " --out " +
            quoted(dir2 / "out"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("no class-size rules for `BY`"), std::string::npos) << r.output;

    r = run(quoted(STANDORT_BINARY) + " forecast --backtest 10 " +
            quoted(source_dir() / "data/example/project.yaml") + " --out " + quoted(dir2 / "out2"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("at least two are needed"), std::string::npos) << r.output;
}
