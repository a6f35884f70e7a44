#pragma once

#include "geo/finding.hpp"
#include "services/load/load_project.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <ostream>

namespace standort::services::cli {

struct global_options {
    bool quiet = false;
    bool json = false;
};

// Progress lines on stderr while loading, only when stderr is a terminal and not --quiet.
progress_callback terminal_progress(const global_options& options);
void end_progress(const global_options& options);

// Indented JSON text. Invalid UTF-8 from a Latin-1 source is replaced, not a crash.
std::string json_text(const nlohmann::json& j);

// The year whose district figures an analysis uses: the one asked for, else the grid's year
// when the project has a grid, else the latest population year. Throws config_error when the
// district table has figures, but none for that year.
int analysis_year(const loaded_project& project, std::optional<int> asked);

// True, after printing why, when the inputs have errors an analysis must not run on.
bool stop_on_input_errors(const loaded_project& project);

// The files an analysis wrote: one per line for people, a JSON array for scripts.
void print_written(std::ostream& out, const std::vector<std::filesystem::path>& files);
nlohmann::json paths_json(const std::vector<std::filesystem::path>& files);

// Writes JSON beside the layers as they are written: complete under its name, or not at all.
void write_json_file(const nlohmann::json& j, const std::filesystem::path& path);

nlohmann::json to_json(const finding& f);
nlohmann::json to_json(const findings& list);

// Errors and warnings, one per line, then a count line.
void print_findings(std::ostream& out, const findings& list);

} // namespace standort::services::cli
