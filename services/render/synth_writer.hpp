#pragma once

#include "planning/planner.hpp"
#include "planning/synth/municipality.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace standort::services {

// Writes a generated municipality as a planner receives real data: a GeoPackage of districts,
// GeoJSON layers, CSV tables (the Kita list with ';' and German decimals, as a municipal
// export), a Zensus-style 100 m grid, a street network, and the project file naming them all.
// Returns the files written.
std::vector<std::filesystem::path>
write_synthetic_project(const planning::synth::municipality& m,
                        const planning::synth::options& opts, const std::filesystem::path& dir,
                        const planning::progress_callback& progress);

// What was generated, for --json and the terminal.
nlohmann::json synth_json(const planning::synth::municipality& m, const std::string& scale,
                          std::uint64_t seed, double seconds);
void print_synth(std::ostream& out, const planning::synth::municipality& m,
                 const std::string& scale, std::uint64_t seed, double seconds);

} // namespace standort::services
