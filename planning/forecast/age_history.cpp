#include "planning/forecast/age_history.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace standort::planning {

namespace {

// Whether the bands (all overlapping [from, to)) cover every year of it exactly once.
bool covers(std::vector<age_band> bands, int from, int to) {
    std::sort(bands.begin(), bands.end());
    int reached = from;
    for (const auto& b : bands) {
        if (b.from > reached) {
            return false; // a gap
        }
        if (b.from < reached && reached > from) {
            return false; // overlapping bands would count persons twice
        }
        reached = b.to;
    }
    return reached >= to;
}

std::vector<band_count> merged(const std::vector<std::pair<age_band, double>>& bands) {
    std::map<age_band, double> sums;
    for (const auto& [band, persons] : bands) {
        sums[band] += persons;
    }
    std::vector<band_count> out;
    for (const auto& [band, persons] : sums) {
        out.push_back({band, persons});
    }
    return out;
}

std::vector<std::string> ancestors_of(const district& d) {
    std::vector<std::string> out;
    for (const auto& [level, key] : d.levels) {
        out.push_back(level + " " + key);
    }
    if (d.parent) {
        const bool named = std::any_of(d.levels.begin(), d.levels.end(),
                                       [&](const auto& l) { return l.second == d.parent->value; });
        if (!named) {
            out.insert(out.begin(), "parent " + d.parent->value); // the coarser, as a Bezirk
        }
    }
    return out;
}

} // namespace

age_history_table single_age_history(const std::vector<population_record>& records,
                                     const std::vector<district>& districts, int last_age,
                                     std::optional<age_band> reference) {
    std::unordered_map<std::string, std::size_t> index;
    age_history_table out;
    out.districts.resize(districts.size());
    for (std::size_t i = 0; i < districts.size(); ++i) {
        index.emplace(districts[i].id.value, i);
        out.districts[i].district = districts[i].id;
        out.districts[i].ancestors = ancestors_of(districts[i]);
    }
    // district -> year -> (band, persons)
    std::vector<std::map<int, std::vector<std::pair<age_band, double>>>> rows(districts.size());
    for (const auto& r : records) {
        auto it = index.find(r.district.value);
        if (it != index.end()) {
            rows[it->second][r.year].push_back({r.band, r.persons});
        }
    }
    const int child_to = last_age + 1;
    for (std::size_t d = 0; d < districts.size(); ++d) {
        for (const auto& [year, bands] : rows[d]) {
            std::vector<age_band> child_bands;
            std::vector<age_band> reference_bands;
            for (const auto& [band, persons] : bands) {
                if (band.overlaps({0, child_to})) {
                    child_bands.push_back(band);
                }
                if (reference && band.overlaps(*reference)) {
                    reference_bands.push_back(band);
                }
            }
            if (!covers(child_bands, 0, child_to)) {
                out.gaps.push_back(fmt::format("{} {}: ages 0-{} not covered by the age bands",
                                               districts[d].id.value, year, last_age));
                continue;
            }
            std::vector<double> ages(static_cast<std::size_t>(child_to), 0.0);
            for (const auto& [band, persons] : bands) {
                for (int a = std::max(0, band.from); a < std::min(band.to, child_to); ++a) {
                    ages[static_cast<std::size_t>(a)] += persons * band.share_within({a, a + 1});
                }
            }
            out.districts[d].persons[year] = std::move(ages);
            out.districts[d].bands[year] = merged(bands);
            double total = 0;
            for (const auto& [band, persons] : bands) {
                total += persons;
            }
            out.districts[d].total[year] = total;
            if (reference && covers(reference_bands, reference->from, reference->to)) {
                double sum = 0;
                for (const auto& [band, persons] : bands) {
                    sum += persons * band.share_within(*reference);
                }
                out.districts[d].reference[year] = sum;
            }
        }
    }
    return out;
}

} // namespace standort::planning
