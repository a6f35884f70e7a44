#include "services/cli/command.hpp"
#include "services/cli/options.hpp"
#include "services/cli/session.hpp"
#include "services/cli/siting_options.hpp"
#include "services/render/siting.hpp"

namespace standort::services::cli {

namespace {

void add_options(CLI::App& cmd, siting_args& a) {
    add_project_options(cmd, a.io);
    add_extra_output_options(cmd, a.extras);
    cmd.add_option("--kind", a.kind, "kita or grundschule")->capture_default_str();
    cmd.add_option(
        "--open", a.open,
        "An option: candidates to build, e.g. ST00001,ST00003 (repeat for more options)");
    cmd.add_option("--close", a.close, "An option: facilities to give up");
    cmd.add_option("--extend", a.extend, "An option: capacity added, GS00001:+1zug or K0001:+25");
    cmd.add_option(
        "--option", a.option,
        "An option of several changes: \"open=ST00001;close=GS00004;extend=GS00001:+1zug\"");
    cmd.add_option("--objective", a.objective,
                   "Choose sites: p-median, mclp, lscp, p-center, capacitated-p-median or "
                   "capacitated-coverage");
    cmd.add_option("--p", a.p, "Sites to choose, or a range 0..3 for the trade-off curve")
        ->capture_default_str();
    cmd.add_flag("--may-close", a.may_close, "Existing facilities may close (p then counts them)");
    cmd.add_option("--threshold", a.threshold,
                   "The way limit of coverage (default: the kind's farthest threshold)");
    cmd.add_option("--capacity-limit", a.capacity_limit,
                   "How far a child may be sent to a seat (default: twice the threshold)");
    cmd.add_option("--year", a.year,
                   "Demand of a future year, from the forecast (default: today's)");
    cmd.add_option("--variant", a.variant, "low, middle or high")->capture_default_str();
    cmd.add_flag("--robust", a.robust, "Least maximum regret over the forecast's three variants");
    cmd.add_option("--gap", a.gap, "Stop when proven within this fraction of the optimum")
        ->capture_default_str();
    cmd.add_option("--time-limit", a.time_limit, "Seconds for the optimisation")
        ->capture_default_str();
    add_travel_options(cmd, a.travel);
}

int run(const global_options& options, const siting_args& args) {
    const auto request = siting_request_of(args);
    check_extra_outputs(args.extras); // before anything is computed
    const auto project =
        open_for_analysis(options, args.io.project, {.streets = true, .housing = true});
    if (!project) {
        return exit_validation;
    }
    const auto report = project->planner->siting(request, terminal_progress(options));
    const auto& model = project->model();
    const auto written = write_outputs(options, siting_files(model, report), args.io.out, *project,
                                       "siting", args.extras);
    print_result(options, siting_json(model, report), written,
                 [&](std::ostream& out) { print_siting(out, model, report); });
    return exit_ok;
}

} // namespace

command siting_command() {
    return make_command<siting_args>(
        "siting",
        "Site choice: options compared, or the best p new sites chosen with a proven bound",
        add_options, run);
}

} // namespace standort::services::cli
