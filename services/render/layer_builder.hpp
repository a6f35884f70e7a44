#pragma once

#include "geo/feature_layer.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace standort::services {

// A layer declared column by column: each field is given with the function that yields its
// value for row i, so a field and its value are tied by name and cannot drift apart as they
// do in a list of values by position. Rows are numbered 0 ... rows-1.
class layer_builder {
public:
    using value_of = std::function<geo::value(std::size_t row)>;
    using shape_of = std::function<geo::geometry(std::size_t row)>;

    layer_builder(std::string name, std::string crs, std::size_t rows)
        : m_name(std::move(name)), m_crs(std::move(crs)), m_rows(rows) {}

    // The geometry type comes from what `shape` returns, so an empty layer keeps it.
    template <typename F> layer_builder& shape(F shape) {
        using shape_type = std::decay_t<std::invoke_result_t<F, std::size_t>>;
        if constexpr (std::is_same_v<shape_type, geo::point>) {
            m_geometry = geo::geometry_type::points;
        } else if constexpr (std::is_same_v<shape_type, geo::multi_linestring>) {
            m_geometry = geo::geometry_type::lines;
        } else if constexpr (std::is_same_v<shape_type, geo::multi_polygon>) {
            m_geometry = geo::geometry_type::polygons;
        }
        m_shape = std::move(shape);
        return *this;
    }
    layer_builder& field(std::string name, geo::field_type type, value_of value) {
        m_fields.push_back({std::move(name), type});
        m_values.push_back(std::move(value));
        return *this;
    }
    layer_builder& text(std::string name, value_of value) {
        return field(std::move(name), geo::field_type::text, std::move(value));
    }
    layer_builder& real(std::string name, value_of value) {
        return field(std::move(name), geo::field_type::real, std::move(value));
    }
    layer_builder& integer(std::string name, value_of value) {
        return field(std::move(name), geo::field_type::integer, std::move(value));
    }
    layer_builder& date(std::string name, value_of value) {
        return field(std::move(name), geo::field_type::date, std::move(value));
    }

    geo::feature_layer build() const {
        geo::feature_layer layer = schema();
        layer.features.reserve(m_rows);
        for (std::size_t i = 0; i < m_rows; ++i) {
            geo::feature f;
            fill(i, f);
            layer.features.push_back(std::move(f));
        }
        return layer;
    }

    // The layer without its features, and row i made into `f` (its storage reused): for a
    // layer written as it is made (output_files::add_streamed) instead of held whole.
    geo::feature_layer schema() const {
        geo::feature_layer layer;
        layer.name = m_name;
        layer.crs = m_crs;
        layer.fields = m_fields;
        layer.declared_geometry = m_geometry;
        return layer;
    }
    void fill(std::size_t i, geo::feature& f) const {
        f.source_fid = static_cast<std::int64_t>(i);
        if (m_shape) {
            f.shape = m_shape(i);
        }
        f.values.resize(m_values.size());
        for (std::size_t v = 0; v < m_values.size(); ++v) {
            f.values[v] = m_values[v](i);
        }
    }
    std::size_t rows() const noexcept { return m_rows; }

private:
    std::string m_name;
    std::string m_crs;
    std::size_t m_rows = 0;
    shape_of m_shape;
    std::optional<geo::geometry_type> m_geometry;
    std::vector<geo::field_def> m_fields;
    std::vector<value_of> m_values;
};

} // namespace standort::services
