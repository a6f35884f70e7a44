#include "geo/write_layer.hpp"
#include "planning/forecast/backtest.hpp"
#include "planning/forecast/forecast.hpp"
#include "services/cli/commands.hpp"
#include "services/render/forecast_layers.hpp"
#include "services/load/load_housing.hpp"

#include <cmath>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

namespace standort::services::cli {

namespace fs = std::filesystem;
using planning::school_year_label;

namespace {

constexpr auto low = static_cast<std::size_t>(planning::variant::low);
constexpr auto mid = static_cast<std::size_t>(planning::variant::middle);
constexpr auto high = static_cast<std::size_t>(planning::variant::high);

struct forecast_args {
    std::string project;
    std::string out;
    std::optional<int> base_year;
    std::optional<int> horizon;
    std::string land;
    int backtest = 0;
};

// The analysis refuses what the data cannot carry (no base year, too few years); that is the
// project's problem, reported like one.
template <class F>
auto checked(const loaded_project& project, F&& f) {
    try {
        return f();
    } catch (const std::invalid_argument& e) {
        throw config_error(e.what(), error_context{project.file.path.string(), {}, std::nullopt, {}, {}});
    }
}

nlohmann::json describe(const planning::forecast_result& r,
                        const std::vector<planning::housing_area>& housing) {
    const auto& o = r.options;
    const auto& p = o.population;
    nlohmann::json kita = nlohmann::json::object();
    for (const auto& k : o.kita_rates) {
        kita[planning::to_string(k.ages)] = k.per_100;
    }
    nlohmann::json areas = nlohmann::json::array();
    for (const auto& h : housing) {
        areas.push_back({{"name", h.name},
                         {"district", h.district.value},
                         {"first_year", h.first_year},
                         {"last_year", h.last_year == std::numeric_limits<int>::max()
                                           ? nlohmann::json("end of horizon")
                                           : nlohmann::json(h.last_year)},
                         {"dwellings_per_year", h.dwellings_per_year},
                         {"persons_per_dwelling", h.persons_per_dwelling}});
    }
    nlohmann::json movers = nlohmann::json::object();
    for (const auto& [band, share] : p.movers.shares) {
        movers[planning::to_string(band)] = std::round(share * 1000) / 10;
    }
    auto rule = [](const planning::class_rule& c) {
        return nlohmann::json{{"max_per_class", c.max_per_class},
                              {"entry_table", c.entry_table},
                              {"source", c.source}};
    };
    nlohmann::json rules{{"land", o.rules.name},
                         {"primary_grades", o.rules.primary_grades},
                         {"grundschule", rule(o.rules.grundschule)},
                         {"sek1", rule(o.rules.sek1)}};
    if (o.rules.gymnasium) {
        rules["gymnasium"] = rule(*o.rules.gymnasium);
    }
    return {{"analysis", "forecast"},
            {"method", "cohort-component (Hamilton-Perry cohort change ratios) by district and "
                       "single age; Kita demand by participation rates; school enrolment by "
                       "Einschulungs-, Übergangs- and transition rates (Übergangsquotenverfahren)"},
            {"base_year", r.base_year},
            {"school_base_year", school_year_label(r.school_base_year)},
            {"horizon", p.horizon},
            {"last_age", p.last_age},
            {"trend_weights", p.weights},
            {"births", p.births == planning::births_basis::reference_population
                           ? "newborns per person aged " + planning::to_string(p.reference)
                           : std::string("newborns per newborns of the year before")},
            {"variants", p.variant_factors
                             ? nlohmann::json{{"low", p.variant_factors->first},
                                              {"high", p.variant_factors->second}}
                             : nlohmann::json("every rate one weighted standard deviation of the "
                                              "base years below (low) or above (high) its mean, "
                                              "all in the same direction: an envelope, not a "
                                              "confidence interval")},
            {"kita_rates_per_100", kita},
            {"entry_age", o.entry_age},
            {"class_rules", rules},
            {"housing_areas", areas},
            {"movers_profile_pct", movers},
            {"notes", r.notes}};
}

void print_summary(std::ostream& out, const planning::planning_model& model,
                   const planning::forecast_result& r) {
    const std::size_t last = r.population.steps() - 1;
    double children0 = 0, children1 = 0, lo = 0, hi = 0, places = 0, demand0 = 0, demand1 = 0;
    std::size_t short_districts = 0;
    for (const auto& df : r.districts) {
        const auto& dp = r.population.districts[df.projection];
        for (int a = 0; a < 18; ++a) {
            const auto i = static_cast<std::size_t>(a);
            children0 += dp.persons[mid][0][i];
            children1 += dp.persons[mid][last][i];
            lo += dp.persons[low][last][i];
            hi += dp.persons[high][last][i];
        }
        places += df.places;
        demand0 += df.demand_u3[mid][0] + df.demand_ue3[mid][0];
        demand1 += df.demand_u3[mid][last] + df.demand_ue3[mid][last];
        short_districts += df.first_shortage[mid] ? 1 : 0;
    }
    out << fmt::format("Prognose {} {}-{} (mittlere Variante, Korridor niedrig-hoch)\n", model.name,
                       r.base_year, r.year(last));
    out << fmt::format("  Kinder 0-17:  {:.0f} -> {:.0f}  ({:.0f}-{:.0f})\n", children0, children1,
                       lo, hi);
    if (places > 0) {
        out << fmt::format("  Kita-Bedarf:  {:.0f} -> {:.0f} bei {:.0f} Plätzen; {} von {} "
                           "Planungsräumen mit Fehlbedarf\n",
                           demand0, demand1, places, short_districts, r.districts.size());
    } else {
        out << fmt::format("  Kita-Bedarf:  {:.0f} -> {:.0f} (keine Kitas im Projekt)\n", demand0,
                           demand1);
    }
    if (r.facilities.empty()) {
        return;
    }
    std::vector<const planning::facility_forecast*> short_schools;
    for (const auto& ff : r.facilities) {
        if (ff.first_shortage[mid]) {
            short_schools.push_back(&ff);
        }
    }
    out << fmt::format("  Schulen:      {} mit Prognose ab {}, {} davon mit Engpass\n",
                       r.facilities.size(), school_year_label(r.school_base_year),
                       short_schools.size());
    for (const auto* ff : short_schools) {
        const auto& f = model.facilities[ff->facility];
        const auto& y = ff->years[mid][static_cast<std::size_t>(*ff->first_shortage[mid] - ff->base_year)];
        out << fmt::format("    {} {}: ab {} ({:.0f} Schüler, {} Plätze, {} Klassen{})\n", f.id.value,
                           f.name, school_year_label(*ff->first_shortage[mid]), y.pupils,
                           ff->seats ? fmt::format("{:.0f}", *ff->seats) : std::string("?"),
                           y.classes, ff->rooms ? fmt::format(" in {} Räumen", *ff->rooms) : "");
    }
}

int run_forecast_command(const global_options& options, const forecast_args& args) {
    if (args.backtest < 0 || args.backtest > 10) {
        throw config_error(fmt::format("--backtest holds out 1 to 10 years, not {}", args.backtest));
    }
    const loaded_project project = load_project(args.project, terminal_progress(options));
    end_progress(options);
    if (stop_on_input_errors(project)) {
        return exit_validation;
    }
    const auto& model = *project.model;
    planning::forecast_options o = project.file.forecast;
    o.population.housing = load_housing(project);
    if (args.base_year) {
        o.population.base_year = *args.base_year;
    }
    if (args.horizon) {
        if (*args.horizon < 1 || *args.horizon > 30) {
            throw config_error(fmt::format("--horizon is 1 to 30 years, not {}", *args.horizon));
        }
        o.population.horizon = *args.horizon;
    }
    if (!args.land.empty()) {
        const auto rules = planning::rules_of_land(args.land);
        if (!rules) {
            throw config_error(fmt::format("--land {}: no class-size rules; use NW or BE", args.land));
        }
        o.rules = *rules;
    }
    auto progress = terminal_progress(options);
    if (progress) {
        progress("projecting children, Kita demand and enrolment");
    }
    const auto r = checked(project, [&] { return planning::run_forecast(model, o); });
    std::optional<planning::backtest_result> backtest;
    if (args.backtest > 0) {
        if (progress) {
            progress(fmt::format("backtest: holding out the last {} years", args.backtest));
        }
        backtest = checked(project, [&] { return planning::run_backtest(model, o, args.backtest); });
    }
    end_progress(options);

    const auto layers = make_forecast_layers(model, r);
    const fs::path out = args.out;
    std::vector<fs::path> written{out / "forecast_districts.geojson",
                                  out / "forecast_districts_years.geojson",
                                  out / "forecast_facilities.geojson",
                                  out / "forecast_facilities_years.geojson",
                                  out / "forecast.gpkg",
                                  out / "forecast_districts.csv",
                                  out / "forecast_facilities.csv",
                                  out / "forecast_rates.csv",
                                  out / "forecast_parameters.json"};
    geo::write_geojson(layers.districts, written[0]);
    geo::write_geojson(layers.district_years, written[1]);
    geo::write_geojson(layers.facilities, written[2]);
    geo::write_geojson(layers.facility_years, written[3]);
    std::vector<const geo::feature_layer*> gpkg{&layers.districts, &layers.district_years,
                                                &layers.facilities, &layers.facility_years};
    std::optional<geo::feature_layer> backtest_layer;
    std::optional<geo::feature_layer> backtest_table;
    if (backtest) {
        backtest_layer = make_backtest_district_layer(model, *backtest);
        backtest_table = make_backtest_table(model, *backtest);
        gpkg.push_back(&*backtest_layer);
    }
    geo::write_gpkg(gpkg, written[4]);
    geo::write_csv(layers.district_years, written[5]);
    geo::write_csv(layers.facility_years, written[6]);
    geo::write_csv(layers.rates, written[7]);
    auto parameters = describe(r, o.population.housing);
    nlohmann::json backtest_json;
    if (backtest) {
        written.push_back(out / "forecast_backtest.geojson");
        written.push_back(out / "forecast_backtest.csv");
        geo::write_geojson(*backtest_layer, written[written.size() - 2]);
        geo::write_csv(*backtest_table, written.back());
        backtest_json = {{"held_out", backtest->held_out},
                         {"base_year", backtest->base_year},
                         {"school_base_year", school_year_label(backtest->school_base_year)},
                         {"summary", nlohmann::json::array()}};
        for (const auto& s : backtest->summary) {
            backtest_json["summary"].push_back(
                {{"unit", s.unit}, {"measure", s.measure}, {"rows", s.rows},
                 {"mape_pct", std::round(s.mape * 100) / 100}, {"bias_pct", std::round(s.bias * 100) / 100},
                 {"projected", std::round(s.total_projected)}, {"observed", std::round(s.total_observed)}});
        }
        parameters["backtest"] = backtest_json;
    }
    write_json_file(parameters, written[8]);

    if (options.json) {
        nlohmann::json j{{"base_year", r.base_year},
                         {"last_year", r.year(r.population.steps() - 1)},
                         {"districts", r.districts.size()},
                         {"facilities", r.facilities.size()},
                         {"notes", r.notes},
                         {"written", paths_json(written)}};
        nlohmann::json schools = nlohmann::json::array();
        for (const auto& ff : r.facilities) {
            const auto& f = model.facilities[ff.facility];
            schools.push_back({{"id", f.id.value},
                               {"first_shortage", ff.first_shortage[mid] ? nlohmann::json(*ff.first_shortage[mid]) : nlohmann::json()},
                               {"pupils_base", std::round(ff.years[mid].front().pupils * 10) / 10},
                               {"pupils_last", std::round(ff.years[mid].back().pupils * 10) / 10}});
        }
        j["schools"] = schools;
        nlohmann::json districts = nlohmann::json::array();
        for (const auto& df : r.districts) {
            districts.push_back({{"id", model.districts[df.district].id.value},
                                 {"kita_first_shortage", df.first_shortage[mid] ? nlohmann::json(*df.first_shortage[mid]) : nlohmann::json()}});
        }
        j["districts_kita"] = districts;
        if (backtest) {
            j["backtest"] = backtest_json;
        }
        std::cout << json_text(j) << "\n";
    } else if (!options.quiet) {
        print_summary(std::cout, model, r);
        if (backtest) {
            std::cout << fmt::format("Rückrechnung: {} Jahre zurückgehalten, Basis {}{}\n",
                                     backtest->held_out, backtest->base_year,
                                     r.facilities.empty()
                                         ? std::string{}
                                         : " (Schulen " + school_year_label(backtest->school_base_year) + ")");
            std::cout << fmt::format("  {:<10} {:<8} {:>6} {:>8} {:>8} {:>11} {:>11}\n", "Einheit",
                                     "Alter", "Zeilen", "MAPE %", "Bias %", "prognost.", "beobachtet");
            for (const auto& s : backtest->summary) {
                std::cout << fmt::format("  {:<10} {:<8} {:>6} {:>8.2f} {:>8.2f} {:>11.0f} {:>11.0f}\n",
                                         s.unit == "district" ? "Raum" : "Schule", s.measure, s.rows,
                                         s.mape, s.bias, s.total_projected, s.total_observed);
            }
        }
        for (const auto& n : r.notes) {
            std::cout << "  Hinweis: " << n << "\n";
        }
        print_written(std::cout, written);
    }
    return exit_ok;
}

} // namespace

void add_forecast_command(CLI::App& app, const global_options& options, action& run) {
    auto args = std::make_shared<forecast_args>();
    CLI::App* cmd = app.add_subcommand(
        "forecast", "Projected children, Kita demand and school enrolment per district and facility");
    cmd->add_option("project", args->project, "The project file (YAML)")->required();
    cmd->add_option("--out,-o", args->out, "Output folder (created when missing)")->required();
    cmd->add_option("--base-year", args->base_year, "Last observed year to project from (default: the latest)");
    cmd->add_option("--horizon", args->horizon, "Years projected (default: the project's, else 10)");
    cmd->add_option("--land", args->land,
                    "Class-size rules: NW or BE (default: the project's, else NW); replaces the "
                    "project's class_sizes too");
    cmd->add_option("--backtest", args->backtest,
                    "Also hold out the last K observed years, project them and report MAPE and bias");
    cmd->callback([&options, &run, args] { run = [&options, args] { return run_forecast_command(options, *args); }; });
}

} // namespace standort::services::cli
