#include "services/cli/command.hpp"
#include "services/cli/options.hpp"
#include "services/cli/session.hpp"
#include "services/render/indicators.hpp"

#include <cmath>
#include <filesystem>
#include <limits>

namespace standort::services::cli {

namespace {

struct indicators_args {
    project_args io;
    bool publish = false;
    // NaN: the project's (monitoring.min_count, .min_denominator), else 3 and 10.
    double min_count = std::numeric_limits<double>::quiet_NaN();
    double min_denominator = std::numeric_limits<double>::quiet_NaN();
    std::string office_out;
    std::string database;
    CLI::Option* database_option = nullptr;
};

void add_options(CLI::App& cmd, indicators_args& args) {
    add_project_options(cmd, args.io);
    cmd.add_flag("--publish", args.publish,
                 "Apply the statistical offices' confidentiality rules to every output; what was "
                 "suppressed goes to a list for the office (--office-out), never to --out");
    cmd.add_option("--min-count", args.min_count,
                   "Counts from 1 to below this are suppressed (default: the project's, else 3)");
    cmd.add_option("--min-denominator", args.min_denominator,
                   "Rates over fewer persons are left out (default: the project's, else 10)");
    cmd.add_option("--office-out", args.office_out,
                   "Folder for the office's list of suppressed values (default: <out>-intern "
                   "beside --out)");
    args.database_option =
        cmd.add_option("--db", args.database,
                       "Every year of the education database instead of the project's files "
                       "(without a value: the project file's `database:`)")
            ->expected(0, 1);
}

// The database --db names, the project's when it names none; empty without --db.
std::string database_of(const indicators_args& args) {
    if (args.database_option == nullptr || args.database_option->count() == 0) {
        return {};
    }
    if (!args.database.empty()) {
        return args.database;
    }
    const auto file = read_project_file(args.io.project);
    if (file.database.empty()) {
        throw request_error("--db", "the project file names no `database:`; give --db FILE.gpkg");
    }
    return file.database;
}

// The target of a Kita group, for the classes of the maps.
double target_of(const planning::planner& planner, const std::string& group) {
    for (const auto& g : planner.supply_groups()) {
        if (g.name == group) {
            return g.target_per_100;
        }
    }
    return 0;
}

int run(const global_options& options, const indicators_args& args) {
    // The housing areas: the Ganztag claim's years come from the forecast, which needs them;
    // the streets: the access indicators measure the ways as `standort coverage` does.
    const auto project =
        open_for_analysis(options, args.io.project,
                          {.streets = true, .housing = true, .database = database_of(args)});
    if (!project) {
        return exit_validation;
    }
    const auto& planner = *project->planner;
    const double u3 = target_of(planner, "kita_u3");
    const double ue3 = target_of(planner, "kita_ue3");
    if (!args.publish) {
        const auto report = planner.indicators();
        const auto written =
            write_outputs(options, indicator_files(project->model(), report, nullptr, u3, ue3),
                          args.io.out, project->file);
        print_result(options, indicators_json(report), written, [&](std::ostream& out) {
            print_indicators(out, project->file.spec.name, report, nullptr);
        });
        return exit_ok;
    }
    auto rules = planner.settings().monitoring.publication;
    rules.min_count = std::isnan(args.min_count) ? rules.min_count : args.min_count;
    rules.min_denominator =
        std::isnan(args.min_denominator) ? rules.min_denominator : args.min_denominator;
    const auto published = planner.published_indicators(rules);
    auto office = args.office_out;
    if (office.empty()) {
        const auto out = std::filesystem::absolute(args.io.out).lexically_normal();
        const auto name = out.has_filename() ? out.filename() : out.parent_path().filename();
        const auto parent =
            out.has_filename() ? out.parent_path() : out.parent_path().parent_path();
        office = (parent / (name.string() + "-intern")).string();
    }
    auto written =
        write_outputs(options, indicator_files(project->model(), published.report, &rules, u3, ue3),
                      args.io.out, project->file);
    const auto side = write_outputs(options, suppressed_files(published), office, project->file);
    written.insert(written.end(), side.begin(), side.end());
    auto summary = indicators_json(published.report);
    summary["suppressed"] = published.suppressed.size();
    print_result(options, summary, written, [&](std::ostream& out) {
        print_indicators(out, project->file.spec.name, published.report, &published);
    });
    return exit_ok;
}

} // namespace

command indicators_command() {
    return make_command<indicators_args>(
        "indicators",
        "Bildungsmonitoring: Betreuungs- and Versorgungsquote, pupils and Auslastung per district, "
        "level and year; --publish applies the confidentiality rules",
        add_options, run);
}

} // namespace standort::services::cli
