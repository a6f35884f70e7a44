#pragma once

#include "planning/model/model.hpp"
#include "planning/monitoring/publication.hpp"
#include "planning/reports.hpp"
#include "planning/requests.hpp"
#include "planning/settings.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace standort::planning {

// Progress of a long step, for a terminal: "nearest kita", "building the walk network".
using progress_callback = std::function<void(const std::string& step)>;

// The one engine behind every front end (the CLI, the HTTP server, the maps), as OSRM's
// `osrm::OSRM` and Valhalla's actor are: built once from a loaded project, with one entry per
// analysis. Each entry takes a typed request, resolves and validates its defaults, runs the
// analysis and returns a typed report. Street graphs are built once per travel mode, on first
// use, and shared by every later request; entries may run concurrently.
//
// Errors: request_error for a parameter no project could accept, config_error when the
// project cannot carry the request (no street network, a year without figures, too few years
// for a back-test), input_error for an input that turns out unusable (a street layer without
// a way open to the mode).
class planner {
public:
    planner(planning_model model, analysis_settings settings,
            std::optional<street_data> streets = std::nullopt,
            std::vector<housing_area> housing = {});
    ~planner();
    planner(planner&&) noexcept;
    planner& operator=(planner&&) noexcept;

    const planning_model& model() const noexcept { return m_model; }
    const analysis_settings& settings() const noexcept { return m_settings; }
    bool has_streets() const noexcept { return m_streets.has_value(); }

    base_report base() const;
    supply_report supply(const supply_request& request) const;
    coverage_report coverage(const coverage_request& request,
                             const progress_callback& progress = {}) const;
    access_report access(const access_request& request,
                         const progress_callback& progress = {}) const;
    catchments_report catchments(const catchments_request& request,
                                 const progress_callback& progress = {}) const;
    isochrones_report isochrones(const isochrones_request& request,
                                 const progress_callback& progress = {}) const;
    forecast_report forecast(const forecast_request& request,
                             const progress_callback& progress = {}) const;
    siting_report siting(const siting_request& request,
                         const progress_callback& progress = {}) const;
    // Bildungsmonitoring: every indicator per area and year; published (`rules` given), with
    // the confidentiality rules applied and what they suppressed beside it.
    indicator_report indicators() const;
    published_report published_indicators(const publication_rules& rules) const;

    // A front end that asks many what-ifs of one planner (the server) has it keep each siting
    // request's problem (the ways from every home to every site) and today's evaluation for the
    // next request with the same parameters, so a what-if evaluates only its option. Off by
    // default: a single run would hold the ways until the planner goes. Call before sharing.
    void keep_siting_problems(bool keep);

    // The rules every entry shares, resolved from the project's settings.
    age_band grundschule_ages() const;
    std::vector<supply_group> supply_groups() const;
    std::vector<coverage_kind> coverage_kinds() const;

private:
    struct travel;
    struct network_cache;
    struct siting_cache;

    // The year whose district figures an analysis uses: the one asked for, else `preferred`
    // (the project's supply year, the grid's year), else the latest population year.
    int analysis_year(std::optional<int> asked, std::optional<int> preferred,
                      bool figures_required) const;
    travel open_travel(const travel_request& request, const std::vector<cost_metric>& metrics,
                       const std::string& what, const progress_callback& progress) const;
    travel_used describe(const travel& t) const;
    std::optional<int> grid_year() const;
    std::vector<projected_grades> projected_claim_grades(std::string& why_not) const;
    std::vector<reach_figures> indicator_reach(std::string& why_not) const;

    planning_model m_model;
    analysis_settings m_settings;
    std::optional<street_data> m_streets;
    std::vector<housing_area> m_housing;
    std::unique_ptr<network_cache> m_networks;
    std::unique_ptr<siting_cache> m_siting; // ways and today's evaluation, for the what-ifs
};

} // namespace standort::planning
