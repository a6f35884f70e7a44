#include "services/render/forecast.hpp"

#include "services/render/aliases.hpp"
#include "services/render/analysis_styles.hpp"
#include "services/render/detail/forecast_layers.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <map>

namespace standort::services {

namespace {

using planning::school_year_label;

constexpr auto mid = static_cast<std::size_t>(planning::variant::middle);

nlohmann::json housing_json(const std::vector<planning::housing_area>& housing) {
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
    return areas;
}

nlohmann::json rules_json(const planning::land_rules& rules) {
    auto rule = [](const planning::class_rule& c) {
        return nlohmann::json{{"max_per_class", c.max_per_class},
                              {"entry_table", c.entry_table},
                              {"source", c.source}};
    };
    nlohmann::json out{{"land", rules.name},
                       {"primary_grades", rules.primary_grades},
                       {"grundschule", rule(rules.grundschule)},
                       {"sek1", rule(rules.sek1)}};
    if (rules.gymnasium) {
        out["gymnasium"] = rule(*rules.gymnasium);
    }
    return out;
}

double round2(double v) {
    return std::round(v * 100) / 100;
}

nlohmann::json horizons_json(const planning::horizon_backtest& h) {
    nlohmann::json scores = nlohmann::json::array();
    for (const auto& s : h.scores) {
        nlohmann::json j{{"unit", s.unit},
                         {"measure", s.measure},
                         {"method", s.method},
                         {"horizon", s.horizon},
                         {"n", s.n},
                         {"mape_pct", round2(s.mape)},
                         {"median_ape_pct", round2(s.median_ape)},
                         {"bias_pct", round2(s.bias)},
                         {"weighted_mape_pct", round2(s.weighted_mape)}};
        if (s.corridor_n > 0) {
            j["in_corridor_pct"] = round2(100.0 * static_cast<double>(s.in_corridor) /
                                          static_cast<double>(s.corridor_n));
            j["corridor_n"] = s.corridor_n;
        }
        scores.push_back(j);
    }
    return {{"bases", h.bases}, {"scores", scores}};
}

nlohmann::json backtest_json(const planning::backtest_result& b) {
    nlohmann::json out{
        {"held_out", b.held_out},
        {"base_year", b.base_year},
        {"school_base_year", b.school_base_year > 0
                                 ? nlohmann::json(school_year_label(b.school_base_year))
                                 : nlohmann::json()},
        {"rolling", horizons_json(b.horizons)},
        {"summary", nlohmann::json::array()}};
    for (const auto& s : b.summary) {
        out["summary"].push_back({{"unit", s.unit},
                                  {"measure", s.measure},
                                  {"rows", s.rows},
                                  {"mape_pct", std::round(s.mape * 100) / 100},
                                  {"bias_pct", std::round(s.bias * 100) / 100},
                                  {"projected", std::round(s.total_projected)},
                                  {"observed", std::round(s.total_observed)}});
    }
    return out;
}

nlohmann::json population_method_json(const planning::forecast_result& r) {
    const auto& p = r.options.population;
    nlohmann::json out{{"name", planning::to_string(p.method)},
                       {"chosen_by_backtest", p.method_by_backtest}};
    if (p.method == planning::projection_method::damped_cohort) {
        nlohmann::json bands = nlohmann::json::array();
        for (const auto& b : r.population.bands) {
            bands.push_back(planning::to_string(b));
        }
        out["bands"] = bands;
        out["damping"] = {{"strength", r.population.damped.strength},
                          {"persistence", r.population.damped.persistence},
                          {"weight", r.population.damped.weight}};
        out["jump_share"] = p.jump_share;
        out["single_ages"] = "mean-preserving piecewise-linear density within each band";
    }
    return out;
}

nlohmann::json parameters_json(const planning::forecast_report& report) {
    const auto& r = report.result;
    const auto& o = r.options;
    const auto& p = o.population;
    const bool damped = p.method == planning::projection_method::damped_cohort;
    nlohmann::json kita = nlohmann::json::object();
    for (const auto& k : o.kita_rates) {
        kita[planning::to_string(k.ages)] = k.per_100;
    }
    nlohmann::json movers = nlohmann::json::object();
    for (const auto& [band, share] : p.movers.shares) {
        movers[planning::to_string(band)] = std::round(share * 1000) / 10;
    }
    nlohmann::json out{
        {"analysis", "forecast"},
        {"method", "cohort-component by district; Kita demand by participation rates; school "
                   "enrolment by Einschulungs-, Übergangs- and transition rates "
                   "(Übergangsquotenverfahren)"},
        {"population_method", population_method_json(r)},
        {"base_year", r.base_year},
        {"school_base_year", school_year_label(r.school_base_year)},
        {"horizon", p.horizon},
        {"last_age", p.last_age},
        {"trend_weights", p.weights},
        {"births", damped ? std::string("newborns in the youngest band's own change ratio (no "
                                        "reference population)")
                   : p.births == planning::births_basis::reference_population
                       ? "newborns per person aged " + planning::to_string(p.reference)
                       : std::string("newborns per newborns of the year before")},
        {"variants", p.variant_factors ? nlohmann::json{{"low", p.variant_factors->first},
                                                        {"high", p.variant_factors->second}}
                     : damped          ? nlohmann::json(r.population.corridor)
                              : nlohmann::json("every rate one weighted standard deviation of the "
                                               "base years below (low) or above (high) its mean, "
                                               "all in the same direction: an envelope, not a "
                                               "confidence interval")},
        {"kita_rates_per_100", kita},
        {"entry_age", o.entry_age},
        {"class_rules", rules_json(o.rules)},
        {"housing_areas", housing_json(report.housing)},
        {"movers_profile_pct", movers},
        {"notes", r.notes}};
    if (report.backtest) {
        out["backtest"] = backtest_json(*report.backtest);
    }
    return out;
}

nlohmann::json year_or_null(const std::optional<int>& y) {
    return y ? nlohmann::json(*y) : nlohmann::json();
}

void print_short_schools(std::ostream& out, const planning::planning_model& model,
                         const planning::forecast_report& report) {
    const auto& r = report.result;
    out << fmt::format("  Schulen:      {} mit Prognose ab {}, {} davon mit Engpass\n",
                       r.facilities.size(), school_year_label(r.school_base_year),
                       report.outlook.totals.short_schools.size());
    for (auto i : report.outlook.totals.short_schools) {
        const auto& ff = r.facilities[i];
        const auto& f = model.facilities[ff.facility];
        const int first = *ff.first_shortage[mid];
        const auto& y = ff.years[mid][static_cast<std::size_t>(first - ff.base_year)];
        out << fmt::format("    {} {}: ab {} ({:.0f} Schüler, {} Plätze, {} Klassen{})\n",
                           f.id.value, f.name, school_year_label(first), y.pupils,
                           ff.seats ? fmt::format("{:.0f}", *ff.seats) : std::string("?"),
                           y.classes, ff.rooms ? fmt::format(" in {} Räumen", *ff.rooms) : "");
    }
}

const char* method_label(const std::string& method) {
    return method == "standort" ? "standort" : method == "trend" ? "Trend" : "keine Änderung";
}

// MAPE by years ahead for each measure and method, and the corridor's hits: the table a
// planner compares a projection with doing nothing by.
void print_horizons(std::ostream& out, const planning::horizon_backtest& h) {
    if (h.bases.empty()) {
        return;
    }
    int max_h = 0;
    for (const auto& s : h.scores) {
        max_h = std::max(max_h, s.horizon);
    }
    out << fmt::format("Rückrechnung mit rollierender Basis ({} bis {}), MAPE % nach Jahren "
                       "voraus\n  {:<8} {:<15}",
                       h.bases.front(), h.bases.back(), "Alter", "Methode");
    for (int k = 1; k <= max_h; ++k) {
        out << fmt::format(" {:>7}", fmt::format("{} J.", k));
    }
    out << "\n";
    std::map<std::pair<std::string, std::string>, std::map<int, const planning::horizon_score*>>
        rows;
    for (const auto& s : h.scores) {
        rows[{s.measure, s.method}][s.horizon] = &s;
    }
    for (const auto& [key, by_h] : rows) {
        out << fmt::format("  {:<8} {:<15}", key.first, method_label(key.second));
        for (int k = 1; k <= max_h; ++k) {
            const auto it = by_h.find(k);
            out << (it == by_h.end() ? fmt::format(" {:>7}", "-")
                                     : fmt::format(" {:>7.2f}", it->second->mape));
        }
        out << "\n";
    }
    std::map<std::string, std::string> corridor;
    for (const auto& s : h.scores) {
        if (s.corridor_n > 0) {
            corridor[s.measure] += fmt::format(
                "{}{} J. {:.0f} %", corridor[s.measure].empty() ? "" : ", ", s.horizon,
                100.0 * static_cast<double>(s.in_corridor) / static_cast<double>(s.corridor_n));
        }
    }
    if (!corridor.empty()) {
        out << "  Beobachtet im Korridor (80-%-Prognoseintervall je Altersband):\n";
        for (const auto& [measure, text] : corridor) {
            out << fmt::format("    {:<8} {}\n", measure, text);
        }
    }
}

void print_backtest(std::ostream& out, const planning::forecast_report& report) {
    const auto& b = *report.backtest;
    out << fmt::format("Rückrechnung: {} Jahre zurückgehalten, Basis {}{}\n", b.held_out,
                       b.base_year,
                       report.result.facilities.empty()
                           ? std::string{}
                           : " (Schulen " + school_year_label(b.school_base_year) + ")");
    out << fmt::format("  {:<10} {:<8} {:>6} {:>8} {:>8} {:>11} {:>11}\n", "Einheit", "Alter",
                       "Zeilen", "MAPE %", "Bias %", "prognost.", "beobachtet");
    for (const auto& s : b.summary) {
        out << fmt::format("  {:<10} {:<8} {:>6} {:>8.2f} {:>8.2f} {:>11.0f} {:>11.0f}\n",
                           s.unit == "district" ? "Raum" : "Schule", s.measure, s.rows, s.mape,
                           s.bias, s.total_projected, s.total_observed);
    }
    print_horizons(out, b.horizons);
}

} // namespace

namespace {

// The change per district to the last year (around no change), the missing Kita places year
// by year on the temporal controller, each school's first year of shortage, utilisation.
void add_forecast_styles(output_files& files, output_files::layer_id districts,
                         output_files::layer_id district_years, output_files::layer_id facilities,
                         output_files::layer_id facility_years) {
    std::vector<target_field> change;
    for (const auto& f : files.layer(districts).fields) {
        if (f.name.ends_with("_change_pct")) {
            change.push_back({f.name, 0.0, german_alias(f.name).value_or(f.name), "%", ""});
        }
    }
    std::stable_partition(change.begin(), change.end(),
                          [](const target_field& t) { return t.field == "children_change_pct"; });
    files.style(districts, target_styles(files.layer(districts), change));
    auto missing = amount_styles(files.layer(district_years), {{"kita_missing", "Plätze"}});
    auto u3 = amount_styles(files.layer(district_years), {{"u3", "Kinder"}});
    missing.insert(missing.end(), u3.begin(), u3.end());
    for (auto& s : missing) {
        s = yearly(s, "year");
    }
    files.style(district_years, missing);
    auto schools = first_year_styles(files.layer(facilities), "first_shortage", "grundschule",
                                     "Grundschulen: erstes Jahr mit Platzmangel");
    auto kitas = first_year_styles(files.layer(facilities), "first_shortage", "kita",
                                   "Kitas: erstes Jahr mit Platzmangel");
    schools.insert(schools.end(), kitas.begin(), kitas.end());
    files.style(facilities, schools);
    std::vector<layer_style> use;
    for (const auto* kind : {"grundschule", "kita"}) {
        auto s = target_styles(
            files.layer(facility_years),
            {{"utilisation", 100.0,
              std::string(kind) == "kita" ? "Kitas: Auslastung" : "Grundschulen: Auslastung", "%",
              " (ab voller Auslastung)"}});
        use.push_back(yearly(only_kind(s.front(), "kind", kind), "year"));
    }
    files.style(facility_years, use);
}

} // namespace

output_files forecast_files(const planning::planning_model& model,
                            const planning::forecast_report& r) {
    output_files files;
    const auto districts = files.add(detail::forecast_districts(model, r));
    const auto district_years = files.add(detail::forecast_district_years(model, r));
    const auto facilities = files.add(detail::forecast_facilities(model, r));
    const auto facility_years = files.add(detail::forecast_facility_years(model, r));
    const auto rates = files.add(detail::forecast_rates(model, r));
    add_forecast_styles(files, districts, district_years, facilities, facility_years);
    for (auto layer : {districts, district_years, facilities, facility_years}) {
        files.geojson(layer);
    }
    std::vector<output_files::layer_id> gpkg{districts, district_years, facilities, facility_years};
    std::optional<output_files::layer_id> backtest;
    if (r.backtest) {
        backtest = files.add(detail::backtest_districts(model, *r.backtest));
        gpkg.push_back(*backtest);
        std::vector<std::pair<std::string, std::string>> errors;
        for (const auto& f : files.layer(*backtest).fields) {
            if (f.name.starts_with("mape_")) {
                errors.emplace_back(f.name, "%");
            }
        }
        files.style(*backtest, amount_styles(files.layer(*backtest), errors));
    }
    files.gpkg("forecast.gpkg", gpkg);
    files.csv(district_years, "forecast_districts.csv");
    files.csv(facility_years, "forecast_facilities.csv");
    files.csv(rates);
    files.json("forecast_parameters.json", parameters_json(r));
    if (backtest) {
        files.geojson(*backtest);
        files.csv(files.add(detail::backtest_table(model, *r.backtest)), "forecast_backtest.csv");
        files.csv(files.add(detail::backtest_horizons(r.backtest->horizons)),
                  "forecast_backtest_horizons.csv");
    }
    return files;
}

nlohmann::json forecast_json(const planning::planning_model& model,
                             const planning::forecast_report& report) {
    const auto& r = report.result;
    nlohmann::json j{{"base_year", r.base_year},
                     {"last_year", r.year(r.population.steps() - 1)},
                     {"districts", r.districts.size()},
                     {"facilities", r.facilities.size()},
                     {"notes", r.notes}};
    nlohmann::json schools = nlohmann::json::array();
    for (const auto& ff : r.facilities) {
        schools.push_back({{"id", model.facilities[ff.facility].id.value},
                           {"first_shortage", year_or_null(ff.first_shortage[mid])},
                           {"pupils_base", std::round(ff.years[mid].front().pupils * 10) / 10},
                           {"pupils_last", std::round(ff.years[mid].back().pupils * 10) / 10}});
    }
    j["schools"] = schools;
    nlohmann::json districts = nlohmann::json::array();
    for (const auto& df : r.districts) {
        districts.push_back({{"id", model.districts[df.district].id.value},
                             {"kita_first_shortage", year_or_null(df.first_shortage[mid])}});
    }
    j["districts_kita"] = districts;
    if (report.backtest) {
        j["backtest"] = backtest_json(*report.backtest);
    }
    return j;
}

void print_forecast(std::ostream& out, const planning::planning_model& model,
                    const planning::forecast_report& report) {
    const auto& r = report.result;
    const auto& t = report.outlook.totals;
    out << fmt::format("Prognose {} {}-{} (mittlere Variante, Korridor niedrig-hoch)\n", model.name,
                       r.base_year, r.year(r.population.steps() - 1));
    out << fmt::format("  Kinder 0-17:  {:.0f} -> {:.0f}  ({:.0f}-{:.0f})\n", t.children_base,
                       t.children_last, t.children_last_low, t.children_last_high);
    if (t.kita_places > 0) {
        out << fmt::format("  Kita-Bedarf:  {:.0f} -> {:.0f} bei {:.0f} Plätzen; {} von {} "
                           "Planungsräumen mit Fehlbedarf\n",
                           t.kita_demand_base, t.kita_demand_last, t.kita_places, t.short_districts,
                           r.districts.size());
    } else {
        out << fmt::format("  Kita-Bedarf:  {:.0f} -> {:.0f} (keine Kitas im Projekt)\n",
                           t.kita_demand_base, t.kita_demand_last);
    }
    if (!r.facilities.empty()) {
        print_short_schools(out, model, report);
    }
    if (report.backtest) {
        print_backtest(out, report);
    }
    for (const auto& n : r.notes) {
        out << "  Hinweis: " << n << "\n";
    }
}

} // namespace standort::services
