#include "geo/write_layer.hpp"
#include "services/cli/command.hpp"
#include "services/cli/options.hpp"
#include "services/cli/session.hpp"
#include "services/render/common.hpp"
#include "services/render/export_layers.hpp"

#include <fmt/format.h>

#include <set>
#include <sstream>

namespace standort::services::cli {

namespace {

struct export_args {
    project_args io;
    std::vector<std::string> formats{"geojson", "gpkg"};
};

void add_options(CLI::App& cmd, export_args& args) {
    add_project_options(cmd, args.io);
    cmd.add_option("--format,-f", args.formats,
                   "geojson, gpkg, csv and/or xlsx (one workbook, German headers), comma-separated "
                   "or repeated (default: geojson,gpkg; tables are always written as CSV)")
        ->take_all();
}

std::set<geo::output_format> parse_formats(const std::vector<std::string>& names) {
    std::set<geo::output_format> out;
    for (const auto& list : names) {
        std::stringstream ss(list);
        std::string name;
        while (std::getline(ss, name, ',')) {
            auto f = geo::parse_output_format(name);
            if (!f) {
                throw request_error("--format", fmt::format("unknown format '{}'; use geojson, "
                                                            "gpkg, csv or xlsx",
                                                            name));
            }
            out.insert(*f);
        }
    }
    return out;
}

int run(const global_options& options, const export_args& args) {
    const auto formats = parse_formats(args.formats);
    const auto project = open_for_analysis(options, args.io.project);
    if (!project) {
        return exit_validation;
    }
    const auto written =
        write_outputs(options, export_files(*project, formats), args.io.out, project->file);
    print_result(options, {{"findings", to_json(project->found)}}, written, [&](std::ostream& out) {
        out << fmt::format("Exported {} ({} warning(s); see validation.json):\n",
                           project->file.spec.name, count(project->found, severity::warning));
    });
    return exit_ok;
}

} // namespace

command export_command() {
    return make_command<export_args>(
        "export", "Write the joined base layers (districts, facilities, catchments, tables)",
        add_options, run);
}

} // namespace standort::services::cli
