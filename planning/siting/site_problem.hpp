#pragma once

#include "planning/reach/capacity_assignment.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace standort::planning {

// Site choice as the location science of school and Kita planning states it (ReVelle and
// Eiselt 2005; Church and Murray, "Location Covering Models", 2018): demand units with their
// children, sites that may serve them, and the cost from each unit to each site in reach.

// What a site is to the choice: an existing facility the plan keeps, one it may close, a
// candidate plot, or another provider's facility, which serves children but is never chosen
// nor closed (a private school, a neighbouring municipality's Kita).
enum class site_role { required, closable, candidate, competitor };
std::string to_string(site_role role);

// The question asked:
//   p_median              least child-weighted total way with p sites (Hakimi 1964)
//   mclp                  most children within the threshold with p sites (Church and ReVelle 1974)
//   lscp                  fewest sites so that every child is within the threshold (Toregas 1971)
//   p_center              least worst way with p sites (of the children some site reaches)
//   capacitated_p_median  least total way with every site within its capacity; children no
//                         seat in reach takes stay unassigned (first as few as possible)
//   capacitated_coverage  most children assigned within the threshold and the capacities
enum class siting_objective {
    p_median,
    mclp,
    lscp,
    p_center,
    capacitated_p_median,
    capacitated_coverage
};
std::optional<siting_objective> parse_siting_objective(std::string_view name); // "p-median", ...
std::string to_string(siting_objective objective);
bool minimises(siting_objective objective);
bool is_capacitated(siting_objective objective);

// The problem the solvers see. Each unit's row lists the sites in reach, nearest first; a unit
// no open site reaches costs `unreached_cost` per child (p-median), is uncovered (MCLP) or
// unassigned (capacitated). Sites whose role is required or competitor are always open; p
// counts the open ones among the closable and candidate sites.
struct site_problem {
    std::vector<double> demand;     // children per unit
    std::vector<std::size_t> start; // row u is [start[u], start[u + 1])
    std::vector<std::uint32_t> site;
    std::vector<double> cost;
    std::vector<site_role> roles; // per site
    std::vector<double> capacity; // per site; infinity: no limit
    double threshold = 0;         // the coverage radius, in the cost's unit
    double unreached_cost = 0;    // per child, for p-median
    // How far a child may be assigned within seats. Entries beyond it are fallbacks: a unit's
    // nearest site when none is within reach (Church's k-nearest fallback), for the way to
    // the nearest open site (p-median, p-center), never for a seat.
    double reach = std::numeric_limits<double>::infinity();

    std::size_t units() const { return demand.size(); }
    std::size_t sites() const { return roles.size(); }
    std::span<const std::uint32_t> sites_of(std::size_t u) const {
        return {site.data() + start[u], site.data() + start[u + 1]};
    }
    std::span<const double> costs_of(std::size_t u) const {
        return {cost.data() + start[u], cost.data() + start[u + 1]};
    }
    bool fixed_open(std::size_t j) const {
        return roles[j] == site_role::required || roles[j] == site_role::competitor;
    }
    bool choosable(std::size_t j) const { return !fixed_open(j); }
};

constexpr double no_limit = std::numeric_limits<double>::infinity();

// Builds the rows from per-unit lists of (site, cost) in any order; each row is sorted.
site_problem make_site_problem(std::vector<double> demand,
                               std::vector<std::vector<std::pair<std::uint32_t, double>>> rows,
                               std::vector<site_role> roles, std::vector<double> capacity,
                               double threshold, double unreached_cost);

// A plan evaluated: uncapacitated, every unit goes to its nearest open site; capacitated, the
// minimum-cost assignment within the capacities (arcs within the threshold only, for coverage).
struct plan_evaluation {
    double objective = 0;  // in the objective's terms (cost, children covered, count, worst way)
    double total_cost = 0; // children times cost, over the children with a site
    double covered = 0;    // children within the threshold of their site
    double max_cost = 0;   // the worst way of a child with a site
    double unserved = 0;   // children with no open site in reach, or no seat
    std::size_t open = 0;  // open sites among the choosable ones
    std::vector<std::int64_t> unit_site; // the site of most of a unit's children; -1: none
    std::vector<double> unit_cost;       // infinity where none
    std::vector<double> site_children;   // per site
    std::vector<assignment_flow> flows;  // unit -> site, children and cost
    // Capacitated: per entry of the problem's rows, whether the assignment's last round held
    // it; a start for evaluating a similar plan (assign_with_capacity's start_arcs).
    std::vector<bool> assignment_arcs;
};

// `start_arcs`: the assignment_arcs of another plan of the same problem (capacitated
// objectives only; they speed the solver, never change the result).
plan_evaluation evaluate_plan(const site_problem& problem, const std::vector<bool>& open,
                              siting_objective objective,
                              const std::vector<bool>* start_arcs = nullptr);

// The plan with every fixed site open and the given choosable ones.
std::vector<bool> plan_with(const site_problem& problem, const std::vector<std::size_t>& chosen);

} // namespace standort::planning
