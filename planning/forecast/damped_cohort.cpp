// The damped cohort model of projection_method::damped_cohort (population_projection.hpp).

#include "planning/forecast/damped_cohort.hpp"

#include "geo/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

namespace standort::planning {

namespace {

constexpr std::size_t n_variants = 3;
constexpr auto mid = static_cast<std::size_t>(variant::middle);

// A band's sums over the base transitions: persons at t+1 over those exposed at t.
struct sums {
    double num = 0;
    double den = 0;
    void add(const sums& o) {
        num += o.num;
        den += o.den;
    }
};

std::set<int> boundaries(const std::vector<band_count>& bands) {
    std::set<int> out;
    for (const auto& b : bands) {
        out.insert(b.band.from);
        out.insert(b.band.to);
    }
    return out;
}

} // namespace

band_partition common_partition(const age_history_table& history, int first_year, int last_year,
                                int last_age) {
    std::optional<std::set<int>> common;
    for (const auto& h : history.districts) {
        for (auto it = h.bands.lower_bound(first_year);
             it != h.bands.end() && it->first <= last_year; ++it) {
            const auto b = boundaries(it->second);
            if (!common) {
                common = b;
                continue;
            }
            std::set<int> both;
            std::set_intersection(common->begin(), common->end(), b.begin(), b.end(),
                                  std::inserter(both, both.begin()));
            common = std::move(both);
        }
    }
    if (!common || !common->contains(0)) {
        throw config_error(
            fmt::format("the population of {} to {} has no age bands from 0 that every year and "
                        "district shares",
                        first_year, last_year));
    }
    band_partition out;
    auto it = common->begin();
    int from = *it;
    for (++it; it != common->end() && from <= last_age; ++it) {
        out.bands.push_back({from, *it});
        from = *it;
    }
    if (from <= last_age) {
        throw config_error(fmt::format("the age bands of {} to {} do not reach age {}", first_year,
                                       last_year, last_age));
    }
    // The next band shapes the ages leaving the last one; an open band (65+) has no width.
    if (it != common->end() && *it < max_age) {
        out.context = age_band{from, *it};
    }
    return out;
}

std::optional<std::vector<band_count>> regroup(const std::vector<band_count>& bands,
                                               const band_partition& p) {
    std::vector<band_count> out;
    for (const auto& pb : p.bands) {
        out.push_back({pb, 0.0});
    }
    if (p.context) {
        out.push_back({*p.context, 0.0});
    }
    std::vector<int> covered(out.size(), 0);
    for (const auto& b : bands) {
        for (std::size_t i = 0; i < out.size(); ++i) {
            if (b.band.from >= out[i].band.from && b.band.to <= out[i].band.to) {
                out[i].persons += b.persons;
                covered[i] += b.band.width();
            }
        }
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (covered[i] != out[i].band.width()) {
            return std::nullopt;
        }
    }
    return out;
}

namespace {

// The persons of band i at t+1 before its ratio: those of year t who stay in it and those who
// age into it from the band below. The first band keeps its own persons: its newborns replace
// those who leave, as a Hamilton-Perry ratio of the youngest band does.
std::vector<double> exposed(const std::vector<band_count>& counts, std::size_t children) {
    const auto ages = single_ages(counts);
    std::vector<double> out(children, 0.0);
    for (std::size_t i = 0; i < children; ++i) {
        const auto& b = counts[i].band;
        out[i] = counts[i].persons;
        if (i > 0) {
            out[i] += ages[static_cast<std::size_t>(b.from - 1)] -
                      ages[static_cast<std::size_t>(b.to - 1)];
        }
    }
    return out;
}

double movers_in(const std::vector<double>& movers, const age_band& band, int last_age) {
    double sum = 0;
    for (int a = band.from; a < std::min(band.to, last_age + 1); ++a) {
        sum += movers[static_cast<std::size_t>(a)];
    }
    return sum;
}

struct district_data {
    const age_history* history = nullptr;
    std::map<int, std::vector<band_count>> counts; // year -> partition bands (+ context)
    std::vector<sums> bands;                       // per child band
    std::vector<std::string> jumps;                // transitions kept out
};

class damped_model {
public:
    damped_model(const age_history_table& history, const projection_options& o)
        : m_o(o), m_damping(o.damped.value_or(damping_grid().front())) {
        const int first = first_year(history);
        m_partition = common_partition(history, first, o.base_year, o.last_age);
        for (const auto& h : history.districts) {
            add_district(h, first);
        }
        if (m_data.empty()) {
            throw config_error(
                fmt::format("no district has population by age for the base year {}", o.base_year));
        }
        pool();
        m_use_interval = o.interval && o.interval->bands == m_partition.bands &&
                         o.interval->quantiles.size() == children();
        if (!o.middle_only && !m_use_interval && !o.variant_factors) {
            m_spread = city_spreads();
        }
    }

    // The observed sums do not depend on the damping: one model projects each candidate.
    void set_damping(const damping& d) { m_damping = d; }

    population_projection project() const {
        population_projection out;
        out.options = m_o;
        out.bands = m_partition.bands;
        out.damped = m_damping;
        out.notes = m_notes;
        out.corridor = corridor_text();
        out.corridor_from_errors = m_use_interval;
        for (const auto& d : m_data) {
            out.districts.push_back(project(d));
        }
        return out;
    }

private:
    int first_year(const age_history_table& history) const {
        int first = m_o.base_year;
        for (const auto& h : history.districts) {
            if (!h.bands.empty()) {
                first = std::min(first, h.bands.begin()->first);
            }
        }
        return first;
    }

    std::size_t children() const { return m_partition.bands.size(); }

    void add_district(const age_history& h, int first) {
        if (!h.bands.contains(m_o.base_year)) {
            if (!h.bands.empty()) {
                m_notes.push_back(fmt::format("{}: no population for the base year {}, not "
                                              "projected",
                                              h.district.value, m_o.base_year));
            }
            return;
        }
        district_data d;
        d.history = &h;
        for (auto it = h.bands.lower_bound(first);
             it != h.bands.end() && it->first <= m_o.base_year; ++it) {
            if (auto c = regroup(it->second, m_partition)) {
                d.counts.emplace(it->first, std::move(*c));
            }
        }
        d.bands.resize(children());
        for (int t = first; t < m_o.base_year; ++t) {
            observe(d, t);
        }
        if (!d.jumps.empty()) {
            std::string years;
            for (const auto& j : d.jumps) {
                years += (years.empty() ? "" : ", ") + j;
            }
            m_notes.push_back(fmt::format(
                "{}: persons changed by more than {:.0f} % in a year ({}): a boundary change or "
                "a large building filled; those years are kept out of its rates",
                h.district.value, 100 * m_o.jump_share, years));
        }
        m_data.push_back(std::move(d));
    }

    // One transition t -> t+1 into the band sums, unless the district's persons jumped.
    void observe(district_data& d, int t) {
        const auto c0 = d.counts.find(t);
        const auto c1 = d.counts.find(t + 1);
        if (c0 == d.counts.end() || c1 == d.counts.end()) {
            return;
        }
        const auto& total = d.history->total;
        const double p0 = total.at(t);
        const double p1 = total.at(t + 1);
        if (p0 > 0 && std::abs(p1 / p0 - 1) > m_o.jump_share) {
            d.jumps.push_back(fmt::format("{} to {} {:+.0f} %", t, t + 1, 100 * (p1 / p0 - 1)));
            return;
        }
        const auto movers = housing_movers(m_o, d.history->district, t + 1);
        const auto e = exposed(c0->second, children());
        for (std::size_t i = 0; i < children(); ++i) {
            const double arrived = movers_in(movers, m_partition.bands[i], m_o.last_age);
            d.bands[i].num += std::max(0.0, c1->second[i].persons - arrived);
            d.bands[i].den += e[i];
        }
    }

    void pool() {
        m_city.assign(children(), {});
        for (const auto& d : m_data) {
            for (std::size_t i = 0; i < children(); ++i) {
                m_city[i].add(d.bands[i]);
                for (const auto& a : d.history->ancestors) {
                    auto& level = m_levels[a];
                    level.resize(children());
                    level[i].add(d.bands[i]);
                }
            }
        }
    }

    double city_ratio(std::size_t i) const {
        return m_city[i].den > 0 ? m_city[i].num / m_city[i].den : 1.0;
    }

    // Empirical Bayes down the levels: each ratio is its own sums plus `strength x width`
    // persons of exposure at its parent's ratio.
    band_ratio ratio(const district_data& d, std::size_t i) const {
        const double k = m_damping.strength * m_partition.bands[i].width();
        double r = city_ratio(i);
        for (const auto& a : d.history->ancestors) {
            const auto& s = m_levels.at(a)[i];
            r = (s.num + k * r) / (s.den + k);
        }
        const auto& s = d.bands[i];
        return {m_partition.bands[i], s.den > 0 ? s.num / s.den : 1.0, s.den,
                (s.num + k * r) / (s.den + k), city_ratio(i)};
    }

    // Year j's ratio: the city's change in the first year, the area's deviation from it
    // fading with persistence^(j-1), both scaled by the weight.
    double step_ratio(const band_ratio& r, int j) const {
        if (r.city <= 0 || r.shrunk <= 0) {
            return r.shrunk;
        }
        const double psi = m_damping.weight;
        const double city = j == 1 ? std::pow(r.city, psi) : 1.0;
        return city * std::pow(r.shrunk / r.city, psi * std::pow(m_damping.persistence, j - 1));
    }

    // Low and high when no back-test interval is given: the variant factors on every year's
    // ratio, or the spread of the city's yearly ratios.
    double variant_factor(std::size_t v, std::size_t i) const {
        if (v == mid) {
            return 1.0;
        }
        if (m_o.variant_factors) {
            return v == 0 ? m_o.variant_factors->first : m_o.variant_factors->second;
        }
        const double s = i < m_spread.size() ? m_spread[i] : 0.0;
        return v == 0 ? std::max(0.0, 1 - s) : 1 + s;
    }

    // Per band: the standard deviation of the city's yearly ratios over the last base years.
    std::vector<double> city_spreads() const {
        std::vector<std::vector<double>> yearly(children());
        for (int t = m_o.base_year - static_cast<int>(m_o.weights.size()); t < m_o.base_year; ++t) {
            std::vector<sums> s(children());
            for (const auto& d : m_data) {
                const auto c0 = d.counts.find(t);
                const auto c1 = d.counts.find(t + 1);
                if (c0 == d.counts.end() || c1 == d.counts.end()) {
                    continue;
                }
                const auto e = exposed(c0->second, children());
                for (std::size_t i = 0; i < children(); ++i) {
                    s[i].num += c1->second[i].persons;
                    s[i].den += e[i];
                }
            }
            for (std::size_t i = 0; i < children(); ++i) {
                if (s[i].den > 0) {
                    yearly[i].push_back(s[i].num / s[i].den);
                }
            }
        }
        std::vector<double> out;
        for (const auto& y : yearly) {
            out.push_back(standard_deviation(y));
        }
        return out;
    }

    static double standard_deviation(const std::vector<double>& values) {
        if (values.size() < 2) {
            return 0.0;
        }
        const auto n = static_cast<double>(values.size());
        double mean = 0;
        for (double v : values) {
            mean += v / n;
        }
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean) / n;
        }
        return std::sqrt(var);
    }

    std::string corridor_text() const {
        if (m_use_interval) {
            return fmt::format("a {:.0f} % prediction interval from the back-test's own errors "
                               "({} percentage errors by band, size and horizon)",
                               100 * m_o.interval->level, m_o.interval->errors);
        }
        if (m_o.variant_factors) {
            return fmt::format("every year's ratio times {} (low) or {} (high)",
                               m_o.variant_factors->first, m_o.variant_factors->second);
        }
        return "every year's ratio one standard deviation of the city's yearly ratios below "
               "(low) or above (high): an envelope, not an interval (too few years to back-test)";
    }

    std::vector<double> ages_of(const std::vector<band_count>& state) const {
        auto ages = single_ages(state);
        ages.resize(static_cast<std::size_t>(m_o.last_age) + 1);
        return ages;
    }

    district_projection project(const district_data& d) const {
        district_projection dp;
        dp.district = d.history->district;
        for (std::size_t i = 0; i < children(); ++i) {
            dp.rates.bands.push_back(ratio(d, i));
        }
        const std::size_t steps = static_cast<std::size_t>(m_o.horizon) + 1;
        const auto& base = d.counts.at(m_o.base_year);
        dp.movers.assign(steps, std::vector<double>(static_cast<std::size_t>(m_o.last_age) + 1));
        std::array<std::vector<std::vector<band_count>>, n_variants> states;
        for (std::size_t v = 0; v < n_variants; ++v) {
            if (m_o.middle_only && v != mid) {
                continue;
            }
            states[v].push_back(base);
            for (std::size_t k = 1; k < steps; ++k) {
                states[v].push_back(step(d, dp, states[v].back(), v, k));
            }
        }
        if (m_use_interval) {
            apply_interval(states);
        }
        for (std::size_t v = 0; v < n_variants; ++v) {
            for (const auto& s : states[m_o.middle_only ? mid : v]) {
                dp.persons[v].push_back(ages_of(s));
            }
        }
        return dp;
    }

    std::vector<band_count> step(const district_data& d, district_projection& dp,
                                 const std::vector<band_count>& state, std::size_t v,
                                 std::size_t k) const {
        const int year = m_o.base_year + static_cast<int>(k);
        const auto movers = housing_movers(m_o, d.history->district, year);
        const bool with_interval = m_use_interval;
        std::copy(movers.begin(), movers.begin() + m_o.last_age + 1, dp.movers[k].begin());
        const auto e = exposed(state, children());
        auto next = state; // the context band stays as it is
        for (std::size_t i = 0; i < children(); ++i) {
            const double f = with_interval ? 1.0 : variant_factor(v, i);
            const double r = f * step_ratio(dp.rates.bands[i], static_cast<int>(k));
            next[i].persons =
                std::max(0.0, r * e[i] + movers_in(movers, m_partition.bands[i], m_o.last_age));
        }
        return next;
    }

    // Low and high from the middle: observed = projected / (1 + error), the error's quantiles
    // growing with the square root of the years ahead.
    void apply_interval(std::array<std::vector<std::vector<band_count>>, n_variants>& s) const {
        const auto& iv = *m_o.interval;
        const auto& base = s[mid].front();
        for (std::size_t k = 1; k < s[mid].size(); ++k) {
            const double h = std::sqrt(static_cast<double>(k));
            for (std::size_t i = 0; i < children(); ++i) {
                const auto q = iv.quantiles[i][size_class(base[i].persons)];
                const double m = s[mid][k][i].persons;
                s[0][k][i].persons = m / std::max(0.05, 1 + q.second * h / 100);
                s[2][k][i].persons = m / std::max(0.05, 1 + q.first * h / 100);
            }
        }
    }

    const projection_options& m_o;
    damping m_damping;
    band_partition m_partition;
    std::vector<district_data> m_data;
    std::vector<sums> m_city;
    std::unordered_map<std::string, std::vector<sums>> m_levels;
    std::vector<std::string> m_notes;
    std::vector<double> m_spread; // per band: the city's yearly ratios' standard deviation
    bool m_use_interval = false;
};

} // namespace

population_projection project_damped(const age_history_table& history,
                                     const projection_options& options) {
    if (options.horizon < 0 || options.last_age < 1) {
        throw config_error("horizon must be >= 0 and the last age >= 1");
    }
    return damped_model(history, options).project();
}

std::vector<population_projection> project_damped_each(const age_history_table& history,
                                                       const projection_options& options,
                                                       const std::vector<damping>& dampings) {
    damped_model model(history, options);
    std::vector<population_projection> out;
    for (const auto& d : dampings) {
        model.set_damping(d);
        out.push_back(model.project());
    }
    return out;
}

} // namespace standort::planning
