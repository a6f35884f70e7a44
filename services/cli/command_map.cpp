#include "geo/error.hpp"
#include "services/cli/command.hpp"
#include "services/cli/council_maps.hpp"
#include "services/cli/options.hpp"
#include "services/cli/session.hpp"

#include <fmt/format.h>

namespace standort::services::cli {

namespace fs = std::filesystem;

namespace {

// Renders every analysis found in an output folder; the analyses' `--maps` renders their own.
struct map_args {
    project_args io;
    map_settings settings;
};

void add_options(CLI::App& cmd, map_args& args) {
    add_project_options(cmd, args.io);
    cmd.add_option("--paper", args.settings.paper, "A4 or A3, landscape (default A4)");
    cmd.add_option("--format", args.settings.formats, "pdf, png or both (default pdf,png)");
    cmd.add_option("--dpi", args.settings.dpi, "Resolution of PDF rasters and PNG (default 300)");
}

int run(const global_options& options, const map_args& args) {
    check_map_settings(args.settings); // before anything is opened or written
    const auto project = open_for_analysis(options, args.io.project);
    if (!project) {
        return exit_validation;
    }
    const fs::path out = args.io.out;
    if (!fs::is_directory(out)) {
        throw input_error("no such folder: run an analysis into it first",
                          {out.string(), {}, std::nullopt, {}, {}});
    }
    const auto rendered = render_maps(options, *project, out, args.settings);
    print_result(options, {{"maps", rendered.maps}}, rendered.files, [&](std::ostream& o) {
        o << fmt::format("Karten {}: {} Karten und das QGIS-Projekt standort.qgz\n",
                         project->file.spec.name, rendered.maps.size());
    });
    return exit_ok;
}

} // namespace

command map_command() {
    return make_command<map_args>(
        "map", "Council maps (PDF, PNG) and a QGIS project of an output folder, rendered by QGIS",
        add_options, run);
}

} // namespace standort::services::cli
