#include "geo/error.hpp"

#include <fmt/format.h>

namespace standort {

std::string error_context::describe() const {
    std::string out;
    auto add = [&out](const std::string& part) {
        if (!out.empty()) {
            out += ", ";
        }
        out += part;
    };
    if (!file.empty()) {
        add(file);
    }
    if (!layer.empty()) {
        add(fmt::format("layer '{}'", layer));
    }
    if (feature) {
        add(fmt::format("feature {}", *feature));
    }
    if (!key.empty()) {
        add(fmt::format("id '{}'", key));
    }
    if (!field.empty()) {
        add(fmt::format("field '{}'", field));
    }
    return out;
}

static std::string with_context(const std::string& message, const error_context& context) {
    const std::string where = context.describe();
    return where.empty() ? message : where + ": " + message;
}

error::error(std::string message, error_context context)
    : std::runtime_error(with_context(message, context)), m_message(std::move(message)),
      m_context(std::move(context)) {}

} // namespace standort
