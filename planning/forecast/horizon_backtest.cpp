// The rolling-origin back-test against the naive forecasts (backtest.hpp).

#include "planning/forecast/backtest.hpp"
#include "planning/forecast/calibration.hpp"
#include "planning/model/population_index.hpp"

#include "geo/error.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace standort::planning {

namespace {

constexpr auto low = static_cast<std::size_t>(variant::low);
constexpr auto mid = static_cast<std::size_t>(variant::middle);
constexpr auto high = static_cast<std::size_t>(variant::high);

struct observation {
    double projected = 0;
    double observed = 0;
    std::optional<bool> in_corridor;
};

// (unit, measure, method, horizon) -> observations
using pool =
    std::map<std::tuple<std::string, std::string, std::string, int>, std::vector<observation>>;

// Least squares through the points (year, value), evaluated at `year`; never negative.
double trend_at(const std::vector<std::pair<int, double>>& points, int year) {
    if (points.size() < 2) {
        return points.empty() ? 0.0 : points.back().second;
    }
    double mx = 0;
    double my = 0;
    for (const auto& [x, y] : points) {
        mx += x;
        my += y;
    }
    mx /= static_cast<double>(points.size());
    my /= static_cast<double>(points.size());
    double sxx = 0;
    double sxy = 0;
    for (const auto& [x, y] : points) {
        sxx += (x - mx) * (x - mx);
        sxy += (x - mx) * (y - my);
    }
    const double slope = sxx > 0 ? sxy / sxx : 0.0;
    return std::max(0.0, my + slope * (year - mx));
}

// One base's projection and the naive forecasts of the same base, district by district.
void score_districts(const planning_model& model, const forecast_result& fc, int max_age,
                     const population_index& observed, pool& out) {
    const auto& population = fc.population;
    for (const auto& df : fc.districts) {
        const auto& dp = population.districts[df.projection];
        const auto& id = model.districts[df.district].id;
        for (const auto& band : backtest_bands()) {
            if (band.to > max_age + 1) {
                continue;
            }
            std::vector<std::pair<int, double>> history;
            for (int y = fc.base_year - 30; y <= fc.base_year; ++y) {
                if (const auto v = observed.persons(id, y, band)) {
                    history.emplace_back(y, *v);
                }
            }
            if (history.empty() || history.back().first != fc.base_year) {
                continue;
            }
            for (std::size_t k = 1; k < population.steps(); ++k) {
                const int year = fc.base_year + static_cast<int>(k);
                const auto o = observed.persons(id, year, band);
                if (!o || *o < min_observed_for_error) {
                    continue;
                }
                const int h = static_cast<int>(k);
                const std::string m = to_string(band);
                observation s{sum_ages(dp.persons[mid][k], band), *o, std::nullopt};
                if (population.corridor_from_errors) {
                    s.in_corridor = *o >= sum_ages(dp.persons[low][k], band) - 1e-9 &&
                                    *o <= sum_ages(dp.persons[high][k], band) + 1e-9;
                }
                out[{"district", m, "standort", h}].push_back(s);
                out[{"district", m, "no change", h}].push_back({history.back().second, *o, {}});
                out[{"district", m, "trend", h}].push_back({trend_at(history, year), *o, {}});
            }
        }
    }
}

void score_schools(const planning_model& model, const forecast_result& fc,
                   const std::map<std::pair<std::string, int>, double>& pupils, pool& out) {
    for (const auto& ff : fc.facilities) {
        const auto& id = model.facilities[ff.facility].id.value;
        std::vector<std::pair<int, double>> history;
        for (auto it = pupils.lower_bound({id, 0}); it != pupils.end() && it->first.first == id;
             ++it) {
            if (it->first.second <= ff.base_year) {
                history.emplace_back(it->first.second, it->second);
            }
        }
        if (history.empty() || history.back().first != ff.base_year) {
            continue;
        }
        for (std::size_t k = 1; k < ff.years[mid].size(); ++k) {
            const int year = ff.year(k);
            const auto o = pupils.find({id, year});
            if (o == pupils.end() || o->second < min_observed_for_error) {
                continue;
            }
            const int h = static_cast<int>(k);
            out[{"facility", "pupils", "standort", h}].push_back(
                {ff.years[mid][k].pupils, o->second, {}});
            out[{"facility", "pupils", "no change", h}].push_back(
                {history.back().second, o->second, {}});
            out[{"facility", "pupils", "trend", h}].push_back(
                {trend_at(history, year), o->second, {}});
        }
    }
}

horizon_score summarise(const std::tuple<std::string, std::string, std::string, int>& key,
                        const std::vector<observation>& obs) {
    horizon_score s;
    std::tie(s.unit, s.measure, s.method, s.horizon) = key;
    s.n = obs.size();
    std::vector<double> ape;
    double abs_diff = 0;
    double observed = 0;
    for (const auto& o : obs) {
        const double e = 100 * (o.projected - o.observed) / o.observed;
        ape.push_back(std::abs(e));
        s.mape += std::abs(e) / static_cast<double>(s.n);
        s.bias += e / static_cast<double>(s.n);
        abs_diff += std::abs(o.projected - o.observed);
        observed += o.observed;
        if (o.in_corridor) {
            ++s.corridor_n;
            s.in_corridor += *o.in_corridor ? 1 : 0;
        }
    }
    std::sort(ape.begin(), ape.end());
    const std::size_t n = ape.size();
    s.median_ape = n % 2 == 1 ? ape[n / 2] : 0.5 * (ape[n / 2 - 1] + ape[n / 2]);
    s.weighted_mape = observed > 0 ? 100 * abs_diff / observed : 0.0;
    return s;
}

} // namespace

horizon_backtest run_horizon_backtest(const planning_model& model, const forecast_options& options,
                                      int max_horizon) {
    std::set<int> years;
    for (const auto& r : model.population) {
        years.insert(r.year);
    }
    horizon_backtest out;
    if (years.size() < 3) {
        return out; // a base needs a year before it and one after
    }
    const int last = *years.rbegin();
    int school_last = 0;
    for (const auto& r : model.enrolment) {
        if (r.school_year <= last) {
            school_last = std::max(school_last, r.school_year);
        }
    }
    const population_index observed(model.population);
    const auto pupils = observed_pupils(model);
    // One back-test of the candidates over the whole history answers every base: its choice
    // for a base only ever looks at the years up to it.
    const auto& popt = options.population;
    const bool by_reference = popt.births == births_basis::reference_population;
    const auto history =
        single_age_history(model.population, model.districts, popt.last_age,
                           by_reference ? std::optional(popt.reference) : std::nullopt);
    std::optional<calibrator> cal;
    if (popt.method == projection_method::damped_cohort || popt.method_by_backtest) {
        cal.emplace(history, popt, last);
    }
    pool obs;
    for (auto it = std::next(years.begin()); *it < last; ++it) {
        const int base = *it;
        forecast_options o = options;
        o.population.base_year = base;
        o.population.horizon = std::min(max_horizon, last - base);
        if (cal) {
            const auto c = cal->at(base);
            o.population.method = c.method;
            o.population.damped = c.chosen;
            if (o.population.interval_from_errors && !o.population.variant_factors) {
                o.population.interval = c.interval;
            }
            o.population.calibrated = true;
        }
        forecast_result fc;
        try {
            fc = run_forecast(held_out(model, base, school_last - (last - base)), o);
        } catch (const config_error&) {
            continue; // this base cannot be projected (its years share no bands)
        }
        out.bases.push_back(base);
        score_districts(model, fc, o.population.last_age, observed, obs);
        score_schools(model, fc, pupils, obs);
    }
    for (const auto& [key, v] : obs) {
        out.scores.push_back(summarise(key, v));
    }
    return out;
}

} // namespace standort::planning
