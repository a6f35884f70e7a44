#include "services/load/load_housing.hpp"

#include "geo/number_text.hpp"
#include "geo/read_layer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <unordered_set>

namespace standort::services {

std::vector<planning::housing_area> load_housing(const project_file& file,
                                                 const planning::planning_model& model) {
    std::vector<planning::housing_area> out;
    if (!file.housing) {
        return out;
    }
    const auto& spec = *file.housing;
    auto result = geo::read_layer(spec.source.read);
    const auto& layer = result.layer;
    for (const auto& f : result.found) {
        if (f.level == severity::error) {
            throw input_error(fmt::format("the housing areas cannot be read: {}", f.message), f.where);
        }
    }
    std::unordered_set<std::string> districts;
    for (const auto& d : model.districts) {
        districts.insert(d.id.value);
    }
    const auto district_field = layer.require_field(spec.district);
    const auto first_field = layer.require_field(spec.first_year);
    const std::optional<std::size_t> last_field =
        spec.last_year.empty() ? std::nullopt : std::optional(layer.require_field(spec.last_year));
    const std::optional<std::size_t> name_field =
        spec.name.empty() ? std::nullopt : std::optional(layer.require_field(spec.name));
    auto field_of = [&](const planning::field_or_number& f) -> std::optional<std::size_t> {
        return f.field.empty() ? std::nullopt : std::optional(layer.require_field(f.field));
    };
    const auto dwellings_field = field_of(spec.dwellings_per_year);
    const auto persons_field = field_of(spec.persons_per_dwelling);

    for (const auto& feature : layer.features) {
        const std::string district = geo::to_text(feature.values[district_field]);
        auto where = [&](const std::string& field) {
            return error_context{layer.source, layer.name, feature.source_fid, district, field};
        };
        auto number = [&](std::size_t field, const std::string& name) {
            std::string problem;
            const auto n = geo::value_as_number(feature.values[field], geo::number_format::plain,
                                                &problem);
            if (!n || !std::isfinite(n->number) || n->number < 0) {
                throw input_error(fmt::format("`{}` must be a number of 0 or more, not \"{}\"", name,
                                              geo::to_text(feature.values[field])),
                                  where(name));
            }
            return n->number;
        };
        if (!districts.contains(district)) {
            throw input_error(fmt::format("housing area in unknown district \"{}\"", district),
                              where(spec.district));
        }
        planning::housing_area h;
        h.district = planning::district_id{district};
        h.name = name_field ? geo::to_text(feature.values[*name_field])
                            : fmt::format("{} ({})", district, feature.source_fid);
        auto year = [&](std::size_t field, const std::string& name) {
            const double y = number(field, name);
            if (y != std::floor(y) || y < 1900 || y > 2200) {
                throw input_error(fmt::format("`{}` must be a calendar year, not {}", name,
                                              geo::to_text(feature.values[field])),
                                  where(name));
            }
            return static_cast<int>(y);
        };
        h.first_year = year(first_field, spec.first_year);
        // An empty cell (CSV gives "" for it) means building goes on to the end of the horizon.
        const bool open_end = !last_field || geo::is_null(feature.values[*last_field]) ||
                              geo::to_text(feature.values[*last_field]).find_first_not_of(" ") ==
                                  std::string::npos;
        h.last_year = open_end ? std::numeric_limits<int>::max() : year(*last_field, spec.last_year);
        if (h.last_year < h.first_year) {
            throw input_error(fmt::format("last year {} is before the first year {}", h.last_year,
                                          h.first_year),
                              where(spec.last_year));
        }
        h.dwellings_per_year = dwellings_field
                                   ? number(*dwellings_field, spec.dwellings_per_year.field)
                                   : *spec.dwellings_per_year.number;
        h.persons_per_dwelling = persons_field
                                     ? number(*persons_field, spec.persons_per_dwelling.field)
                                     : *spec.persons_per_dwelling.number;
        out.push_back(std::move(h));
    }
    return out;
}

} // namespace standort::services
