#include "planning/forecast/enrolment_projection.hpp"

#include "geo/error.hpp"

#include <fmt/format.h>

namespace standort::planning {

namespace {

// A grade of less than one pupil gives no rate: too small to say anything.
constexpr double min_pupils = 1.0;

std::size_t grades(const school_series& s) {
    return static_cast<std::size_t>(s.last_grade - s.entry_grade + 1);
}

} // namespace

school_rates enrolment_rates(const school_series& s, int base_year,
                             const std::vector<double>& weights) {
    const int n = static_cast<int>(weights.size());
    const std::size_t g_count = grades(s);
    school_rates out;
    // Entry quote: the n newest years up to the base year.
    std::vector<std::pair<double, double>> entry;
    for (int t = base_year - n + 1; t <= base_year; ++t) {
        const auto p = s.pupils.find(t);
        const auto pool = s.pool.find(t);
        entry.push_back(p != s.pupils.end() && pool != s.pool.end()
                            ? std::pair{p->second[0], pool->second}
                            : std::pair{0.0, 0.0});
    }
    out.entry = weighted_rate(entry, weights, min_pupils);
    out.transitions.resize(g_count > 0 ? g_count - 1 : 0);
    for (std::size_t g = 0; g + 1 < g_count; ++g) {
        std::vector<std::pair<double, double>> obs;
        for (int t = base_year - n; t < base_year; ++t) {
            const auto p0 = s.pupils.find(t);
            const auto p1 = s.pupils.find(t + 1);
            obs.push_back(p0 != s.pupils.end() && p1 != s.pupils.end()
                              ? std::pair{p1->second[g + 1], p0->second[g]}
                              : std::pair{0.0, 0.0});
        }
        out.transitions[g] = weighted_rate(obs, weights, min_pupils);
    }
    return out;
}

school_projection project_enrolment(const school_series& s, const school_rates& rates,
                                    int base_year, int horizon) {
    const auto base = s.pupils.find(base_year);
    if (base == s.pupils.end()) {
        throw config_error(fmt::format("no enrolment in the base year {}", base_year));
    }
    const std::size_t g_count = grades(s);
    school_projection out;
    out.rates = rates;
    out.pupils.push_back(base->second);
    if (!rates.entry) {
        out.notes.push_back(
            fmt::format("grade {}: no entrants in the base years, none projected", s.entry_grade));
    }
    for (std::size_t g = 0; g < rates.transitions.size(); ++g) {
        if (!rates.transitions[g]) {
            out.notes.push_back(fmt::format("grade {} to {}: no pupils in the base years, rate 1",
                                            s.entry_grade + static_cast<int>(g),
                                            s.entry_grade + static_cast<int>(g) + 1));
        }
    }
    for (int k = 1; k <= horizon; ++k) {
        const int year = base_year + k;
        const auto& prev = out.pupils.back();
        std::vector<double> next(g_count, 0.0);
        const auto pool = s.pool.find(year);
        if (rates.entry && pool != s.pool.end()) {
            next[0] = rates.entry->mean * pool->second;
        }
        for (std::size_t g = 0; g + 1 < g_count; ++g) {
            const double q = rates.transitions[g] ? rates.transitions[g]->mean : 1.0;
            next[g + 1] = q * prev[g];
        }
        out.pupils.push_back(std::move(next));
    }
    return out;
}

} // namespace standort::planning
