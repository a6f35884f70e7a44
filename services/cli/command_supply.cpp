#include "services/cli/command.hpp"
#include "services/cli/options.hpp"
#include "services/cli/session.hpp"
#include "services/render/supply.hpp"

namespace standort::services::cli {

namespace {

struct supply_args {
    project_args io;
    extra_outputs extras;
    std::optional<int> year;
};

void add_options(CLI::App& cmd, supply_args& args) {
    add_project_options(cmd, args.io);
    add_extra_output_options(cmd, args.extras);
    cmd.add_option("--year", args.year,
                   "Population year (default: supply.year of the project, else the latest)");
}

int run(const global_options& options, const supply_args& args) {
    check_extra_outputs(args.extras); // before anything is computed
    const auto project = open_for_analysis(options, args.io.project);
    if (!project) {
        return exit_validation;
    }
    const auto report = project->planner->supply({args.year});
    const auto written = write_outputs(options, supply_files(project->model(), report), args.io.out,
                                       *project, "supply", args.extras);
    print_result(options, supply_json(report), written,
                 [&](std::ostream& out) { print_supply(out, project->file.spec.name, report); });
    return exit_ok;
}

} // namespace

command supply_command() {
    return make_command<supply_args>(
        "supply", "Versorgungsquote per district: places against children of the matching ages",
        add_options, run);
}

} // namespace standort::services::cli
