#pragma once

#include "planning/siting/site_problem.hpp"

#include <vector>

namespace standort::planning {

// A good plan fast, for large instances and as the first incumbent of the exact solver:
// greedy addition, then the fast interchange of Whitaker (1983) as Hansen and Mladenović
// (1997) describe it: every swap of an open and a closed site is priced in one pass over the
// closed site's column, from each unit's nearest and second-nearest open site (p-median) or
// the number of open sites covering it (MCLP). LSCP is a greedy cover with redundant sites
// dropped; p-center searches the smallest radius a greedy cover with p sites reaches; the
// capacitated objectives swap while the minimum-cost assignment improves.
struct heuristic_plan {
    std::vector<bool> open;
    double objective = 0;
    std::size_t evaluations = 0; // swaps priced or plans evaluated
};

// Sites as columns: for each site the units it reaches, nearest first. Built once per problem
// (sorting every column is the costliest step of a small search).
struct site_columns {
    std::vector<std::size_t> start;
    std::vector<std::uint32_t> unit;
    std::vector<double> cost;
};
site_columns columns_of(const site_problem& problem);

// `p` counts open sites among the choosable ones (ignored for LSCP). Every fixed site is open.
// The capacitated objectives price every swap with a minimum-cost assignment; they stop
// swapping after `time_limit_s`.
heuristic_plan plan_heuristically(const site_problem& problem, const site_columns& columns,
                                  siting_objective objective, std::size_t p,
                                  double time_limit_s = 60);

// The fast interchange from a given plan (p-median and MCLP; others return it unchanged).
heuristic_plan improve_by_interchange(const site_problem& problem, const site_columns& columns,
                                      siting_objective objective, std::vector<bool> open);

// For LSCP and p-center: the fewest choosable sites a greedy cover needs so that every unit
// with children and a site within `radius` is within `radius` of an open site.
std::vector<std::size_t> greedy_cover(const site_problem& problem, const site_columns& columns,
                                      double radius);

} // namespace standort::planning
