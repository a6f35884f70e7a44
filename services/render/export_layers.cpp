#include "services/render/export_layers.hpp"

#include "planning/model/population_index.hpp"

#include <cmath>
#include <map>

#include <fmt/format.h>

namespace standort::services {

namespace {

using geo::field_type;
using geo::value;

value opt(const std::optional<double>& v) {
    return v ? value{*v} : value{};
}

// km² to 4 decimals (100 m²): more digits are noise in a planner's table.
double km2(double m2) {
    return std::round(m2 / 1e6 * 1e4) / 1e4;
}

// A layer built row by row: add_field declares the schema, row() starts a feature.
class layer_builder {
public:
    layer_builder(std::string name, std::string crs) {
        m_layer.name = std::move(name);
        m_layer.crs = std::move(crs);
    }
    std::size_t field(std::string name, field_type type) {
        return m_layer.add_field(std::move(name), type);
    }
    geo::feature& row(geo::geometry shape = {}) {
        auto& f = m_layer.features.emplace_back();
        f.source_fid = static_cast<std::int64_t>(m_layer.features.size());
        f.shape = std::move(shape);
        f.values.resize(m_layer.fields.size());
        return f;
    }
    geo::feature_layer take() { return std::move(m_layer); }

private:
    geo::feature_layer m_layer;
};


geo::feature_layer districts_layer(const planning::planning_model& model) {
    layer_builder b("districts", model.crs);
    const auto id = b.field("district_id", field_type::text);
    const auto name = b.field("name", field_type::text);
    const auto parent = b.field("parent_id", field_type::text);
    std::vector<std::size_t> level_fields;
    if (!model.districts.empty()) {
        for (const auto& [level, key] : model.districts.front().levels) {
            level_fields.push_back(b.field(level + "_id", field_type::text));
        }
    }
    const auto area = b.field("area_km2", field_type::real);

    // Persons per year: the total, then each stored band of children and youths (under 18).
    const planning::population_index population(model.population);
    struct column {
        std::size_t field;
        int year;
        std::optional<planning::age_band> band; // none: total
    };
    std::vector<column> columns;
    // The groups planners read first: Krippe (U3, ages 0 to under 3), Kindergarten (Ü3, 3 to
    // under 6), Grundschule age (6 to under 10) and all minors. Empty where the stored bands
    // cannot answer exactly (a table with 0-6 cannot say how many are under 3).
    struct group {
        const char* name;
        planning::age_band band;
    };
    static constexpr group groups[] = {
        {"u3", {0, 3}}, {"ue3", {3, 6}}, {"age_06_10", {6, 10}}, {"under_18", {0, 18}}};
    for (int year : population.years()) {
        columns.push_back(column{b.field(fmt::format("persons_{}", year), field_type::real), year,
                                 std::nullopt});
        for (const auto& g : groups) {
            columns.push_back(column{b.field(fmt::format("children_{}_{}", year, g.name),
                                             field_type::real),
                                     year, g.band});
        }
        for (const auto& band : population.bands(year)) {
            if (band.from < 18) {
                columns.push_back(
                    column{b.field(fmt::format("persons_{}_age_{:02}_{:02}", year, band.from,
                                               band.to),
                                   field_type::real),
                           year, band});
            }
        }
    }

    std::map<std::string, std::pair<double, std::size_t>> kita_places; // district -> sum, count
    std::map<std::string, std::pair<double, std::size_t>> school_seats;
    for (const auto& f : model.facilities) {
        if (!f.district) {
            continue;
        }
        if (f.kind == planning::facility_kind::kita) {
            auto& [sum, n] = kita_places[f.district->value];
            sum += f.cap.places.value_or(0);
            ++n;
        } else if (f.kind == planning::facility_kind::grundschule) {
            auto& [sum, n] = school_seats[f.district->value];
            sum += f.cap.seats.value_or(0);
            ++n;
        }
    }
    const auto kitas = b.field("kitas", field_type::integer);
    const auto places = b.field("kita_places", field_type::real);
    const auto schools = b.field("grundschulen", field_type::integer);
    const auto seats = b.field("grundschule_seats", field_type::real);

    for (const auto& d : model.districts) {
        auto& f = b.row(d.area);
        f.values[id] = d.id.value;
        f.values[name] = d.name;
        f.values[parent] = d.parent ? value{d.parent->value} : value{};
        for (std::size_t l = 0; l < level_fields.size() && l < d.levels.size(); ++l) {
            f.values[level_fields[l]] = d.levels[l].second;
        }
        f.values[area] = km2(d.area_m2);
        for (const auto& c : columns) {
            // A district without figures shows null (unknown), never 0.
            f.values[c.field] = opt(c.band ? population.persons(d.id, c.year, *c.band)
                                           : population.total(d.id, c.year));
        }
        const auto k = kita_places.find(d.id.value);
        f.values[kitas] = static_cast<std::int64_t>(k == kita_places.end() ? 0 : k->second.second);
        f.values[places] = k == kita_places.end() ? 0.0 : k->second.first;
        const auto s = school_seats.find(d.id.value);
        f.values[schools] =
            static_cast<std::int64_t>(s == school_seats.end() ? 0 : s->second.second);
        f.values[seats] = s == school_seats.end() ? 0.0 : s->second.first;
    }
    return b.take();
}

geo::feature_layer facilities_layer(const planning::planning_model& model) {
    std::map<std::string, std::string> district_names;
    for (const auto& d : model.districts) {
        district_names[d.id.value] = d.name;
    }
    layer_builder b("facilities", model.crs);
    const auto id = b.field("facility_id", field_type::text);
    const auto name = b.field("name", field_type::text);
    const auto kind = b.field("kind", field_type::text);
    const auto type = b.field("school_type", field_type::text);
    const auto places = b.field("places", field_type::real);
    const auto u3 = b.field("places_u3", field_type::real);
    const auto ue3 = b.field("places_ue3", field_type::real);
    const auto seats = b.field("seats", field_type::real);
    const auto derived = b.field("seats_derived", field_type::integer);
    const auto zuege = b.field("zuege", field_type::real);
    const auto class_size = b.field("class_size", field_type::real);
    const auto district = b.field("district_id", field_type::text);
    const auto district_name = b.field("district_name", field_type::text);
    const auto catchment = b.field("catchment_id", field_type::text);
    const auto source = b.field("source", field_type::text);
    const auto source_feature = b.field("source_feature", field_type::integer);
    for (const auto& fac : model.facilities) {
        auto& f = b.row(fac.location);
        f.values[id] = fac.id.value;
        f.values[name] = fac.name;
        f.values[kind] = planning::to_string(fac.kind);
        f.values[type] = fac.school_type.empty() ? value{} : value{fac.school_type};
        f.values[places] = opt(fac.cap.places);
        f.values[u3] = opt(fac.cap.places_u3);
        f.values[ue3] = opt(fac.cap.places_ue3);
        f.values[seats] = opt(fac.cap.seats);
        f.values[derived] = std::int64_t{fac.cap.seats_derived ? 1 : 0};
        f.values[zuege] = opt(fac.cap.zuege);
        f.values[class_size] = opt(fac.cap.class_size);
        if (fac.district) {
            f.values[district] = fac.district->value;
            f.values[district_name] = district_names[fac.district->value];
        }
        if (fac.catchment) {
            f.values[catchment] = fac.catchment->value;
        }
        f.values[source] = fac.source.file;
        f.values[source_feature] = fac.source.feature;
    }
    return b.take();
}

geo::feature_layer catchments_layer(const planning::planning_model& model) {
    std::map<std::string, const planning::facility*> by_id; // ids are unique per kind
    for (const auto& f : model.facilities) {
        if (f.kind == planning::facility_kind::grundschule) {
            by_id[f.id.value] = &f;
        }
    }
    layer_builder b("catchments", model.crs);
    const auto id = b.field("catchment_id", field_type::text);
    const auto name = b.field("name", field_type::text);
    const auto declared = b.field("facility_id", field_type::text);
    const auto count = b.field("grundschulen_inside", field_type::integer);
    const auto ids = b.field("grundschule_ids", field_type::text);
    const auto seats = b.field("seats_inside", field_type::real);
    const auto area = b.field("area_km2", field_type::real);
    for (const auto& c : model.catchments) {
        auto& f = b.row(c.area);
        f.values[id] = c.id.value;
        f.values[name] = c.name;
        f.values[declared] = c.facility ? value{c.facility->value} : value{};
        std::int64_t n = 0;
        std::string list;
        double sum = 0;
        for (const auto& fid : c.facilities_inside) {
            const auto it = by_id.find(fid.value);
            if (it != by_id.end()) {
                const auto* fac = it->second;
                ++n;
                list += list.empty() ? fid.value : "," + fid.value;
                sum += fac->cap.seats.value_or(0);
            }
        }
        f.values[count] = n;
        f.values[ids] = list;
        f.values[seats] = sum;
        f.values[area] = km2(c.area_m2);
    }
    return b.take();
}

geo::feature_layer population_table(const planning::planning_model& model) {
    layer_builder b("population", {});
    const auto district = b.field("district_id", field_type::text);
    const auto year = b.field("year", field_type::integer);
    const auto from = b.field("age_from", field_type::integer);
    const auto to = b.field("age_to", field_type::integer);
    const auto label = b.field("age_band", field_type::text);
    const auto persons = b.field("persons", field_type::real);
    for (const auto& r : model.population) {
        auto& f = b.row();
        f.values[district] = r.district.value;
        f.values[year] = std::int64_t{r.year};
        f.values[from] = std::int64_t{r.band.from};
        f.values[to] = std::int64_t{r.band.to};
        f.values[label] = planning::to_string(r.band);
        f.values[persons] = r.persons;
    }
    return b.take();
}

geo::feature_layer enrolment_table(const planning::planning_model& model) {
    layer_builder b("enrolment", {});
    const auto facility = b.field("facility_id", field_type::text);
    const auto year = b.field("school_year_start", field_type::integer);
    const auto label = b.field("school_year", field_type::text);
    const auto grade = b.field("grade", field_type::text);
    const auto pupils = b.field("pupils", field_type::real);
    for (const auto& r : model.enrolment) {
        auto& f = b.row();
        f.values[facility] = r.facility.value;
        f.values[year] = std::int64_t{r.school_year};
        f.values[label] = planning::school_year_label(r.school_year);
        f.values[grade] = r.grade;
        f.values[pupils] = r.pupils;
    }
    return b.take();
}

} // namespace

std::vector<geo::feature_layer> make_export_layers(const planning::planning_model& model) {
    std::vector<geo::feature_layer> out;
    out.push_back(districts_layer(model));
    if (!model.facilities.empty()) {
        out.push_back(facilities_layer(model));
    }
    if (!model.catchments.empty()) {
        out.push_back(catchments_layer(model));
    }
    if (!model.population.empty()) {
        out.push_back(population_table(model));
    }
    if (!model.enrolment.empty()) {
        out.push_back(enrolment_table(model));
    }
    return out;
}

} // namespace standort::services
