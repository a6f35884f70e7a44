#pragma once

#include "geo/finding.hpp"
#include "planning/reports.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <ostream>
#include <vector>

namespace standort::services {

// What every renderer shares: findings, the travel measure, the files written.

nlohmann::json to_json(const finding& f);
nlohmann::json to_json(const findings& list);

// Errors and warnings, one per line, then a count line.
void print_findings(std::ostream& out, const findings& list);

// {"travel": "street network, walk 4.5 km/h", "network": {...}} for the parameters side-cars.
nlohmann::json travel_json(const planning::travel_used& travel);

// The files an analysis wrote: one per line for people, a JSON array for scripts.
void print_written(std::ostream& out, const std::vector<std::filesystem::path>& files);
nlohmann::json paths_json(const std::vector<std::filesystem::path>& files);

} // namespace standort::services
