#include "planning/model/model.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>

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

namespace {
struct form_name {
    school_form form;
    const char* name;
};
// Our names first; then how the Länder's school statistics write them (lower case). Names that
// mean different forms in different Länder (Oberschule: Berlin's any secondary school, Saxony's
// Haupt- and Realschule; Sekundarschule, Regionale Schule, Realschule plus) are not guessed: the
// project file maps them (`form_values`).
constexpr std::array<form_name, 13> form_names{{
    {school_form::gymnasium, "gymnasium"},
    {school_form::gesamtschule, "gesamtschule"},
    {school_form::realschule, "realschule"},
    {school_form::sonstige, "sonstige"},
    {school_form::gesamtschule, "integrierte gesamtschule"},
    {school_form::gesamtschule, "iss"},
    {school_form::gesamtschule, "integrierte sekundarschule"},
    {school_form::gesamtschule, "gemeinschaftsschule"},
    {school_form::gesamtschule, "stadtteilschule"},
    {school_form::sonstige, "hauptschule"},
    {school_form::sonstige, "förderschule"},
    {school_form::sonstige, "sonstige schulen"},
    {school_form::sonstige, "andere"},
}};
} // namespace

std::string to_string(school_form form) {
    for (const auto& f : form_names) {
        if (f.form == form) {
            return f.name;
        }
    }
    return "sonstige";
}

std::string school_form_key(std::string_view text) {
    std::string lower;
    for (char c : text) {
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    const auto first = lower.find_first_not_of(' ');
    const auto last = lower.find_last_not_of(' ');
    return first == std::string::npos ? std::string() : lower.substr(first, last - first + 1);
}

std::optional<school_form> parse_school_form(std::string_view text) {
    const auto lower = school_form_key(text);
    for (const auto& f : form_names) {
        if (lower == f.name) {
            return f.form;
        }
    }
    return std::nullopt;
}

std::string school_year_label(int school_year) {
    return fmt::format("{}/{:02}", school_year, (school_year + 1) % 100);
}

} // namespace standort::planning
