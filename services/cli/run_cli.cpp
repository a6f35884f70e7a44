#include "geo/error.hpp"
#include "geo/versions.hpp"
#include "services/cli/command.hpp"
#include "services/cli/session.hpp"

#include <fmt/format.h>

#include <cstring>
#include <iostream>

namespace standort::services::cli {

namespace {

std::vector<command> all_commands() {
    return {inspect_command(), export_command(),     supply_command(),     coverage_command(),
            access_command(),  catchments_command(), isochrones_command(), forecast_command(),
            siting_command(),  indicators_command(), report_command(),     db_command(),
            map_command(),     synth_command(),      serve_command()};
}

// The first word that is no option names the command; CLI11 would call an unknown one an
// unexpected argument.
const char* unknown_command(int argc, char** argv, const std::vector<command>& commands) {
    for (int i = 1; i < argc; ++i) {
        if (argv[i][0] == '-') {
            continue;
        }
        for (const auto& c : commands) {
            if (c.name == argv[i]) {
                return nullptr;
            }
        }
        return argv[i];
    }
    return nullptr;
}

bool wants_json(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--json") == 0) {
            return true;
        }
    }
    return false;
}

// Every exception is translated here, once: its message carries file, layer, feature and
// field, and the exit code says what kind of problem it was.
int fail(const global_options& options, exit_code code, const std::string& kind,
         const std::exception& e) {
    if (options.json) {
        std::cout << json_text(error_json(kind, e)) << "\n";
    }
    std::cerr << "standort: " << (code == exit_internal ? "internal error: " : "") << e.what()
              << "\n";
    return code;
}

} // namespace

int run_translated(const global_options& options, const std::function<int()>& run) {
    try {
        return run ? run() : exit_usage;
    } catch (const request_error& e) {
        return fail(options, exit_usage, "usage", e);
    } catch (const output_error& e) {
        return fail(options, exit_output, "output", e);
    } catch (const internal_error& e) {
        return fail(options, exit_internal, "internal", e);
    } catch (const input_error& e) {
        return fail(options, exit_input, "input", e);
    } catch (const config_error& e) {
        return fail(options, exit_input, "project", e);
    } catch (const std::exception& e) {
        return fail(options, exit_internal, "internal", e);
    }
}

int run_cli(int argc, char** argv) {
    CLI::App app{"standort: school and Kita siting for German municipalities"};
    app.require_subcommand(1);
    app.fallthrough(); // --quiet and --json also after the subcommand
    app.set_version_flag("--version", [] {
        return fmt::format("standort {} ({})", STANDORT_VERSION, geo::library_versions());
    });
    global_options options;
    app.add_flag("--quiet,-q", options.quiet, "No progress and no report, only errors");
    app.add_flag("--json", options.json, "Machine-readable output on stdout");
    const auto commands = all_commands();
    if (const char* name = unknown_command(argc, argv, commands)) {
        std::string known;
        for (const auto& c : commands) {
            known += (known.empty() ? "" : ", ") + c.name;
        }
        std::cerr << fmt::format("standort: unknown command '{}'; the commands are {}\n", name,
                                 known);
        return exit_usage;
    }
    std::function<int()> run;
    for (const auto& c : commands) {
        CLI::App* cmd = app.add_subcommand(c.name, c.help);
        c.add_options(*cmd);
        cmd->callback([&run, &c, &options] { run = [&c, &options] { return c.run(options); }; });
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        if (code != 0 && wants_json(argc, argv)) {
            std::cout << json_text({{"error", {{"code", "usage"}, {"message", e.what()}}}}) << "\n";
        }
        return code == 0 ? exit_ok : exit_usage;
    }
    return run_translated(options, run);
}

} // namespace standort::services::cli
