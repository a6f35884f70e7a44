#include "geo/finding.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace standort {

std::string to_string(severity level) {
    switch (level) {
    case severity::error:
        return "error";
    case severity::warning:
        return "warning";
    case severity::info:
        return "info";
    }
    return "unknown";
}

bool has_errors(const findings& list) {
    return std::any_of(list.begin(), list.end(),
                       [](const finding& f) { return f.level == severity::error; });
}

std::size_t count(const findings& list, severity level) {
    return static_cast<std::size_t>(std::count_if(
        list.begin(), list.end(), [level](const finding& f) { return f.level == level; }));
}

std::string format_finding(const finding& f) {
    std::string label = to_string(f.level);
    std::transform(label.begin(), label.end(), label.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    const std::string where = f.where.describe();
    if (where.empty()) {
        return fmt::format("{} [{}] {}", label, f.code, f.message);
    }
    return fmt::format("{} [{}] {}: {}", label, f.code, where, f.message);
}

} // namespace standort
