#include "planning/forecast/outlook.hpp"

#include <algorithm>
#include <map>

namespace standort::planning {

namespace {

constexpr auto low = static_cast<std::size_t>(variant::low);
constexpr auto mid = static_cast<std::size_t>(variant::middle);
constexpr auto high = static_cast<std::size_t>(variant::high);

// The first step with the most of `value(k)`.
template <class F> std::size_t peak_step(std::size_t steps, F&& value) {
    std::size_t peak = 0;
    for (std::size_t k = 0; k < steps; ++k) {
        if (value(k) > value(peak)) {
            peak = k;
        }
    }
    return peak;
}

district_year_outlook district_year(const forecast_result& r, const district_forecast& df,
                                    const std::vector<forecast_age_group>& groups, std::size_t k) {
    const auto& dp = r.population.districts[df.projection];
    district_year_outlook y;
    y.year = r.year(k);
    y.observed = k == 0;
    for (const auto& g : groups) {
        y.groups.push_back({sum_ages(dp.persons[low][k], g.ages),
                            sum_ages(dp.persons[mid][k], g.ages),
                            sum_ages(dp.persons[high][k], g.ages)});
    }
    y.movers_children = sum_ages(dp.movers[k], {0, 18});
    y.kita_demand_u3 = df.demand_u3[mid][k];
    y.kita_demand_ue3 = df.demand_ue3[mid][k];
    for (std::size_t v = 0; v < 3; ++v) {
        y.kita_demand[v] = df.demand_u3[v][k] + df.demand_ue3[v][k];
    }
    const double under_school_age = sum_ages(dp.persons[mid][k], {0, r.options.entry_age});
    if (df.places) {
        y.kita_missing = y.kita_demand[mid] - *df.places;
        if (under_school_age > 0) {
            y.kita_places_per_100 = 100 * *df.places / under_school_age;
        }
    }
    return y;
}

district_outlook district_of(const forecast_result& r, std::size_t i,
                             const std::vector<forecast_age_group>& groups) {
    district_outlook out;
    out.forecast = i;
    for (std::size_t k = 0; k < r.population.steps(); ++k) {
        out.years.push_back(district_year(r, r.districts[i], groups, k));
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const double base = out.years.front().groups[g][mid];
        const double end = out.years.back().groups[g][mid];
        out.change_pct.push_back(base > 0 ? std::optional(100 * (end - base) / base)
                                          : std::nullopt);
    }
    return out;
}

std::optional<school_outlook> school_of(const forecast_result& r, std::size_t i) {
    const auto& ff = r.facilities[i];
    const auto& years = ff.years[mid];
    if (years.empty()) {
        return std::nullopt;
    }
    school_outlook out;
    out.forecast = i;
    out.peak = peak_step(years.size(), [&](std::size_t k) { return years[k].pupils; });
    if (ff.first_shortage[mid]) {
        const auto& y = years[static_cast<std::size_t>(*ff.first_shortage[mid] - ff.base_year)];
        out.short_of_seats = y.short_of_seats;
        out.short_of_rooms = y.short_of_rooms;
    }
    return out;
}

std::vector<kita_outlook> kitas_of(const planning_model& model, const forecast_result& r) {
    std::map<std::string, std::size_t> by_district;
    for (std::size_t i = 0; i < r.districts.size(); ++i) {
        by_district[model.districts[r.districts[i].district].id.value] = i;
    }
    const std::size_t steps = r.population.steps();
    std::vector<kita_outlook> out;
    for (std::size_t f = 0; f < model.facilities.size(); ++f) {
        const auto& fac = model.facilities[f];
        if (fac.kind != facility_kind::kita || !fac.district) {
            continue;
        }
        const auto it = by_district.find(fac.district->value);
        if (it == by_district.end()) {
            continue;
        }
        const auto& df = r.districts[it->second];
        const double places = fac.cap.places.value_or(0);
        if (!(places > 0) || !df.places || !(*df.places > 0)) {
            continue;
        }
        kita_outlook k;
        k.facility = f;
        k.district = it->second;
        k.places = places;
        const double share = places / *df.places;
        for (std::size_t v = 0; v < 3; ++v) {
            for (std::size_t s = 0; s < steps; ++s) {
                k.demand[v].push_back(share * (df.demand_u3[v][s] + df.demand_ue3[v][s]));
            }
        }
        k.peak = peak_step(steps, [&](std::size_t s) { return k.demand[mid][s]; });
        for (std::size_t s = 0; s < steps; ++s) {
            k.utilisation.push_back(100 * k.demand[mid][s] / places);
            k.district_short.push_back(df.demand_u3[mid][s] + df.demand_ue3[mid][s] >
                                       *df.places + 0.5);
        }
        out.push_back(std::move(k));
    }
    return out;
}

forecast_totals totals_of(const forecast_result& r) {
    forecast_totals t;
    const std::size_t last = r.population.steps() - 1;
    for (const auto& df : r.districts) {
        const auto& dp = r.population.districts[df.projection];
        for (std::size_t a = 0; a < 18; ++a) {
            t.children_base += dp.persons[mid][0][a];
            t.children_last += dp.persons[mid][last][a];
            t.children_last_low += dp.persons[low][last][a];
            t.children_last_high += dp.persons[high][last][a];
        }
        t.kita_places += df.places.value_or(0);
        t.kita_demand_base += df.demand_u3[mid][0] + df.demand_ue3[mid][0];
        t.kita_demand_last += df.demand_u3[mid][last] + df.demand_ue3[mid][last];
        t.short_districts += df.first_shortage[mid] ? 1 : 0;
    }
    for (std::size_t i = 0; i < r.facilities.size(); ++i) {
        if (r.facilities[i].first_shortage[mid]) {
            t.short_schools.push_back(i);
        }
    }
    return t;
}

} // namespace

std::vector<forecast_age_group> forecast_age_groups(const forecast_options& options) {
    const int entry = options.entry_age;
    const int primary_end = entry + options.rules.primary_grades;
    return {{"u3", {0, 3}},
            {"ue3", {3, entry}},
            {"primary_age", {entry, primary_end}},
            {"sek1", {primary_end, std::max(primary_end, 16)}},
            {"children", {0, 18}}};
}

forecast_outlook make_outlook(const planning_model& model, const forecast_result& r) {
    forecast_outlook out;
    out.groups = forecast_age_groups(r.options);
    for (std::size_t i = 0; i < r.districts.size(); ++i) {
        out.districts.push_back(district_of(r, i, out.groups));
    }
    for (std::size_t i = 0; i < r.facilities.size(); ++i) {
        if (auto s = school_of(r, i)) {
            out.schools.push_back(*s);
        }
    }
    out.kitas = kitas_of(model, r);
    out.totals = totals_of(r);
    return out;
}

} // namespace standort::planning
