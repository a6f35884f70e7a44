#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace standort::services {

// The German alias QGIS shows for a field standort writes ("kita_u3_quota" ->
// "Versorgungsquote U3 (Plätze je 100 Kinder)"). Field names stay English snake_case for
// scripts; people read the alias. Names built from a group, a threshold or a year are composed
// from their parts. Nothing for a name it does not know (tests check every written field).
std::optional<std::string> german_alias(std::string_view field);

} // namespace standort::services
