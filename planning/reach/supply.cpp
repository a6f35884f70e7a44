#include "planning/reach/supply.hpp"

#include "planning/model/population_index.hpp"

#include <unordered_map>

namespace standort::planning {

std::vector<supply_group> default_supply_groups() {
    return {
        {"kita_u3", facility_kind::kita, {0, 3}, 45},
        {"kita_ue3", facility_kind::kita, {3, 6}, 95},
        {"kita", facility_kind::kita, {0, 6}, 70},
        {"grundschule", facility_kind::grundschule, {6, 10}, 100},
    };
}

namespace {

// The places a facility offers for a group, or nullopt when it does not say.
std::optional<double> places_for(const facility& f, const supply_group& g) {
    if (g.name == "kita_u3") {
        return f.cap.places_u3;
    }
    if (g.name == "kita_ue3") {
        return f.cap.places_ue3;
    }
    if (f.kind == facility_kind::kita) {
        return f.cap.places;
    }
    return f.cap.seats;
}

} // namespace

std::vector<supply_row> compute_supply(const planning_model& model, int year,
                                       const std::vector<supply_group>& groups) {
    std::unordered_map<std::string, std::size_t> district_index;
    for (std::size_t d = 0; d < model.districts.size(); ++d) {
        district_index.emplace(model.districts[d].id.value, d);
    }
    const population_index population(model.population);
    std::vector<supply_row> rows;
    rows.reserve(model.districts.size() * groups.size());
    for (std::size_t d = 0; d < model.districts.size(); ++d) {
        for (const auto& g : groups) {
            supply_row row;
            row.district = d;
            row.group = g.name;
            row.target_per_100 = g.target_per_100;
            row.children = population.persons(model.districts[d].id, year, g.ages);
            row.places = 0.0;
            rows.push_back(row);
        }
    }
    for (const auto& f : model.facilities) {
        if (!f.district) {
            continue;
        }
        const auto it = district_index.find(f.district->value);
        if (it == district_index.end()) {
            continue;
        }
        for (std::size_t g = 0; g < groups.size(); ++g) {
            if (groups[g].kind != f.kind) {
                continue;
            }
            auto& row = rows[it->second * groups.size() + g];
            ++row.facilities;
            const auto places = places_for(f, groups[g]);
            // One facility without the figure makes the district's sum unknown, not smaller.
            row.places = row.places && places ? std::optional(*row.places + *places) : std::nullopt;
        }
    }
    for (auto& row : rows) {
        if (!row.children || !row.places) {
            continue;
        }
        row.missing = row.target_per_100 * *row.children / 100.0 - *row.places;
        if (*row.children > 0) {
            row.quota = 100.0 * *row.places / *row.children;
        }
    }
    return rows;
}

} // namespace standort::planning
