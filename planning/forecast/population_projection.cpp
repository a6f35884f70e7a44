#include "planning/forecast/population_projection.hpp"

#include "planning/forecast/damped_cohort.hpp"

#include "geo/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace standort::planning {

namespace {

// A cohort of less than one person says nothing about its change: such base years are left
// out of the ratio. Fewer than 20 persons over all base years: the district's own ratio is
// noise, and the municipality's is taken.
constexpr double min_cohort = 1.0;
constexpr double min_base_persons = 20.0;

using observations = std::vector<std::pair<double, double>>;

std::optional<trend_rate> own_rate(const observations& obs, const std::vector<double>& weights) {
    double persons = 0;
    const std::size_t n = std::min(obs.size(), weights.size());
    for (std::size_t i = obs.size() - n; i < obs.size(); ++i) {
        persons += obs[i].second;
    }
    if (persons < min_base_persons) {
        return std::nullopt;
    }
    return weighted_rate(obs, weights, min_cohort);
}

double value_at(const std::map<int, std::vector<double>>& m, int year, int age, bool& found) {
    auto it = m.find(year);
    found = it != m.end();
    return found ? it->second[static_cast<std::size_t>(age)] : 0.0;
}

double rate_for(const trend_rate& r, variant v, const projection_options& o) {
    switch (v) {
    case variant::low:
        return o.variant_factors ? r.mean * o.variant_factors->first
                                 : std::max(0.0, r.mean - r.spread);
    case variant::high:
        return o.variant_factors ? r.mean * o.variant_factors->second : r.mean + r.spread;
    case variant::middle:
        break;
    }
    return r.mean;
}

// The base period's observations of one district: (numerator, denominator) per transition,
// oldest first; a missing year gives (0, 0), which weighted_rate leaves out.
struct base_observations {
    std::vector<observations> ccr; // per age
    observations births;
    observations reference_growth;
    bool has_reference = true;
};

base_observations observe(const age_history& h, const projection_options& o) {
    const int n = static_cast<int>(o.weights.size());
    const int last = o.last_age;
    base_observations out;
    out.ccr.resize(static_cast<std::size_t>(last));
    for (int t = o.base_year - n; t < o.base_year; ++t) {
        const auto movers_next = housing_movers(o, h.district, t + 1);
        for (int a = 0; a < last; ++a) {
            bool f0 = false;
            bool f1 = false;
            const double den = value_at(h.persons, t, a, f0);
            // Clamped: housing figures beyond what was observed must not make a ratio negative.
            const double num = std::max(0.0, value_at(h.persons, t + 1, a + 1, f1) -
                                                 movers_next[static_cast<std::size_t>(a + 1)]);
            out.ccr[static_cast<std::size_t>(a)].push_back(f0 && f1 ? std::pair{num, den}
                                                                    : std::pair{0.0, 0.0});
        }
        const auto r0 = h.reference.find(t);
        const auto r1 = h.reference.find(t + 1);
        bool f0 = false;
        bool f1 = false;
        const double b0 = value_at(h.persons, t, 0, f0);
        const double b1 = std::max(0.0, value_at(h.persons, t + 1, 0, f1) - movers_next[0]);
        if (o.births == births_basis::previous_births) {
            out.births.push_back(f0 && f1 ? std::pair{b1, b0} : std::pair{0.0, 0.0});
        } else {
            // Newborns of year t+1 per reference person of the same year.
            out.births.push_back(f1 && r1 != h.reference.end() ? std::pair{b1, r1->second}
                                                               : std::pair{0.0, 0.0});
            out.reference_growth.push_back(
                r0 != h.reference.end() && r1 != h.reference.end()
                    ? std::pair{std::max(0.0, r1->second -
                                                  movers_next[static_cast<std::size_t>(last + 1)]),
                                r0->second}
                    : std::pair{0.0, 0.0});
        }
    }
    return out;
}

void add_to(observations& pooled, const observations& one) {
    if (pooled.empty()) {
        pooled = one;
        return;
    }
    for (std::size_t i = 0; i < one.size(); ++i) {
        pooled[i].first += one[i].first;
        pooled[i].second += one[i].second;
    }
}

} // namespace

std::string to_string(projection_method m) {
    return m == projection_method::damped_cohort ? "damped-cohort" : "cohort-ratios";
}

std::vector<damping> damping_grid() {
    std::vector<damping> out{damping{}};
    for (const double strength : {500.0, 1500.0, 5000.0}) {
        for (const double persistence : {0.5, 0.7, 0.9}) {
            for (const double weight : {0.5, 0.75, 1.0}) {
                const damping d{strength, persistence, weight};
                if (!(d == out.front())) {
                    out.push_back(d);
                }
            }
        }
    }
    return out;
}

std::size_t size_class(double persons) {
    return persons < 100 ? 0 : persons < 300 ? 1 : 2;
}

std::string to_string(variant v) {
    switch (v) {
    case variant::low:
        return "low";
    case variant::high:
        return "high";
    case variant::middle:
        break;
    }
    return "middle";
}

std::vector<double> housing_movers(const projection_options& o, const district_id& district,
                                   int year) {
    std::vector<double> out(static_cast<std::size_t>(o.last_age) + 2, 0.0);
    for (const auto& h : o.housing) {
        if (h.district != district || !h.active(year)) {
            continue;
        }
        const double movers = h.movers(year);
        for (int a = 0; a <= o.last_age; ++a) {
            out[static_cast<std::size_t>(a)] += movers * o.movers.share({a, a + 1});
        }
        out.back() += movers * o.movers.share(o.reference);
    }
    return out;
}

population_projection project_population(const age_history_table& history,
                                         const projection_options& o) {
    if (o.method == projection_method::damped_cohort) {
        return project_damped(history, o);
    }
    if (o.weights.empty()) {
        throw config_error("the base period needs at least one trend weight");
    }
    if (o.horizon < 0 || o.last_age < 1) {
        throw config_error("horizon must be >= 0 and the last age >= 1");
    }
    population_projection out;
    out.options = o;
    const auto last = static_cast<std::size_t>(o.last_age);

    std::vector<const age_history*> usable;
    std::vector<base_observations> obs;
    for (const auto& h : history.districts) {
        if (!h.persons.contains(o.base_year)) {
            if (!h.persons.empty()) {
                out.notes.push_back(
                    fmt::format("{}: no population for the base year {}, not projected",
                                h.district.value, o.base_year));
            }
            continue;
        }
        usable.push_back(&h);
        obs.push_back(observe(h, o));
    }
    if (usable.empty()) {
        throw config_error(
            fmt::format("no district has population by age for the base year {}", o.base_year));
    }
    // The municipality's ratios, for districts whose own base period says nothing.
    std::vector<observations> pooled_ccr(last);
    observations pooled_births;
    observations pooled_growth;
    for (const auto& b : obs) {
        for (std::size_t a = 0; a < last; ++a) {
            add_to(pooled_ccr[a], b.ccr[a]);
        }
        add_to(pooled_births, b.births);
        add_to(pooled_growth, b.reference_growth);
    }
    const trend_rate unchanged{1.0, 0.0, 0};
    if (o.births == births_basis::reference_population &&
        !weighted_rate(pooled_births, o.weights, min_cohort)) {
        // Never project without newborns: say what is missing instead.
        throw config_error(fmt::format(
            "no base year before {} has both newborns and persons aged {} (the births' reference "
            "population); give the adult bands for those years or set births: previous",
            o.base_year, to_string(o.reference)));
    }
    auto pooled_or = [&](const observations& p, const trend_rate& fallback) {
        return weighted_rate(p, o.weights, min_cohort).value_or(fallback);
    };

    for (std::size_t i = 0; i < usable.size(); ++i) {
        const age_history& h = *usable[i];
        district_projection dp;
        dp.district = h.district;
        auto& rates = dp.rates;
        rates.ccr.resize(last);
        rates.ccr_pooled.assign(last, false);
        for (std::size_t a = 0; a < last; ++a) {
            if (auto r = own_rate(obs[i].ccr[a], o.weights)) {
                rates.ccr[a] = *r;
            } else {
                rates.ccr[a] = pooled_or(pooled_ccr[a], unchanged);
                rates.ccr_pooled[a] = true;
            }
        }
        const bool by_reference = o.births == births_basis::reference_population;
        const auto base_reference = h.reference.find(o.base_year);
        if (by_reference && base_reference == h.reference.end()) {
            throw config_error(fmt::format(
                "{}: no persons aged {} in {}, which births are related to; set births: previous",
                h.district.value, to_string(o.reference), o.base_year));
        }
        if (auto r = own_rate(obs[i].births, o.weights)) {
            rates.births = *r;
        } else {
            rates.births = pooled_or(pooled_births, by_reference ? trend_rate{0, 0, 0} : unchanged);
            rates.births_pooled = true;
        }
        rates.reference_growth = by_reference ? pooled_or(pooled_growth, unchanged) : unchanged;

        const std::size_t steps = out.steps();
        dp.movers.resize(steps, std::vector<double>(last + 1, 0.0));
        std::vector<std::vector<double>> movers_with_reference(steps);
        for (std::size_t k = 1; k < steps; ++k) {
            movers_with_reference[k] = housing_movers(o, h.district, out.year(k));
            dp.movers[k].assign(movers_with_reference[k].begin(),
                                movers_with_reference[k].begin() +
                                    static_cast<std::ptrdiff_t>(last + 1));
        }
        for (const variant v : all_variants) {
            auto& series = dp.persons[static_cast<std::size_t>(v)];
            series.resize(steps);
            series[0] = h.persons.at(o.base_year);
            double reference = by_reference ? base_reference->second : 0.0;
            const double births = rate_for(rates.births, v, o);
            for (std::size_t k = 1; k < steps; ++k) {
                const auto& prev = series[k - 1];
                const auto& m = movers_with_reference[k];
                std::vector<double> next(last + 1, 0.0);
                if (by_reference) {
                    reference = rates.reference_growth.mean * reference + m[last + 1];
                    next[0] = births * reference;
                } else {
                    next[0] = births * prev[0];
                }
                next[0] += m[0];
                for (std::size_t a = 0; a < last; ++a) {
                    next[a + 1] = rate_for(rates.ccr[a], v, o) * prev[a] + m[a + 1];
                }
                series[k] = std::move(next);
            }
        }
        const auto pooled_ages = std::count(rates.ccr_pooled.begin(), rates.ccr_pooled.end(), true);
        if (pooled_ages > 0 || rates.births_pooled) {
            out.notes.push_back(fmt::format(
                "{}: too few children in the base period for {} of {} age ratios{}; the "
                "municipality's ratios are used",
                h.district.value, pooled_ages, last, rates.births_pooled ? " and births" : ""));
        }
        out.districts.push_back(std::move(dp));
    }
    return out;
}

} // namespace standort::planning
