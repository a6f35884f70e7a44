#include "planning/forecast/calibration.hpp"

#include "planning/forecast/damped_cohort.hpp"

#include "geo/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace standort::planning {

namespace {

constexpr auto mid = static_cast<std::size_t>(variant::middle);
// Fewer errors than this in a band or size class make no quantile worth stating.
constexpr std::size_t min_errors = 30;

double quantile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

} // namespace

calibrator::calibrator(const age_history_table& history, const projection_options& options,
                       int last_year)
    : m_history(history), m_options(options) {
    m_options.interval.reset();
    for (const auto& d : options.damped ? std::vector<damping>{*options.damped} : damping_grid()) {
        m_grid.push_back({projection_method::damped_cohort, d});
    }
    if (options.method_by_backtest) {
        m_grid.push_back({projection_method::cohort_ratios, {}});
    }
    std::set<int> years;
    for (const auto& h : history.districts) {
        m_by_id.emplace(h.district.value, &h);
        for (const auto& [year, bands] : h.bands) {
            if (year <= last_year) {
                years.insert(year);
            }
        }
    }
    m_first = years.empty() ? last_year : *years.begin();
    for (const int y : years) {
        if (y > m_first && y < last_year) {
            m_origins.push_back(y);
        }
    }
    m_scores.resize(m_grid.size());
    for (const int origin : m_origins) {
        const auto per_candidate = errors(m_grid, origin, last_year);
        for (std::size_t g = 0; g < m_grid.size(); ++g) {
            for (const auto& e : per_candidate[g]) {
                auto& sc = m_scores[g][e.band][e.target];
                sc.abs_sum += std::abs(e.pct);
                ++sc.n;
            }
        }
    }
}

std::vector<std::vector<calibrator::error>>
calibrator::errors(const std::vector<candidate>& candidates, int origin, int until) const {
    projection_options o = m_options;
    o.middle_only = true;
    o.base_year = origin;
    o.horizon = until - origin;
    std::vector<damping> dampings;
    for (const auto& c : candidates) {
        if (c.method == projection_method::damped_cohort) {
            dampings.push_back(c.d);
        }
    }
    std::vector<population_projection> damped;
    std::optional<population_projection> ratios;
    band_partition partition;
    try {
        partition = common_partition(m_history, m_first, origin, o.last_age);
        damped = project_damped_each(m_history, o, dampings);
    } catch (const config_error&) {
        // the years up to this origin share no bands: nothing to judge
        return std::vector<std::vector<error>>(candidates.size());
    }
    partition.context.reset();
    std::vector<std::vector<error>> out;
    std::size_t next_damped = 0;
    for (const auto& c : candidates) {
        if (c.method == projection_method::damped_cohort) {
            out.push_back(errors_of(damped[next_damped++], partition, origin));
            continue;
        }
        o.method = c.method;
        try {
            out.push_back(errors_of(project_population(m_history, o), partition, origin));
        } catch (const config_error&) {
            out.emplace_back(); // no reference population in the base years
        }
    }
    return out;
}

std::vector<calibrator::error> calibrator::errors_of(const population_projection& p,
                                                     const band_partition& partition,
                                                     int origin) const {
    std::vector<error> out;
    for (const auto& dp : p.districts) {
        const auto& h = *m_by_id.at(dp.district.value);
        for (std::size_t k = 1; k < p.steps(); ++k) {
            const auto obs = h.bands.find(origin + static_cast<int>(k));
            if (obs == h.bands.end()) {
                continue;
            }
            const auto grouped = regroup(obs->second, partition);
            if (!grouped) {
                continue;
            }
            for (std::size_t i = 0; i < partition.bands.size(); ++i) {
                const auto& band = partition.bands[i];
                const double observed = (*grouped)[i].persons;
                if (observed < min_observed_for_error) {
                    continue;
                }
                const double projected = sum_ages(dp.persons[mid][k], band);
                out.push_back({origin + static_cast<int>(k), static_cast<int>(k), band,
                               sum_ages(dp.persons[mid][0], band),
                               100 * (projected - observed) / observed});
            }
        }
    }
    return out;
}

calibration calibrator::at(int until) const {
    calibration out;
    out.chosen = m_grid.front().d;
    double best = 0;
    bool any = false;
    for (std::size_t g = 0; g < m_grid.size(); ++g) {
        double mapes = 0;
        std::size_t bands = 0;
        for (const auto& [band, by_target] : m_scores[g]) {
            score s;
            for (auto it = by_target.begin(); it != by_target.end() && it->first <= until; ++it) {
                s.abs_sum += it->second.abs_sum;
                s.n += it->second.n;
            }
            if (s.n > 0) {
                mapes += s.abs_sum / static_cast<double>(s.n);
                ++bands;
            }
        }
        if (bands == 0) {
            continue;
        }
        const double mape = mapes / static_cast<double>(bands);
        if (!any || mape < best) {
            best = mape;
            out.method = m_grid[g].method;
            out.chosen = m_grid[g].d;
            any = true;
        }
    }
    for (const int origin : m_origins) {
        out.pairs += origin < until ? static_cast<std::size_t>(until - origin) : 0;
    }
    if (!any) {
        out.note = fmt::format("too few years before {} to back-test the projection: its damping "
                               "is the default and its corridor an envelope",
                               until);
        return out;
    }
    out.mape = best;
    out.chosen_by_backtest = m_grid.size() > 1;
    if (out.method == projection_method::cohort_ratios) {
        out.note = fmt::format("method cohort-ratios chosen by back-test: mean band MAPE {:.2f} % "
                               "over {} back-test pairs up to {}, better than the damped cohort "
                               "model; its corridor is the envelope of the ratios' spread",
                               best, out.pairs, until);
        return out;
    }
    out.interval = interval({out.method, out.chosen}, until);
    out.note = fmt::format(
        "method damped-cohort, damping {} (strength {:g}, persistence {:g}, weight {:g}): mean "
        "band MAPE {:.2f} % over {} back-test pairs up to {}{}",
        out.chosen_by_backtest ? "chosen by back-test" : "as set", out.chosen.strength,
        out.chosen.persistence, out.chosen.weight, best, out.pairs, until,
        out.interval ? ""
                     : "; too few errors for a prediction interval, the corridor is an "
                       "envelope");
    return out;
}

std::optional<error_interval> calibrator::interval(const candidate& chosen, int until) const {
    // [band][size class] -> errors per square root of the years ahead
    std::map<age_band, std::array<std::vector<double>, 3>> z;
    std::size_t count = 0;
    for (const int origin : m_origins) {
        if (origin >= until) {
            break;
        }
        const auto per_candidate = errors({chosen}, origin, until);
        for (const auto& e : per_candidate.front()) {
            z[e.band][size_class(e.base)].push_back(e.pct / std::sqrt(e.horizon));
            ++count;
        }
    }
    band_partition final_bands;
    try {
        final_bands = common_partition(m_history, m_first, until, m_options.last_age);
    } catch (const config_error&) {
        return std::nullopt;
    }
    error_interval out;
    out.level = 0.8;
    out.bands = final_bands.bands;
    out.errors = count;
    const double lo = (1 - out.level) / 2;
    const double hi = 1 - lo;
    for (const auto& b : out.bands) {
        const auto it = z.find(b);
        if (it == z.end()) {
            return std::nullopt;
        }
        std::vector<double> pooled;
        for (const auto& c : it->second) {
            pooled.insert(pooled.end(), c.begin(), c.end());
        }
        if (pooled.size() < min_errors) {
            return std::nullopt;
        }
        std::array<std::pair<double, double>, 3> q;
        for (std::size_t c = 0; c < 3; ++c) {
            const auto& v = it->second[c].size() >= min_errors ? it->second[c] : pooled;
            q[c] = {quantile(v, lo), quantile(v, hi)};
        }
        out.quantiles.push_back(q);
    }
    return out;
}

} // namespace standort::planning
