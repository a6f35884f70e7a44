#include "services/cli/command.hpp"
#include "services/cli/options.hpp"
#include "services/cli/session.hpp"
#include "services/render/forecast.hpp"

namespace standort::services::cli {

namespace {

struct forecast_args {
    project_args io;
    extra_outputs extras;
    planning::forecast_request request;
};

void add_options(CLI::App& cmd, forecast_args& args) {
    add_project_options(cmd, args.io);
    add_extra_output_options(cmd, args.extras);
    auto& r = args.request;
    cmd.add_option("--base-year", r.base_year,
                   "Last observed year to project from (default: the latest)");
    cmd.add_option("--horizon", r.horizon, "Years projected (default: the project's, else 10)");
    cmd.add_option("--land", r.land,
                   "Class-size rules: NW or BE (default: the project's, else NW); replaces the "
                   "project's class_sizes too");
    cmd.add_option(
        "--backtest", r.backtest,
        "Also hold out the last K observed years, project them and report MAPE and bias");
}

int run(const global_options& options, const forecast_args& args) {
    check_extra_outputs(args.extras); // before anything is computed
    const auto project = open_for_analysis(options, args.io.project, {.housing = true});
    if (!project) {
        return exit_validation;
    }
    const auto report = project->planner->forecast(args.request, terminal_progress(options));
    const auto& model = project->model();
    const auto written = write_outputs(options, forecast_files(model, report), args.io.out,
                                       *project, "forecast", args.extras);
    print_result(options, forecast_json(model, report), written,
                 [&](std::ostream& out) { print_forecast(out, model, report); });
    return exit_ok;
}

} // namespace

command forecast_command() {
    return make_command<forecast_args>(
        "forecast",
        "Projected children, Kita demand and school enrolment per district and facility",
        add_options, run);
}

} // namespace standort::services::cli
