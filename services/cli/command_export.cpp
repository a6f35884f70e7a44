#include "geo/write_layer.hpp"
#include "services/cli/commands.hpp"
#include "services/render/export_layers.hpp"

#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>

#include <fmt/format.h>

namespace standort::services::cli {

namespace fs = std::filesystem;

namespace {

struct export_args {
    std::string project;
    std::string out;
    std::vector<std::string> formats{"geojson", "gpkg"};
};

std::set<geo::output_format> parse_formats(const std::vector<std::string>& names) {
    std::set<geo::output_format> out;
    for (const auto& list : names) {
        std::stringstream ss(list);
        std::string name;
        while (std::getline(ss, name, ',')) {
            auto f = geo::parse_output_format(name);
            if (!f) {
                throw config_error(
                    fmt::format("unknown format '{}'; use geojson, gpkg or csv", name));
            }
            out.insert(*f);
        }
    }
    return out;
}

int run_export(const global_options& options, const export_args& args) {
    const auto formats = parse_formats(args.formats);
    const loaded_project project = load_project(args.project, terminal_progress(options));
    if (has_errors(project.found) || !project.model) {
        end_progress(options);
        if (options.json) {
            std::cout << json_text(nlohmann::json{{"written", nlohmann::json::array()},
                                                  {"findings", to_json(project.found)}})
                      << "\n";
        } else {
            std::cerr << "Nothing was written: the inputs have errors.\n";
            print_findings(std::cerr, project.found);
        }
        return exit_validation;
    }
    const fs::path out_dir = args.out;
    const auto layers = make_export_layers(*project.model);
    std::vector<fs::path> written;
    auto progress = terminal_progress(options);
    auto say = [&](const fs::path& p) {
        if (progress) {
            progress("writing " + p.string());
        }
    };
    for (const auto& layer : layers) {
        const bool table = !layer.has_geometry();
        if (formats.contains(geo::output_format::geojson) && !table) {
            const fs::path p = out_dir / (layer.name + ".geojson");
            say(p);
            geo::write_geojson(layer, p);
            written.push_back(p);
        }
        // Tables (no geometry) are always written as CSV: GeoJSON has no form for them, and
        // QGIS flags a GeoPackage table without CRS.
        if (table || formats.contains(geo::output_format::csv)) {
            const fs::path p = out_dir / (layer.name + ".csv");
            say(p);
            geo::write_csv(layer, p);
            written.push_back(p);
        }
    }
    if (formats.contains(geo::output_format::gpkg)) {
        const fs::path p = out_dir / "standort.gpkg";
        say(p);
        std::vector<const geo::feature_layer*> all;
        for (const auto& layer : layers) {
            if (layer.has_geometry()) {
                all.push_back(&layer);
            }
        }
        geo::write_gpkg(all, p);
        written.push_back(p);
    }
    const fs::path report = out_dir / "validation.json";
    write_json_file(nlohmann::json{{"project", project.file.spec.name},
                                   {"working_crs", project.working_crs},
                                   {"findings", to_json(project.found)}},
                    report);
    written.push_back(report);
    end_progress(options);

    if (options.json) {
        std::cout << json_text(nlohmann::json{{"written", paths_json(written)},
                                              {"findings", to_json(project.found)}})
                  << "\n";
    } else if (!options.quiet) {
        std::cout << fmt::format("Exported {} ({} warning(s); see validation.json):\n",
                                 project.file.spec.name, count(project.found, severity::warning));
        print_written(std::cout, written);
    }
    return exit_ok;
}

} // namespace

void add_export_command(CLI::App& app, const global_options& options, action& run) {
    auto args = std::make_shared<export_args>();
    CLI::App* cmd = app.add_subcommand(
        "export", "Write the joined base layers (districts, facilities, catchments, tables)");
    cmd->add_option("project", args->project, "The project file (YAML)")->required();
    cmd->add_option("--out,-o", args->out, "Output folder (created when missing)")->required();
    cmd->add_option("--format,-f", args->formats,
                    "geojson, gpkg and/or csv, comma-separated or repeated (default: "
                    "geojson,gpkg; tables are always written as CSV)")
        ->take_all();
    cmd->callback([&options, &run, args] { run = [&options, args] { return run_export(options, *args); }; });
}

} // namespace standort::services::cli
