#pragma once

#include "planning/siting/site_problem.hpp"

#include <optional>
#include <string>
#include <vector>

namespace standort::planning {

struct solve_limits {
    double time_limit_s = 60;
    double gap = 0.005; // relative: stop when the plan is proven within this of the optimum
    // Formulations up to this many nonzeros go to CBC; larger ones get the heuristic and a
    // Lagrangian bound.
    std::size_t mip_nonzeros = 600'000;
};

// The best plan found, with a proven bound on the optimum: the gap says how far from the
// optimum the plan can at worst be.
struct site_solution {
    std::vector<bool> open;
    plan_evaluation evaluation;
    double objective = 0;
    std::optional<double> bound;
    std::optional<double> gap; // relative; nullopt without a bound
    bool within_gap = false;   // proven within the gap asked for
    bool optimal = false;      // the bound meets the plan (within rounding): none is better
    double seconds = 0;
    std::string method;
};

// Chooses `p` of the choosable sites (LSCP: as few as cover every coverable unit): the
// heuristic first, then CBC on the formulation when it is small enough, else a Lagrangian
// bound (p-median, MCLP).
site_solution solve_siting(const site_problem& problem, siting_objective objective, std::size_t p,
                           const solve_limits& limits = {});

// The units no site (always-open or choosable) reaches within the threshold: LSCP cannot
// cover them, whatever is built.
std::vector<std::size_t> uncoverable_units(const site_problem& problem);

} // namespace standort::planning
