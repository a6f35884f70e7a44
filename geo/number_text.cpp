#include "geo/number_text.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace standort::geo {

std::optional<number_format> parse_number_format(std::string_view name) {
    if (name == "plain" || name == "c" || name == "english") {
        return number_format::plain;
    }
    if (name == "german" || name == "de") {
        return number_format::german;
    }
    return std::nullopt;
}

static std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
        s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
        s.remove_suffix(1);
    }
    return s;
}

std::optional<parsed_number> parse_number(std::string_view text, number_format format,
                                          std::string* problem) {
    std::string_view s = trim(text);
    if (s.empty()) {
        return std::nullopt;
    }
    parsed_number out;
    if (s.back() == '%') {
        out.percent = true;
        s = trim(s.substr(0, s.size() - 1));
    }
    std::string normal;
    normal.reserve(s.size());
    for (char c : s) {
        if (format == number_format::german) {
            if (c == '.') {
                continue; // thousands separator: "1.234" is one thousand two hundred ...
            }
            normal += c == ',' ? '.' : c;
        } else {
            normal += c;
        }
    }
    if (!normal.empty() && normal.front() == '+') {
        normal.erase(0, 1);
    }
    const char* begin = normal.data();
    const char* end = normal.data() + normal.size();
    auto [ptr, ec] = std::from_chars(begin, end, out.number);
    if (ec != std::errc() || ptr != end || normal.empty() || !std::isfinite(out.number)) {
        if (problem) {
            *problem = fmt::format("'{}' is not a number{}", text,
                                   format == number_format::german
                                       ? " in German notation (e.g. 1.234,5)"
                                       : " (set number_format: german for 1.234,5)");
        }
        return std::nullopt;
    }
    return out;
}

bool looks_like_german_thousands(std::string_view text) {
    const std::string_view s = trim(text);
    const auto dot = s.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot > 3 || s.front() == '0') {
        return false;
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dot_here = i >= dot && (i - dot) % 4 == 0;
        const char c = s[i];
        if (dot_here ? c != '.' : !std::isdigit(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    return (s.size() - dot) % 4 == 0; // whole groups of three after each dot
}

std::optional<parsed_number> value_as_number(const value& v, number_format format,
                                             std::string* problem) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
        return parsed_number{static_cast<double>(*i), false};
    }
    if (const auto* d = std::get_if<double>(&v)) {
        return parsed_number{*d, false};
    }
    if (const auto* s = std::get_if<std::string>(&v)) {
        return parse_number(*s, format, problem);
    }
    return std::nullopt;
}

} // namespace standort::geo
