#include "geo/feature_layer.hpp"

#include "geo/error.hpp"

#include <fmt/format.h>

namespace standort::geo {

std::optional<std::size_t> feature_layer::field_index(std::string_view field_name) const {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].name == field_name) {
            return i;
        }
    }
    return std::nullopt;
}

std::size_t feature_layer::require_field(std::string_view field_name) const {
    if (auto index = field_index(field_name)) {
        return *index;
    }
    std::string known;
    for (const auto& f : fields) {
        known += known.empty() ? f.name : ", " + f.name;
    }
    throw input_error(
        fmt::format("no such field; the layer has: {}", known.empty() ? "(none)" : known),
        error_context{source, name, std::nullopt, {}, std::string(field_name)});
}

std::size_t feature_layer::add_field(std::string field_name, field_type type) {
    fields.push_back(field_def{std::move(field_name), type});
    for (auto& f : features) {
        f.values.resize(fields.size());
    }
    return fields.size() - 1;
}

bool feature_layer::has_geometry() const {
    for (const auto& f : features) {
        if (!std::holds_alternative<std::monostate>(f.shape)) {
            return true;
        }
    }
    return false;
}

box feature_layer::extent() const {
    box out = envelope(geometry{});
    for (const auto& f : features) {
        expand(out, envelope(f.shape));
    }
    return out;
}

bool is_null(const value& v) {
    if (std::holds_alternative<std::monostate>(v)) {
        return true;
    }
    return false;
}

std::string to_text(const value& v) {
    return std::visit(
        [](const auto& x) -> std::string {
            using type = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<type, std::monostate>) {
                return {};
            } else if constexpr (std::is_same_v<type, std::string>) {
                return x;
            } else { // integers without decimals, reals as written
                return fmt::format("{}", x);
            }
        },
        v);
}

} // namespace standort::geo
