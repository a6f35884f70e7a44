#include "services/cli/commands.hpp"

#include <iostream>

namespace standort::services::cli {

int run_cli(int argc, char** argv) {
    CLI::App app{"standort: school and Kita siting for German municipalities"};
    app.require_subcommand(1);
    app.fallthrough(); // --quiet and --json also after the subcommand
    global_options options;
    app.add_flag("--quiet,-q", options.quiet, "No progress and no report, only errors");
    app.add_flag("--json", options.json, "Machine-readable output on stdout");
    action run;
    add_inspect_command(app, options, run);
    add_export_command(app, options, run);
    add_coverage_command(app, options, run);
    add_isochrones_command(app, options, run);
    add_forecast_command(app, options, run);
    add_access_command(app, options, run);
    add_catchments_command(app, options, run);
    add_supply_command(app, options, run);
    add_synth_command(app, options, run);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? exit_ok : exit_usage;
    }
    // Every exception is translated here, once: its message carries file, layer, feature and
    // field, and the exit code says what kind of problem it was.
    try {
        return run ? run() : exit_usage;
    } catch (const output_error& e) {
        std::cerr << "standort: " << e.what() << "\n";
        return exit_output;
    } catch (const error& e) { // config_error, input_error: the inputs are not as declared
        std::cerr << "standort: " << e.what() << "\n";
        return exit_input;
    } catch (const std::exception& e) {
        std::cerr << "standort: internal error: " << e.what() << "\n";
        return exit_internal;
    }
}

} // namespace standort::services::cli
