#include "services/cli/command.hpp"
#include "services/cli/options.hpp"
#include "services/cli/session.hpp"
#include "services/render/inspect.hpp"

#include <iostream>

namespace standort::services::cli {

namespace {

void add_options(CLI::App& cmd, project_args& args) {
    add_project_options(cmd, args, false);
}

// Shows everything, errors included: finding them is what inspect is for.
int run(const global_options& options, const project_args& args) {
    const opened_project project =
        open_project(args.project, {.progress = terminal_progress(options)});
    end_progress(options);
    if (options.json) {
        std::cout << json_text(inspect_json(project)) << "\n";
    } else if (!options.quiet) {
        print_inspect(std::cout, project);
    } else {
        for (const auto& f : project.found) {
            if (f.level == severity::error) {
                std::cerr << format_finding(f) << "\n";
            }
        }
    }
    return project.usable() ? exit_ok : exit_validation;
}

} // namespace

command inspect_command() {
    return make_command<project_args>(
        "inspect", "Load a project, show what was loaded and the validation report", add_options,
        run);
}

} // namespace standort::services::cli
