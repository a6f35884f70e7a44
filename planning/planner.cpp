#include "planning/planner.hpp"

#include "geo/error.hpp"
#include "planning/detail/planner_travel.hpp"
#include "planning/detail/siting_cache.hpp"
#include "planning/model/population_index.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <mutex>

namespace standort::planning {

using geo::network::street_network;
using geo::network::travel_mode;

struct planner::network_cache {
    std::mutex mutex;
    std::map<travel_mode, std::shared_ptr<const street_network>> by_mode;
};

std::optional<travel_choice> parse_travel_choice(std::string_view name) {
    if (name == "auto") {
        return travel_choice::automatic;
    }
    if (name == "network") {
        return travel_choice::network;
    }
    if (name == "straight") {
        return travel_choice::straight;
    }
    return std::nullopt;
}

planner::planner(planning_model model, analysis_settings settings,
                 std::optional<street_data> streets, std::vector<housing_area> housing)
    : m_model(std::move(model)), m_settings(std::move(settings)), m_streets(std::move(streets)),
      m_housing(std::move(housing)), m_networks(std::make_unique<network_cache>()),
      m_siting(std::make_unique<siting_cache>()) {}

planner::~planner() = default;
planner::planner(planner&&) noexcept = default;
planner& planner::operator=(planner&&) noexcept = default;

void planner::keep_siting_problems(bool keep) {
    m_siting->keep = keep;
}

age_band planner::grundschule_ages() const {
    const auto& f = m_settings.forecast;
    return m_settings.grundschule_ages.value_or(
        age_band{f.entry_age, f.entry_age + f.rules.primary_grades});
}

std::vector<supply_group> planner::supply_groups() const {
    auto groups = m_settings.supply_groups;
    for (auto& g : groups) {
        if (g.kind == facility_kind::grundschule) {
            g.ages = grundschule_ages();
        }
    }
    return groups;
}

std::vector<coverage_kind> planner::coverage_kinds() const {
    auto kinds = m_settings.coverage_kinds;
    for (auto& k : kinds) {
        if (k.kind == facility_kind::grundschule) {
            k.ages = grundschule_ages();
            k.sub_bands = {k.ages};
        }
    }
    return kinds;
}

std::optional<int> planner::grid_year() const {
    return m_model.grid.size() > 0 ? m_model.grid.year : std::nullopt;
}

indicator_report planner::indicators() const {
    // Places and seats are known for the year the facility sources describe: the supply year.
    const auto years = population_index(m_model.population).years();
    indicator_request request;
    request.facilities_year =
        m_settings.supply_year.value_or(grid_year().value_or(years.empty() ? 0 : *years.rbegin()));
    request.ganztag_per_100 = m_settings.monitoring.ganztag_per_100;
    request.entry_age = m_settings.forecast.entry_age;
    std::string unprojected;
    request.projected = projected_claim_grades(unprojected);
    std::string unreached;
    request.reach = indicator_reach(unreached);
    auto report = compute_indicators(m_model, request);
    for (const auto* note : {&unprojected, &unreached}) {
        if (!note->empty()) {
            report.notes.push_back(*note);
        }
    }
    return report;
}

namespace {

std::string german_kind(facility_kind kind) {
    switch (kind) {
    case facility_kind::kita:
        return "Kita";
    case facility_kind::grundschule:
        return "Grundschule";
    case facility_kind::sek1:
    case facility_kind::sek2:
        return "weiterführenden Schule";
    case facility_kind::foerderschule:
        return "Förderschule";
    default:
        return to_string(kind);
    }
}

std::string limit_text(const coverage_kind& k, const travel_used& travel) {
    const double limit = k.thresholds.back();
    const auto how = travel.network ? "Weg im Straßennetz" : "Luftlinie";
    if (k.metric != cost_metric::distance_m) {
        return fmt::format("{:.0f} min ({})", limit / 60, how);
    }
    auto km = fmt::format("{:g}", limit / 1000);
    std::replace(km.begin(), km.end(), '.', ',');
    return limit >= 1000 ? fmt::format("{} km ({})", km, how)
                         : fmt::format("{:.0f} m ({})", limit, how);
}

} // namespace

// The access indicators' figures: the coverage analysis as the project sets it (its kinds,
// thresholds and travel), per district; the farthest threshold is the limit (the Schulweg of
// 2 km, the Kita's 1 km). A project coverage cannot run on, or without a grid, gets none, and
// a note why.
std::vector<reach_figures> planner::indicator_reach(std::string& why_not) const {
    coverage_report c;
    const auto unreachable = [&](const std::exception& e) {
        why_not = fmt::format("Erreichbarkeit: keine Kennzahlen ({})", e.what());
        return std::vector<reach_figures>{};
    };
    try {
        c = coverage({});
    } catch (const config_error& e) {
        return unreachable(e);
    } catch (const input_error& e) { // a street layer without a way open to the mode
        return unreachable(e);
    }
    std::vector<reach_figures> out;
    for (const auto& k : c.kinds) {
        // Without a facility of the kind every child would be "beyond", which says nothing.
        if (k.kind.thresholds.empty() || k.facilities == 0) {
            continue;
        }
        if (!k.from_grid) {
            // One point per district says nothing about where its children live: a Bezirk
            // would be 0 or 100 % beyond the limit.
            why_not = "Erreichbarkeit: kein Bevölkerungsgitter (grid) im Projekt; ohne die "
                      "Wohnorte der Kinder sind die Anteile über der Wegegrenze nicht berechnet";
            continue;
        }
        reach_figures r;
        r.name = k.kind.name;
        r.title = german_kind(k.kind.kind);
        r.limit = limit_text(k.kind, c.travel);
        r.ages = fmt::format("{} bis unter {} Jahren", k.kind.ages.from, k.kind.ages.to);
        r.basis = "nach dem Bevölkerungsgitter";
        r.year = c.year;
        for (const auto& d : k.districts) {
            r.children.push_back(d.children);
            r.beyond.push_back(d.children && !d.within.empty()
                                   ? std::optional(std::max(0.0, *d.children - d.within.back()))
                                   : std::nullopt);
        }
        out.push_back(std::move(r));
    }
    return out;
}

// The Ganztag claim's school years the Schulstatistik has not reached: grades 1 to 4 of each
// Grundschule as the project's forecast (middle variant) projects them. A project the forecast
// cannot run on gets the observed years only, and a note why.
std::vector<projected_grades> planner::projected_claim_grades(std::string& why_not) const {
    const bool has_grades = std::any_of(m_model.enrolment.begin(), m_model.enrolment.end(),
                                        [](const enrolment_record& e) { return e.grade != "all"; });
    if (!has_grades) {
        return {};
    }
    forecast_options o = m_settings.forecast;
    o.population.housing = m_housing;
    forecast_result f;
    try {
        f = run_forecast(m_model, o);
    } catch (const config_error& e) {
        why_not = fmt::format("Rechtsanspruch Ganztag: nur beobachtete Schuljahre, keine "
                              "Prognose ({})",
                              e.what());
        return {};
    }
    std::vector<projected_grades> out;
    for (const auto& s : f.facilities) {
        const auto& school = m_model.facilities[s.facility];
        if (school.kind != facility_kind::grundschule || s.totals_only || s.entry_grade != 1 ||
            s.last_grade < 4) {
            continue;
        }
        const auto& middle = s.pupils[static_cast<std::size_t>(variant::middle)];
        for (std::size_t k = 1; k < middle.size() && s.year(k) <= ganztag_claim_full_year; ++k) {
            projected_grades g{school.id, s.year(k), {}};
            for (std::size_t i = 0; i < 4; ++i) {
                g.pupils[i] = middle[k][i];
            }
            out.push_back(std::move(g));
        }
    }
    return out;
}

published_report planner::published_indicators(const publication_rules& rules) const {
    if (!(rules.min_count >= 1) || !(rules.min_denominator >= 0)) {
        throw request_error("min-count", "publication needs a minimum count of at least 1 and "
                                         "a minimum denominator of at least 0");
    }
    return publish(indicators(), rules);
}

int planner::analysis_year(std::optional<int> asked, std::optional<int> preferred,
                           bool figures_required) const {
    const auto years = population_index(m_model.population).years();
    if (years.empty() && figures_required) {
        throw config_error("the analysis needs population figures; the project has none");
    }
    const int year = asked.value_or(preferred.value_or(years.empty() ? 0 : *years.rbegin()));
    if (!years.empty() && !years.contains(year)) {
        throw config_error(fmt::format("no population figures for {}; the project has {} to {}",
                                       year, *years.begin(), *years.rbegin()));
    }
    return year;
}

planner::travel planner::open_travel(const travel_request& request,
                                     const std::vector<cost_metric>& metrics,
                                     const std::string& what,
                                     const progress_callback& progress) const {
    const bool use_network = request.choice == travel_choice::network ||
                             (request.choice == travel_choice::automatic && m_streets);
    travel out;
    if (!use_network) {
        if (request.mode) {
            throw request_error("mode", "a travel mode needs the street network; straight lines "
                                        "have none");
        }
        for (auto metric : metrics) {
            if (metric == cost_metric::time_s) {
                throw config_error(fmt::format("{} are times: they need a street network "
                                               "(`network:`)",
                                               what));
            }
        }
        return out;
    }
    if (!m_streets) {
        throw config_error("no street network: add a `network:` section to the project file, or "
                           "use straight-line distances (--travel straight)");
    }
    const travel_mode mode = request.mode.value_or(m_streets->options.mode);
    std::lock_guard lock(m_networks->mutex);
    auto& network = m_networks->by_mode[mode];
    if (!network) {
        network = std::make_shared<const street_network>(
            detail::build_network(*m_streets, mode, progress));
    }
    out.network = network;
    out.costs = travel_costs(*network);
    return out;
}

travel_used planner::describe(const travel& t) const {
    travel_used out{t.costs.describe(), std::nullopt};
    if (t.network) {
        const auto& s = t.network->stats();
        const auto& o = t.network->options();
        out.network = network_used{m_streets->source,
                                   m_streets->features,
                                   o.mode,
                                   o.speeds.walk_kmh,
                                   o.speeds.cycle_kmh,
                                   s.ways_used,
                                   t.network->node_count(),
                                   t.network->edges().size(),
                                   s.length_km,
                                   s.components,
                                   s.edges_outside_main};
    }
    return out;
}

base_report planner::base() const {
    return {summarise(m_model), district_capacities(m_model), catchment_schools_inside(m_model)};
}

} // namespace standort::planning
