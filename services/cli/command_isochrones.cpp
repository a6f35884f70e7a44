#include "services/cli/command.hpp"
#include "services/cli/options.hpp"
#include "services/cli/session.hpp"
#include "services/render/isochrones.hpp"

namespace standort::services::cli {

namespace {

struct isochrones_args {
    project_args io;
    extra_outputs extras;
    std::optional<int> year;
    std::string kind = "kita";
    std::string limits; // empty: the kind's coverage thresholds
    double buffer_m = 50;
    travel_args travel;
};

void add_options(CLI::App& cmd, isochrones_args& args) {
    add_project_options(cmd, args.io);
    add_extra_output_options(cmd, args.extras);
    cmd.add_option("--year", args.year, "Population year of the district figures (no grid)");
    cmd.add_option("--kind", args.kind, "kita or grundschule")->capture_default_str();
    cmd.add_option("--limits", args.limits,
                   "Comma-separated, e.g. \"5 min,10 min,15 min\" or \"500 m,1 km\" (default: the "
                   "kind's coverage thresholds)");
    cmd.add_option("--buffer", args.buffer_m, "Metres either side of a reached street")
        ->capture_default_str();
    add_travel_options(cmd, args.travel);
}

int run(const global_options& options, const isochrones_args& args) {
    const planning::isochrones_request request{
        args.year, args.kind,
        args.limits.empty() ? std::vector<planning::travel_cost>{}
                            : parse_cost_list_option(args.limits, "--limits"),
        args.buffer_m, travel_request(args.travel)};
    check_extra_outputs(args.extras); // before anything is computed
    const auto project = open_for_analysis(options, args.io.project, {.streets = true});
    if (!project) {
        return exit_validation;
    }
    const auto report = project->planner->isochrones(request, terminal_progress(options));
    const auto written = write_outputs(options, isochrones_files(project->model(), report),
                                       args.io.out, *project, "isochrones", args.extras);
    print_result(options, isochrones_json(report), written,
                 [&](std::ostream& out) { print_isochrones(out, report); });
    return exit_ok;
}

} // namespace

command isochrones_command() {
    return make_command<isochrones_args>(
        "isochrones", "Service areas per facility along the streets, with the children inside",
        add_options, run);
}

} // namespace standort::services::cli
