#include "planning/model/district_figures.hpp"

#include <map>
#include <string>

namespace standort::planning {

std::vector<district_capacity> district_capacities(const planning_model& model) {
    std::map<std::string, std::size_t> index;
    for (std::size_t d = 0; d < model.districts.size(); ++d) {
        index.emplace(model.districts[d].id.value, d);
    }
    std::vector<district_capacity> out(model.districts.size());
    for (const auto& f : model.facilities) {
        if (!f.district) {
            continue;
        }
        const auto it = index.find(f.district->value);
        if (it == index.end()) {
            continue;
        }
        auto& d = out[it->second];
        if (f.kind == facility_kind::kita) {
            ++d.kitas;
            d.kita_places = d.kita_places && f.cap.places
                                ? std::optional(*d.kita_places + *f.cap.places)
                                : std::nullopt;
        } else if (f.kind == facility_kind::grundschule) {
            ++d.grundschulen;
            d.grundschule_seats = d.grundschule_seats && f.cap.seats
                                      ? std::optional(*d.grundschule_seats + *f.cap.seats)
                                      : std::nullopt;
        }
    }
    return out;
}

std::vector<catchment_schools> catchment_schools_inside(const planning_model& model) {
    std::map<std::string, std::size_t> grundschule; // ids are unique per kind
    for (std::size_t f = 0; f < model.facilities.size(); ++f) {
        if (model.facilities[f].kind == facility_kind::grundschule) {
            grundschule.emplace(model.facilities[f].id.value, f);
        }
    }
    std::vector<catchment_schools> out(model.catchments.size());
    for (std::size_t c = 0; c < model.catchments.size(); ++c) {
        for (const auto& id : model.catchments[c].facilities_inside) {
            if (const auto it = grundschule.find(id.value); it != grundschule.end()) {
                out[c].grundschulen.push_back(it->second);
                out[c].seats += model.facilities[it->second].cap.seats.value_or(0);
            }
        }
    }
    return out;
}

} // namespace standort::planning
