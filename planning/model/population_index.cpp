#include "planning/model/population_index.hpp"

#include <algorithm>

namespace standort::planning {

population_index::population_index(const std::vector<population_record>& records) {
    for (const auto& r : records) {
        m_rows[{r.district.value, r.year}].emplace_back(r.band, r.persons);
    }
    for (auto& [key, rows] : m_rows) {
        std::sort(rows.begin(), rows.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
    }
}

std::set<int> population_index::years() const {
    std::set<int> out;
    for (const auto& [key, rows] : m_rows) {
        out.insert(key.second);
    }
    return out;
}

std::vector<age_band> population_index::bands(int year) const {
    std::set<age_band> out;
    for (const auto& [key, rows] : m_rows) {
        if (key.second == year) {
            for (const auto& [band, n] : rows) {
                out.insert(band);
            }
        }
    }
    return {out.begin(), out.end()};
}

std::optional<double> population_index::persons(const district_id& district, int year,
                                                age_band band) const {
    auto it = m_rows.find({district.value, year});
    if (it == m_rows.end()) {
        return std::nullopt;
    }
    // Walk the sorted bands from band.from; each must start where the last ended.
    int reached = band.from;
    double sum = 0.0;
    for (const auto& [b, n] : it->second) {
        if (b.to <= band.from || b.from >= band.to) {
            continue;
        }
        if (b.from != reached || b.to > band.to) {
            return std::nullopt; // a band straddles the edge or there is a gap
        }
        sum += n;
        reached = b.to;
    }
    if (reached != band.to) {
        return std::nullopt;
    }
    return sum;
}

std::optional<double> population_index::total(const district_id& district, int year) const {
    auto it = m_rows.find({district.value, year});
    if (it == m_rows.end()) {
        return std::nullopt;
    }
    // All persons only when the bands tile every age: from 0, without gaps, up to an open end
    // ("65+") or a last band reaching 90 or more (Berlin's EWR ends with 95-110). A table of
    // children only has no total.
    int reached = 0;
    double sum = 0.0;
    for (const auto& [b, n] : it->second) {
        if (b.from != reached) {
            return std::nullopt;
        }
        sum += n;
        reached = b.to;
    }
    if (reached < 90) {
        return std::nullopt;
    }
    return sum;
}

} // namespace standort::planning
