#include "services/cli/command.hpp"
#include "services/cli/options.hpp"
#include "services/cli/session.hpp"
#include "services/render/access.hpp"

#include <fmt/format.h>

namespace standort::services::cli {

namespace {

struct access_args {
    project_args io;
    extra_outputs extras;
    std::optional<int> year;
    std::string decay = "step";
    std::string kita_catchment = "1000";
    std::string school_catchment = "2000";
    bool balanced = false;
    travel_args travel;
};

void add_options(CLI::App& cmd, access_args& args) {
    add_project_options(cmd, args.io);
    add_extra_output_options(cmd, args.extras);
    cmd.add_option("--year", args.year, "Population year of the district figures (no grid)");
    cmd.add_option("--decay", args.decay, "step (2SFCA), e2sfca, gaussian or gravity")
        ->capture_default_str();
    cmd.add_option(
           "--kita-catchment", args.kita_catchment,
           "Catchment d0 for Kitas: metres, \"1 km\" or \"10 min\" (a time needs the network)")
        ->capture_default_str();
    cmd.add_option("--school-catchment", args.school_catchment, "Catchment d0 for Grundschulen")
        ->capture_default_str();
    add_travel_options(cmd, args.travel);
    cmd.add_flag("--balanced", args.balanced,
                 "Count each child and each place once (balanced weights)");
}

planning::access_request request_of(const access_args& args) {
    const auto weighting = planning::parse_decay(args.decay);
    if (!weighting) {
        throw request_error("--decay", fmt::format("unknown decay '{}'; use step, e2sfca, "
                                                   "gaussian or gravity",
                                                   args.decay));
    }
    return {args.year,
            *weighting,
            args.balanced,
            parse_cost_option(args.kita_catchment, "--kita-catchment"),
            parse_cost_option(args.school_catchment, "--school-catchment"),
            travel_request(args.travel)};
}

int run(const global_options& options, const access_args& args) {
    const auto request = request_of(args);
    check_extra_outputs(args.extras); // before anything is computed
    const auto project = open_for_analysis(options, args.io.project, {.streets = true});
    if (!project) {
        return exit_validation;
    }
    const auto report = project->planner->access(request, terminal_progress(options));
    const auto written = write_outputs(options, access_files(project->model(), report), args.io.out,
                                       *project, "access", args.extras);
    print_result(options, access_json(report), written,
                 [&](std::ostream& out) { print_access(out, project->file.spec.name, report); });
    return exit_ok;
}

} // namespace

command access_command() {
    return make_command<access_args>(
        "access", "Accessibility index (2SFCA family): places per child within reach, 1 = average",
        add_options, run);
}

} // namespace standort::services::cli
