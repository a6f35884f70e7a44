#include "services/load/load_housing.hpp"

#include "geo/number_text.hpp"
#include "geo/read_layer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <unordered_set>

namespace standort::services {

namespace {

// The columns of the housing table, found once; a missing one throws naming the fields there.
struct housing_columns {
    std::size_t district = 0;
    std::size_t first_year = 0;
    std::optional<std::size_t> last_year;
    std::optional<std::size_t> name;
    std::optional<std::size_t> dwellings;
    std::optional<std::size_t> persons;
};

housing_columns columns_of(const geo::feature_layer& layer, const housing_spec& spec) {
    auto optional_field = [&](const std::string& f) -> std::optional<std::size_t> {
        return f.empty() ? std::nullopt : std::optional(layer.require_field(f));
    };
    return {layer.require_field(spec.district),
            layer.require_field(spec.first_year),
            optional_field(spec.last_year),
            optional_field(spec.name),
            optional_field(spec.dwellings_per_year.field),
            optional_field(spec.persons_per_dwelling.field)};
}

// One row of the table read into a housing area; a bad value throws naming row and field.
class housing_row {
public:
    housing_row(const geo::feature_layer& layer, const geo::feature& feature,
                std::size_t district_field)
        : m_layer(layer), m_feature(feature),
          m_district(geo::to_text(feature.values[district_field])) {}

    const std::string& district() const { return m_district; }

    error_context where(const std::string& field) const {
        return error_context{m_layer.source, m_layer.name, m_feature.source_fid, m_district, field};
    }
    // `limit`: no housing area builds more dwellings a year, nor houses more persons in one
    // (a typo such as 1e9 would otherwise become a billion children).
    double number(std::size_t field, const std::string& name, geo::number_format format,
                  double limit) const {
        std::string problem;
        const auto n = geo::value_as_number(m_feature.values[field], format, &problem);
        const std::string text = geo::to_text(m_feature.values[field]);
        if (!n || n->percent || !std::isfinite(n->number) || n->number < 0) {
            throw input_error(
                fmt::format("`{}` must be a number of 0 or more, not \"{}\"", name, text),
                where(name));
        }
        if (n->number > limit) {
            throw input_error(fmt::format("`{}` is {}, more than any housing area has (at most "
                                          "{:g}): a typo?",
                                          name, text, limit),
                              where(name));
        }
        return n->number;
    }
    int year(std::size_t field, const std::string& name) const {
        const double y = number(field, name, geo::number_format::plain, 1e4);
        if (y != std::floor(y) || y < 1900 || y > 2200) {
            throw input_error(fmt::format("`{}` must be a calendar year, not {}", name,
                                          geo::to_text(m_feature.values[field])),
                              where(name));
        }
        return static_cast<int>(y);
    }
    // An empty cell (CSV gives "" for it) means building goes on to the end of the horizon.
    bool empty(std::size_t field) const {
        const auto& v = m_feature.values[field];
        return geo::is_null(v) || geo::to_text(v).find_first_not_of(' ') == std::string::npos;
    }
    std::string text(std::size_t field) const { return geo::to_text(m_feature.values[field]); }
    std::int64_t fid() const { return m_feature.source_fid; }

private:
    const geo::feature_layer& m_layer;
    const geo::feature& m_feature;
    std::string m_district;
};

planning::housing_area read_area(const housing_row& row, const housing_spec& spec,
                                 const housing_columns& c) {
    planning::housing_area h;
    h.district = planning::district_id{row.district()};
    h.name = c.name ? row.text(*c.name) : fmt::format("{} ({})", row.district(), row.fid());
    h.first_year = row.year(c.first_year, spec.first_year);
    h.last_year = !c.last_year || row.empty(*c.last_year) ? std::numeric_limits<int>::max()
                                                          : row.year(*c.last_year, spec.last_year);
    if (h.last_year < h.first_year) {
        throw input_error(
            fmt::format("last year {} is before the first year {}", h.last_year, h.first_year),
            row.where(spec.last_year));
    }
    // Berlin completes about 20,000 dwellings a year in all; 20 persons share no dwelling.
    h.dwellings_per_year =
        c.dwellings ? row.number(*c.dwellings, spec.dwellings_per_year.field, spec.numbers, 1e5)
                    : *spec.dwellings_per_year.number;
    h.persons_per_dwelling =
        c.persons ? row.number(*c.persons, spec.persons_per_dwelling.field, spec.numbers, 20)
                  : *spec.persons_per_dwelling.number;
    return h;
}

} // namespace

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
            throw input_error(fmt::format("the housing areas cannot be read: {}", f.message),
                              f.where);
        }
    }
    std::unordered_set<std::string> districts;
    for (const auto& d : model.districts) {
        districts.insert(d.id.value);
    }
    const auto columns = columns_of(layer, spec);
    for (const auto& feature : layer.features) {
        const housing_row row(layer, feature, columns.district);
        if (!districts.contains(row.district())) {
            throw input_error(
                fmt::format("housing area in unknown district \"{}\"", row.district()),
                row.where(spec.district));
        }
        out.push_back(read_area(row, spec, columns));
    }
    return out;
}

} // namespace standort::services
