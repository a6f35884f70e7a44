#include "planning/model/model.hpp"

#include <fmt/format.h>

#include <array>

namespace standort::planning {

namespace {
struct kind_name {
    facility_kind kind;
    const char* name;
};
constexpr std::array<kind_name, 8> kind_names{{
    {facility_kind::kita, "kita"},
    {facility_kind::grundschule, "grundschule"},
    {facility_kind::sek1, "sek1"},
    {facility_kind::sek2, "sek2"},
    {facility_kind::foerderschule, "foerderschule"},
    {facility_kind::berufsschule, "berufsschule"},
    {facility_kind::candidate, "candidate"},
    {facility_kind::other, "other"},
}};
} // namespace

std::optional<facility_kind> parse_facility_kind(std::string_view name) {
    for (const auto& k : kind_names) {
        if (name == k.name) {
            return k.kind;
        }
    }
    return std::nullopt;
}

std::string to_string(facility_kind kind) {
    for (const auto& k : kind_names) {
        if (k.kind == kind) {
            return k.name;
        }
    }
    return "other";
}

std::string school_year_label(int school_year) {
    return fmt::format("{}/{:02}", school_year, (school_year + 1) % 100);
}

} // namespace standort::planning
