#include "planning/model/age_band.hpp"

#include <charconv>

#include <fmt/format.h>

namespace standort::planning {

static std::optional<int> parse_int(std::string_view s) {
    while (!s.empty() && s.front() == ' ') {
        s.remove_prefix(1);
    }
    while (!s.empty() && s.back() == ' ') {
        s.remove_suffix(1);
    }
    int v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) {
        return std::nullopt;
    }
    return v;
}

std::optional<age_band> parse_age_band(std::string_view text) {
    if (!text.empty() && text.back() == '+') {
        auto from = parse_int(text.substr(0, text.size() - 1));
        if (!from || *from < 0 || *from >= max_age) {
            return std::nullopt;
        }
        return age_band{*from, max_age};
    }
    const auto dash = text.find('-');
    if (dash == std::string_view::npos) {
        auto age = parse_int(text);
        if (!age || *age < 0 || *age >= max_age) {
            return std::nullopt;
        }
        return age_band{*age, *age + 1};
    }
    auto from = parse_int(text.substr(0, dash));
    auto to = parse_int(text.substr(dash + 1));
    if (!from || !to || *from < 0 || *to <= *from || *to > max_age) {
        return std::nullopt;
    }
    return age_band{*from, *to};
}

std::string to_string(const age_band& band) {
    if (band.to >= max_age) {
        return fmt::format("{}+", band.from);
    }
    return fmt::format("{}-{}", band.from, band.to);
}

double age_band::share_within(const age_band& range) const {
    const int lo = from > range.from ? from : range.from;
    const int hi = to < range.to ? to : range.to;
    return hi > lo && width() > 0 ? static_cast<double>(hi - lo) / static_cast<double>(width())
                                  : 0.0;
}

} // namespace standort::planning
