#include "geo/write_layer.hpp"
#include "planning/catchment_analysis.hpp"
#include "services/cli/commands.hpp"
#include "services/layer_values.hpp"

#include <cmath>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

namespace standort::services::cli {

namespace fs = std::filesystem;

namespace {

struct catchments_args {
    std::string project;
    std::string out;
};

int run_catchments(const global_options& options, const catchments_args& args) {
    const loaded_project project = load_project(args.project, terminal_progress(options));
    end_progress(options);
    if (stop_on_input_errors(project)) {
        return exit_validation;
    }
    const auto& model = *project.model;
    planning::age_band ages{6, 10};
    for (const auto& k : project.file.coverage_kinds) {
        if (k.kind == planning::facility_kind::grundschule) {
            ages = k.ages;
        }
    }
    const auto r = planning::analyse_catchments(model, ages);

    geo::feature_layer nearest;
    nearest.name = "catchments_nearest";
    nearest.crs = model.crs;
    nearest.fields = {{"facility_id", geo::field_type::text}, {"name", geo::field_type::text},
                      {"cells", geo::field_type::integer},    {"children", geo::field_type::real},
                      {"seats", geo::field_type::real},       {"seats_per_100", geo::field_type::real}};
    for (const auto& c : r.nearest) {
        const auto& f = model.facilities[c.facility];
        geo::feature row;
        row.source_fid = static_cast<std::int64_t>(nearest.features.size());
        row.shape = c.area;
        row.values = {f.id.value, f.name, static_cast<std::int64_t>(c.cells), c.children,
                      rounded(c.seats, 0),
                      rounded(c.seats && c.children > 0 ? std::optional(100 * *c.seats / c.children)
                                                        : std::nullopt,
                              1)};
        nearest.features.push_back(std::move(row));
    }
    geo::feature_layer official;
    official.name = "catchments_official";
    official.crs = model.crs;
    official.fields = {{"catchment_id", geo::field_type::text},
                       {"name", geo::field_type::text},
                       {"schools", geo::field_type::text},
                       {"children", geo::field_type::real},
                       {"seats", geo::field_type::real},
                       {"seats_per_100", geo::field_type::real},
                       {"children_nearer_elsewhere", geo::field_type::real},
                       {"share_nearer_elsewhere", geo::field_type::real}};
    for (const auto& row : r.official) {
        const auto& c = model.catchments[row.catchment];
        std::string schools;
        for (auto f : row.schools) {
            schools += (schools.empty() ? "" : ",") + model.facilities[f].id.value;
        }
        geo::feature f;
        f.source_fid = static_cast<std::int64_t>(official.features.size());
        f.shape = c.area;
        f.values = {c.id.value,
                    c.name,
                    schools,
                    row.children,
                    rounded(row.seats, 0),
                    rounded(row.seats_per_100, 1),
                    row.children_nearer_elsewhere,
                    row.children > 0 ? rounded(100 * row.children_nearer_elsewhere / row.children, 1)
                                     : geo::value{}};
        official.features.push_back(std::move(f));
    }
    const fs::path out = args.out;
    std::vector<fs::path> written{out / "catchments_nearest.geojson", out / "catchments.gpkg",
                                  out / "catchments_parameters.json"};
    geo::write_geojson(nearest, written[0]);
    std::vector<const geo::feature_layer*> layers{&nearest};
    if (!official.features.empty()) {
        written.insert(written.begin() + 1, out / "catchments_official.geojson");
        geo::write_geojson(official, written[1]);
        layers.push_back(&official);
    }
    geo::write_gpkg(layers, out / "catchments.gpkg");
    write_json_file({{"analysis", "catchments"},
                     {"ages", planning::to_string(ages)},
                     {"distance", "straight line"},
                     {"demand_units", "grid cells"},
                     {"official_school", "the school the catchment names, else the Grundschulen "
                                         "inside it"}},
                    out / "catchments_parameters.json");

    double children = 0;
    double elsewhere = 0;
    for (const auto& row : r.official) {
        children += row.children;
        elsewhere += row.children_nearer_elsewhere;
    }
    if (options.json) {
        std::cout << json_text({{"ages", planning::to_string(ages)},
                                {"nearest_catchments", r.nearest.size()},
                                {"official_catchments", r.official.size()},
                                {"children_in_official", children},
                                {"children_nearer_elsewhere", elsewhere},
                                {"children_outside_official", r.children_outside_official},
                                {"written", paths_json(written)}})
                  << "\n";
    } else if (!options.quiet) {
        std::cout << fmt::format("Schuleinzugsbereiche {} (ages {}, straight line):\n",
                                 project.file.spec.name, planning::to_string(ages));
        std::cout << fmt::format("  {} nearest-school catchments\n", r.nearest.size());
        if (!r.official.empty()) {
            std::cout << fmt::format(
                "  {} official catchments: {:.0f} children, {:.0f} ({:.1f} %) with another school "
                "nearer, {:.0f} outside every catchment\n",
                r.official.size(), children, elsewhere, children > 0 ? 100 * elsewhere / children : 0.0,
                r.children_outside_official);
        }
        print_written(std::cout, written);
    }
    return exit_ok;
}

} // namespace

void add_catchments_command(CLI::App& app, const global_options& options, action& run) {
    auto args = std::make_shared<catchments_args>();
    CLI::App* cmd = app.add_subcommand(
        "catchments", "Nearest-school catchments from the grid, and the official ones evaluated");
    cmd->add_option("project", args->project, "The project file (YAML)")->required();
    cmd->add_option("--out,-o", args->out, "Output folder (created when missing)")->required();
    cmd->callback([&options, &run, args] { run = [&options, args] { return run_catchments(options, *args); }; });
}

} // namespace standort::services::cli
