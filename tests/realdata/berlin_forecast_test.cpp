// Projections on real Berlin data (../shared/realdata, see its CATALOGUE.md): the population of
// the old LOR planning areas 2015-2019 projected to 2020 and compared with the observed 2020;
// and the Grundschulen of Mitte and Lichtenberg (BEA Mitte's sheet) as real capacity data.
// Expected figures are read here from the source files with plain string handling.
#include "planning/forecast/backtest.hpp"
#include "planning/forecast/calibration.hpp"
#include "services/load/load_housing.hpp"
#include "services/load/open_project.hpp"
#include "tests/test_support.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <tuple>

using namespace standort;
using namespace standort::test;

namespace {

#define REQUIRE_REALDATA()                                                                         \
    if (!fs::exists(realdata_dir() / "berlin")) {                                                  \
        GTEST_SKIP() << "real data not found at " << realdata_dir()                                \
                     << " (it lives beside the project, see README 'Real data')";                  \
    }

using row = std::map<std::string, std::string>;

// A comma-separated file as rows of column name -> text.
std::vector<row> csv(const fs::path& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    const auto names = split_line(line, ',');
    std::vector<row> rows;
    while (std::getline(in, line)) {
        const auto cells = split_line(line, ',');
        row r;
        for (std::size_t i = 0; i < names.size() && i < cells.size(); ++i) {
            r[names[i]] = cells[i];
        }
        rows.push_back(r);
    }
    return rows;
}

fs::path t2(int year, const std::string& level) {
    return realdata_dir() / fmt::format("berlin/population-lor/berlin-lor-population-{0}-02/"
                                        "berlin-lor-population-{0}-02-t2-{1}.csv",
                                        year, level);
}

double children(const row& r) {
    return std::stod(r.at("inhabitants_age_below_6")) + std::stod(r.at("inhabitants_age_6_15")) +
           std::stod(r.at("inhabitants_age_15_18"));
}

} // namespace

TEST(BerlinForecast, Population2015To2019ProjectedTo2020) {
    REQUIRE_REALDATA();
    const auto project =
        services::open_project(source_dir() / "tests/realdata/berlin_forecast_2015_2020.yaml");
    ASSERT_TRUE(project.planner);
    const auto b = planning::run_backtest(project.model(), project.file.analyses.forecast, 1);
    EXPECT_EQ(b.base_year, 2019);

    // The observed 2020 is the published one: the city table of December 2020.
    const auto city = csv(t2(2020, "city")).at(0);
    std::map<std::string, double> projected;
    std::map<std::string, double> observed;
    for (const auto& s : b.summary) {
        projected[s.measure] = s.total_projected;
        observed[s.measure] = s.total_observed;
    }
    EXPECT_NEAR(observed.at("0-6"), std::stod(city.at("inhabitants_age_below_6")), 1000);
    EXPECT_NEAR(observed.at("0-18"), children(city), 2000); // 222 396 + 297 010 + 88 067
    // Berlin's children 0-17 one year ahead: 614 637 projected, 606 011 observed (+1.4 %).
    const double city_error = (projected.at("0-18") - observed.at("0-18")) / observed.at("0-18");
    EXPECT_LT(std::abs(city_error), 0.03);

    // Per planning area against carrying 2019 forward unchanged, computed here from the files.
    std::map<std::string, double> before;
    for (const auto& r : csv(t2(2019, "planning-areas"))) {
        before[r.at("id")] = children(r);
    }
    double naive = 0;
    std::size_t n = 0;
    for (const auto& r : csv(t2(2020, "planning-areas"))) {
        const double o = children(r);
        if (o > 0 && before.contains(r.at("id"))) {
            naive += std::abs(before.at(r.at("id")) - o) / o * 100;
            ++n;
        }
    }
    naive /= static_cast<double>(n);
    double mape = 0;
    for (const auto& s : b.summary) {
        if (s.measure == "0-18") {
            mape = s.mape;
            EXPECT_GT(s.rows, 440u);
        }
    }
    std::cout << fmt::format("[ Berlin 2020 ] children 0-17 per planning area: MAPE {:.2f} % "
                             "(no-change forecast {:.2f} %), city total {:+.2f} %\n",
                             mape, naive, 100 * city_error);
    // Measured: 4.17 % against 3.60 % for the no-change forecast. One year ahead, and a year in
    // which migration broke off (2020), leaves the trend little to win; it must not be far worse.
    EXPECT_LT(mape, 1.5 * naive);
    EXPECT_GT(mape, 0.5);
}

// The rolling-origin back-test of issue 12: bases 2016 to 2019, every horizon to 2020, the
// projection against no change and the linear trend. The no-change row is recomputed here from
// the files as an independent check of the scoring.
TEST(BerlinForecast, RollingBacktestBeatsNoChangeAtEveryHorizon) {
    REQUIRE_REALDATA();
    const auto project =
        services::open_project(source_dir() / "tests/realdata/berlin_forecast_2015_2020.yaml");
    ASSERT_TRUE(project.planner);
    const auto h =
        planning::run_horizon_backtest(project.model(), project.file.analyses.forecast, 4);
    EXPECT_EQ(h.bases, (std::vector<int>{2016, 2017, 2018, 2019}));
    std::map<std::tuple<std::string, std::string, int>, planning::horizon_score> by;
    for (const auto& s : h.scores) {
        by[{s.measure, s.method, s.horizon}] = s;
    }
    // No change one year ahead, children under 6, by hand from the t2 tables.
    double ape = 0;
    std::size_t n = 0;
    for (int base = 2016; base <= 2019; ++base) {
        std::map<std::string, double> before;
        for (const auto& r : csv(t2(base, "planning-areas"))) {
            before[r.at("id")] += std::stod(r.at("inhabitants_age_below_6"));
        }
        std::map<std::string, double> after;
        for (const auto& r : csv(t2(base + 1, "planning-areas"))) {
            after[r.at("id")] += std::stod(r.at("inhabitants_age_below_6"));
        }
        for (const auto& [id, o] : after) {
            if (o >= planning::min_observed_for_error && before.contains(id)) {
                ape += std::abs(before.at(id) - o) / o * 100;
                ++n;
            }
        }
    }
    const auto& nc1 = by.at({"0-6", "no change", 1});
    EXPECT_NEAR(nc1.mape, ape / static_cast<double>(n), 0.05);
    EXPECT_NEAR(static_cast<double>(nc1.n), static_cast<double>(n), 5);

    std::string table = "[ Berlin rolling ] MAPE % standort / no change / trend (ratio)\n";
    for (const std::string band : {"0-6", "6-15", "0-18"}) {
        for (int k = 1; k <= 4; ++k) {
            const auto& s = by.at({band, "standort", k});
            const auto& nc = by.at({band, "no change", k});
            const auto& tr = by.at({band, "trend", k});
            table += fmt::format("  {:<5} {} y: {:6.2f} / {:6.2f} / {:6.2f} ({:.3f})\n", band, k,
                                 s.mape, nc.mape, tr.mape, s.mape / nc.mape);
            // The goal: never worse than doing nothing. Measured 6.39 / 6.41 at one year for
            // under-6 (the first COVID year, 2020, dipped), 0.83 to 0.87 of it for 6-15.
            EXPECT_LE(s.mape, nc.mape + 0.005) << band << " " << k;
            EXPECT_LT(s.mape, tr.mape) << band << " " << k;
        }
    }
    // The corridor of each band is an 80 % interval from the earlier bases' errors: measured
    // 72 to 84 % for under-6 and 6-15 (the sum 0-18 of band bounds is wider, 91 to 94 %).
    for (const std::string band : {"0-6", "6-15"}) {
        for (int k = 1; k <= 3; ++k) {
            const auto& s = by.at({band, "standort", k});
            ASSERT_GT(s.corridor_n, 100u);
            const double share = static_cast<double>(s.in_corridor) / s.corridor_n;
            table += fmt::format("  corridor {:<5} {} y: {:.0f} %\n", band, k, 100 * share);
            EXPECT_GT(share, 0.65) << band << " " << k;
            EXPECT_LT(share, 0.92) << band << " " << k;
        }
    }
    std::cout << table;
}

TEST(BerlinForecast, MitteAndLichtenbergGrundschulenFromTheirSheet) {
    REQUIRE_REALDATA();
    const auto project =
        services::open_project(source_dir() / "tests/realdata/berlin_grundschulen_forecast.yaml");
    ASSERT_TRUE(project.planner);
    const auto& model = project.model();
    const auto r = planning::run_forecast(model, project.file.analyses.forecast);
    EXPECT_EQ(r.school_base_year, 2019);
    EXPECT_EQ(r.options.rules.primary_grades, 6);

    std::ifstream in(realdata_dir() /
                     "berlin/einschulbereiche/grundschule_plaetze_mitte_lichtenberg.json");
    const auto sheet = nlohmann::json::parse(in);
    std::map<std::string, nlohmann::json> by_bsn;
    for (std::size_t i = 1; i < sheet.size(); ++i) {
        by_bsn[sheet[i]["BSN"].get<std::string>()] = sheet[i];
    }
    constexpr auto mid = static_cast<std::size_t>(planning::variant::middle);
    std::size_t utilisation_checked = 0;
    double estimate_diff = 0;
    std::size_t estimates = 0;
    for (const auto& ff : r.facilities) {
        const auto& f = model.facilities[ff.facility];
        const auto& s = by_bsn.at(f.id.value);
        // The base year is the sheet's 2019/20: pupils as given, utilisation as its column
        // "Ausl." ("108%") computes it.
        EXPECT_DOUBLE_EQ(ff.years[mid][0].pupils, std::stod(s["students2019"].get<std::string>()));
        const auto workload = s["workload2019"].get<std::string>();
        if (ff.years[mid][0].utilisation && workload.ends_with("%")) {
            EXPECT_NEAR(*ff.years[mid][0].utilisation, std::stod(workload), 0.5) << f.id.value;
            ++utilisation_checked;
        }
        // The sheet's own estimate for 2020/21 against ours.
        const auto est = s.value("students2020", std::string{});
        if (!est.empty() && ff.years[mid].size() > 1) {
            const double e = std::stod(est);
            if (e > 0) {
                estimate_diff += std::abs(ff.years[mid][1].pupils - e) / e * 100;
                ++estimates;
            }
        }
    }
    // The observed year is no shortage: a school holds today's classes (38 of 67 were marked
    // short of rooms in 2019/20 when every grade was counted at 26 and rooms were Züge x 6).
    std::size_t short_today = 0;
    for (const auto& ff : r.facilities) {
        short_today += ff.years[mid][0].short_of_rooms ? 1 : 0;
    }
    EXPECT_EQ(short_today, 0u);
    EXPECT_GT(r.facilities.size(), 60u); // 67 of 72: the others have no catchment or 2019 figure
    EXPECT_EQ(utilisation_checked, 35u); // the sheet fills "Ausl." for 35 of its 72 schools
    ASSERT_GT(estimates, 50u);
    estimate_diff /= static_cast<double>(estimates);
    std::cout << fmt::format("[ Berlin GS ] {} schools projected; 2020/21 against the sheet's own "
                             "estimate: mean difference {:.1f} %\n",
                             r.facilities.size(), estimate_diff);
    // Measured 10.4 % (median 5.0 %): the sheet knows of new classes and containers we cannot.
    EXPECT_LT(estimate_diff, 20.0);
}
