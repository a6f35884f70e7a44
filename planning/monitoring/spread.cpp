#include "planning/monitoring/spread.hpp"

#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace standort::planning {

namespace {

// The areas each district adds up to: its parent, the parent's parent, ... the municipality.
std::vector<std::vector<std::size_t>> ancestors(const indicator_report& r) {
    std::map<std::pair<std::string, std::string>, std::size_t> index;
    for (std::size_t a = 0; a < r.areas.size(); ++a) {
        index.emplace(std::pair{r.areas[a].level, r.areas[a].id}, a);
    }
    std::vector<std::vector<std::size_t>> out(r.areas.size());
    for (std::size_t a = 0; a < r.areas.size(); ++a) {
        if (r.areas[a].level != "district") {
            continue;
        }
        // A guard against a cycle in a malformed hierarchy: no chain is longer than the areas.
        for (auto at = a; out[a].size() < r.areas.size();) {
            const auto it = index.find({r.areas[at].parent_level, r.areas[at].parent_id});
            if (r.areas[at].parent_level.empty() || it == index.end()) {
                break;
            }
            out[a].push_back(it->second);
            at = it->second;
        }
    }
    return out;
}

struct district_rate {
    std::size_t area;
    std::optional<double> value;
    double weight;
};

std::optional<double> weighted_gini(const std::vector<district_rate>& rates) {
    double w = 0;
    double mean = 0;
    for (const auto& d : rates) {
        w += d.weight;
        mean += d.weight * *d.value;
    }
    if (!(w > 0) || !(mean > 0)) {
        return std::nullopt;
    }
    mean /= w;
    double sum = 0;
    for (const auto& i : rates) {
        for (const auto& j : rates) {
            sum += i.weight * j.weight * std::abs(*i.value - *j.value);
        }
    }
    return sum / (2 * w * w * mean);
}

indicator_spread spread_of(std::size_t area, int year, const std::string& indicator,
                           const std::vector<district_rate>& all) {
    indicator_spread s;
    s.area = area;
    s.year = year;
    s.indicator = indicator;
    s.of = all.size();
    std::vector<district_rate> known;
    for (const auto& d : all) {
        if (!d.value) {
            continue;
        }
        if (known.empty() || *d.value < s.min) {
            s.min = *d.value;
            s.min_area = d.area;
        }
        if (known.empty() || *d.value > s.max) {
            s.max = *d.value;
            s.max_area = d.area;
        }
        known.push_back(d);
    }
    s.known = known.size();
    s.gini = weighted_gini(known);
    return s;
}

} // namespace

std::vector<indicator_spread>
spread_between_districts(const indicator_report& report,
                         const std::vector<indicator_spread>* published_from) {
    const auto up = ancestors(report);
    // (indicator, area above, year) -> the districts' rates, in the order of the rows.
    std::map<std::tuple<std::string, std::size_t, int>, std::vector<district_rate>> groups;
    for (const auto& row : report.rows) {
        const auto* def = find_definition(report, row.indicator);
        if (!def || def->unit != indicator_unit::percent ||
            report.areas[row.area].level != "district") {
            continue;
        }
        const district_rate d{row.area, row.value, row.denominator.value_or(0.0)};
        for (auto a : up[row.area]) {
            groups[{row.indicator, a, row.year}].push_back(d);
        }
    }
    std::set<std::tuple<std::string, std::size_t, int>> before;
    if (published_from) {
        for (const auto& s : *published_from) {
            before.insert({s.indicator, s.area, s.year});
        }
    }
    std::vector<indicator_spread> out;
    for (const auto& [key, rates] : groups) {
        auto s = spread_of(std::get<1>(key), std::get<2>(key), std::get<0>(key), rates);
        const bool complete = published_from ? before.contains(key) : s.known == s.of;
        if (s.known >= 2 && complete) {
            out.push_back(std::move(s));
        }
    }
    return out;
}

} // namespace standort::planning
