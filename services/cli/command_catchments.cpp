#include "services/cli/command.hpp"
#include "services/cli/options.hpp"
#include "services/cli/session.hpp"
#include "services/render/catchments.hpp"

namespace standort::services::cli {

namespace {

struct catchments_args {
    project_args io;
    extra_outputs extras;
    bool capacity = false;
    std::string capacity_limit; // empty: the planner's default
    travel_args travel;
};

void add_options(CLI::App& cmd, catchments_args& args) {
    add_project_options(cmd, args.io);
    add_extra_output_options(cmd, args.extras);
    cmd.add_flag(
        "--capacity", args.capacity,
        "Also capacity-constrained catchments: no school above its seats, least total travel");
    cmd.add_option("--capacity-limit", args.capacity_limit,
                   "How far a child may be sent (\"4 km\", \"30 min\"); default twice the farthest "
                   "Grundschule threshold");
    add_travel_options(cmd, args.travel);
}

int run(const global_options& options, const catchments_args& args) {
    planning::catchments_request request{args.capacity, std::nullopt, travel_request(args.travel)};
    if (!args.capacity_limit.empty()) {
        request.capacity_limit = parse_cost_option(args.capacity_limit, "--capacity-limit");
    }
    check_extra_outputs(args.extras); // before anything is computed
    const auto project = open_for_analysis(options, args.io.project, {.streets = true});
    if (!project) {
        return exit_validation;
    }
    const auto report = project->planner->catchments(request, terminal_progress(options));
    const auto written = write_outputs(options, catchments_files(project->model(), report),
                                       args.io.out, *project, "catchments", args.extras);
    print_result(options, catchments_json(report), written, [&](std::ostream& out) {
        print_catchments(out, project->file.spec.name, report);
    });
    return exit_ok;
}

} // namespace

command catchments_command() {
    return make_command<catchments_args>(
        "catchments", "Nearest-school catchments from the grid, and the official ones evaluated",
        add_options, run);
}

} // namespace standort::services::cli
