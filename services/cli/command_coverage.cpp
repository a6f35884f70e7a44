#include "services/cli/command.hpp"
#include "services/cli/options.hpp"
#include "services/cli/session.hpp"
#include "services/render/coverage.hpp"

#include <chrono>

namespace standort::services::cli {

namespace {

struct coverage_args {
    project_args io;
    extra_outputs extras;
    std::optional<int> year;
    travel_args travel;
    bool no_units = false;
};

void add_options(CLI::App& cmd, coverage_args& args) {
    add_project_options(cmd, args.io);
    add_extra_output_options(cmd, args.extras);
    cmd.add_option("--year", args.year,
                   "Population year of the district figures (projects without a grid)");
    add_travel_options(cmd, args.travel);
    cmd.add_flag("--no-units", args.no_units,
                 "Leave the per-unit layer coverage_units out of coverage.gpkg (a feature per "
                 "grid cell: millions at Germany's scale)");
}

double seconds_since(std::chrono::steady_clock::time_point& start) {
    const auto now = std::chrono::steady_clock::now();
    const double s = std::chrono::duration<double>(now - start).count();
    start = now;
    return s;
}

int run(const global_options& options, const coverage_args& args) {
    auto clock = std::chrono::steady_clock::now();
    check_extra_outputs(args.extras); // before anything is computed
    const auto project = open_for_analysis(options, args.io.project, {.streets = true});
    if (!project) {
        return exit_validation;
    }
    const double load_s = seconds_since(clock);
    const auto report = project->planner->coverage({args.year, travel_request(args.travel)},
                                                   terminal_progress(options));
    clock = std::chrono::steady_clock::now();
    const auto written =
        write_outputs(options, coverage_files(project->model(), report, !args.no_units),
                      args.io.out, *project, "coverage", args.extras);
    auto summary = coverage_json(report);
    summary["seconds"]["load"] = load_s;
    summary["seconds"]["write"] = seconds_since(clock);
    print_result(options, summary, written,
                 [&](std::ostream& out) { print_coverage(out, project->file.spec.name, report); });
    return exit_ok;
}

} // namespace

command coverage_command() {
    return make_command<coverage_args>(
        "coverage", "Nearest facility and the children within distance thresholds, with gap areas",
        add_options, run);
}

} // namespace standort::services::cli
