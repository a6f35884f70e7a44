#pragma once

#include "services/cli/command.hpp"
#include "services/cli/options.hpp"
#include "services/load/open_project.hpp"
#include "services/render/output_files.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace standort::services::cli {

// The steps every analysis command takes around its planner call: open, write, report.

// Progress lines on stderr, only when stderr is a terminal and not --quiet.
progress_callback terminal_progress(const global_options& options);
void end_progress(const global_options& options);

// The project ready for an analysis, or nullopt after saying why not: the inputs have errors
// (printed with the findings, or as JSON with --json).
std::optional<opened_project> open_for_analysis(const global_options& options,
                                                const std::string& path, open_options what = {});

// Writes the files into `dir`, with progress, as the project asks (`csv: excel-de`).
std::vector<std::filesystem::path> write_outputs(const global_options& options, output_files files,
                                                 const std::filesystem::path& dir,
                                                 const project_file& project);

// Says before anything is computed what `extras` cannot give (no QGIS for --maps: exit 4).
void check_extra_outputs(const extra_outputs& extras);

// The same for an analysis, with what `extras` asks for: `<analysis>.xlsx` of its tables,
// and its maps rendered from `<analysis>.gpkg` once the files are written. A workbook of an
// earlier run that this one does not write is removed: it would contradict the CSVs beside it
// (and after `indicators --publish`, hold figures the publication hides).
std::vector<std::filesystem::path> write_outputs(const global_options& options, output_files files,
                                                 const std::filesystem::path& dir,
                                                 const opened_project& project,
                                                 const std::string& analysis,
                                                 const extra_outputs& extras);

// The result: with --json the summary plus the files written, else the text and the files.
void print_result(const global_options& options, nlohmann::json summary,
                  const std::vector<std::filesystem::path>& written,
                  const std::function<void(std::ostream&)>& text);

// A fatal error as --json shows it: {"error": {"code", "message", "file", ..., "parameter"}}.
nlohmann::json error_json(const std::string& code, const std::exception& e);

} // namespace standort::services::cli
