#include "planning/model/summary.hpp"

#include "planning/model/population_index.hpp"

#include <set>

namespace standort::planning {

model_summary summarise(const planning_model& model) {
    model_summary out;
    out.districts = model.districts.size();
    for (const auto& d : model.districts) {
        out.districts_area_km2 += d.area_m2 / 1e6;
    }
    out.catchments = model.catchments.size();
    for (const auto& c : model.catchments) {
        if (c.facilities_inside.empty() && !c.facility) {
            ++out.catchments_without_school;
        }
    }

    std::map<facility_kind, facility_kind_summary> kinds;
    for (const auto& f : model.facilities) {
        auto& k = kinds[f.kind];
        k.kind = f.kind;
        ++k.count;
        k.in_district += f.district ? 1 : 0;
        k.in_catchment += f.catchment ? 1 : 0;
        k.places += f.cap.places.value_or(0);
        k.seats += f.cap.seats.value_or(0);
        if (!f.cap.places && !f.cap.seats && f.kind != facility_kind::candidate) {
            ++k.without_capacity;
        }
    }
    for (const auto& [kind, k] : kinds) {
        out.facilities.push_back(k);
    }

    const population_index index(model.population);
    for (int year : index.years()) {
        population_year_summary y;
        y.year = year;
        y.bands = index.bands(year);
        std::set<std::string> districts;
        for (const auto& r : model.population) {
            if (r.year == year) {
                y.persons += r.persons;
                districts.insert(r.district.value);
            }
        }
        y.districts = districts.size();
        if (!y.bands.empty()) {
            y.age_from = y.bands.front().from;
            y.age_to = y.age_from;
            for (const auto& b : y.bands) {
                if (b.from > y.age_to) {
                    break; // a gap: coverage ends here
                }
                y.age_to = std::max(y.age_to, b.to);
            }
        }
        double under6 = 0;
        bool all = true;
        for (const auto& d : model.districts) {
            if (auto n = index.persons(d.id, year, age_band{0, 6})) {
                under6 += *n;
            } else if (index.total(d.id, year)) {
                all = false;
            }
        }
        if (all && y.districts > 0) {
            y.children_under_6 = under6;
        }
        out.population.push_back(std::move(y));
    }

    std::map<int, std::pair<std::set<std::string>, double>> years;
    for (const auto& e : model.enrolment) {
        auto& [facilities, pupils] = years[e.school_year];
        facilities.insert(e.facility.value);
        pupils += e.pupils;
    }
    for (const auto& [year, v] : years) {
        out.enrolment.push_back(enrolment_year_summary{year, v.first.size(), v.second});
    }
    std::map<int, std::pair<std::set<std::string>, double>> care_years;
    for (const auto& c : model.care) {
        auto& [reporting, children] = care_years[c.year];
        reporting.insert(c.facility ? c.facility->value : c.district.value);
        children += c.children;
    }
    for (const auto& [year, v] : care_years) {
        out.care.push_back(care_year_summary{year, v.first.size(), v.second});
    }
    out.grid.cells = model.grid.size();
    out.grid.year = model.grid.year;
    out.grid.bands = model.grid.bands;
    out.grid.cell_size_origin = model.grid.cell_size_origin;
    out.grid.cell_size_m = model.grid.areas.empty() ? model.grid.cell_size_m : 0.0;
    for (std::size_t c = 0; c < model.grid.size(); ++c) {
        out.grid.persons += model.grid.persons[c];
        out.grid.in_district += model.grid.district[c] >= 0 ? 1 : 0;
    }
    return out;
}

} // namespace standort::planning
