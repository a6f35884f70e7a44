#pragma once

#include "services/cli/report.hpp"

#include <CLI/CLI.hpp>

#include <functional>

namespace standort::services::cli {

// Exit codes, the same for every command.
enum exit_code : int {
    exit_ok = 0,
    exit_validation = 1, // the inputs have errors (the report names them)
    exit_usage = 2,      // the command line is wrong
    exit_input = 3,      // the project file or an input cannot be read as declared
    exit_output = 4,     // an output cannot be written
    exit_internal = 5,   // a bug: please report it
};

using action = std::function<int()>;

// Each registers its subcommand and sets `run` when it is chosen.
void add_inspect_command(CLI::App& app, const global_options& options, action& run);
void add_export_command(CLI::App& app, const global_options& options, action& run);
void add_access_command(CLI::App& app, const global_options& options, action& run);
void add_catchments_command(CLI::App& app, const global_options& options, action& run);
void add_isochrones_command(CLI::App& app, const global_options& options, action& run);
void add_forecast_command(CLI::App& app, const global_options& options, action& run);
void add_coverage_command(CLI::App& app, const global_options& options, action& run);
void add_supply_command(CLI::App& app, const global_options& options, action& run);
void add_synth_command(CLI::App& app, const global_options& options, action& run);

// Parses, runs and translates exceptions into messages and exit codes, once, here.
int run_cli(int argc, char** argv);

} // namespace standort::services::cli
