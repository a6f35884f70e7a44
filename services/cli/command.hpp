#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace standort::services::cli {

// Exit codes, the same for every command.
enum exit_code : int {
    exit_ok = 0,
    exit_validation = 1, // the inputs have errors (the report names them)
    exit_usage = 2,      // the command line is wrong: an unknown option or a bad option value
    exit_input = 3,      // the project file or an input cannot be read as declared
    exit_output = 4,     // an output cannot be written
    exit_internal = 5,   // a bug: please report it
};

struct global_options {
    bool quiet = false;
    bool json = false;
};

// One subcommand: its name, one line of help, how it adds its options and what it runs once
// chosen. run_cli adds every command the same way; a new analysis is one more entry.
struct command {
    std::string name;
    std::string help;
    std::function<void(CLI::App& cmd)> add_options;
    std::function<int(const global_options& options)> run;
};

// A command whose options fill one `Args` value that `run` then reads.
template <class Args>
command make_command(std::string name, std::string help, void (*add_options)(CLI::App&, Args&),
                     int (*run)(const global_options&, const Args&)) {
    auto args = std::make_shared<Args>();
    return {std::move(name), std::move(help),
            [args, add_options](CLI::App& cmd) { add_options(cmd, *args); },
            [args, run](const global_options& options) { return run(options, *args); }};
}

command inspect_command();
command export_command();
command supply_command();
command indicators_command();
command report_command();
command db_command();
command coverage_command();
command access_command();
command catchments_command();
command isochrones_command();
command forecast_command();
command siting_command();
command synth_command();
command map_command();
command serve_command();

// Runs a chosen command and translates what it throws, once, here: request_error exit 2,
// input_error and config_error 3, output_error 4, internal_error and anything else 5; the
// message goes to stderr and, with --json, as {"error": {...}} to stdout too.
int run_translated(const global_options& options, const std::function<int()>& run);

// Parses the command line and runs the command it names.
int run_cli(int argc, char** argv);

} // namespace standort::services::cli
