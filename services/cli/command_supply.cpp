#include "geo/write_layer.hpp"
#include "planning/model/population_index.hpp"
#include "planning/reach/supply.hpp"
#include "services/cli/commands.hpp"
#include "services/render/supply_layers.hpp"

#include <filesystem>
#include <iostream>

#include <fmt/format.h>

namespace standort::services::cli {

namespace fs = std::filesystem;

namespace {

struct supply_args {
    std::string project;
    std::string out;
    std::optional<int> year;
};

nlohmann::json parameters_json(int year, const std::vector<planning::supply_group>& groups) {
    nlohmann::json g = nlohmann::json::array();
    for (const auto& group : groups) {
        g.push_back({{"group", group.name},
                     {"kind", planning::to_string(group.kind)},
                     {"ages", planning::to_string(group.ages)},
                     {"target_places_per_100_children", group.target_per_100}});
    }
    return {{"analysis", "supply"}, {"year", year}, {"groups", g}};
}

int run_supply(const global_options& options, const supply_args& args) {
    const loaded_project project = load_project(args.project, terminal_progress(options));
    end_progress(options);
    if (stop_on_input_errors(project)) {
        return exit_validation;
    }
    const auto& model = *project.model;
    const auto years = planning::population_index(model.population).years();
    if (years.empty()) {
        throw config_error("the supply analysis needs population figures; the project has none",
                           error_context{project.file.path.string(), {}, std::nullopt, {}, {}});
    }
    const int year = args.year.value_or(project.file.supply_year.value_or(*years.rbegin()));
    if (!years.contains(year)) {
        throw config_error(fmt::format("no population figures for {}; the project has {} to {}",
                                       year, *years.begin(), *years.rbegin()),
                           error_context{project.file.path.string(), {}, std::nullopt, {}, {}});
    }
    const auto& groups = project.file.supply_groups;
    const auto rows = planning::compute_supply(model, year, groups);

    const fs::path out = args.out;
    std::vector<fs::path> written{out / "supply.geojson", out / "supply.gpkg",
                                  out / "supply_table.csv", out / "supply_parameters.json"};
    const auto layer = supply_layer(model, year, groups, rows);
    geo::write_geojson(layer, written[0]);
    geo::write_gpkg({&layer}, written[1]);
    geo::write_csv(supply_table(model, year, rows), written[2]);
    // The parameters used, beside the layers, so a map can be traced to its assumptions.
    write_json_file(parameters_json(year, groups), written[3]);

    // Totals over the municipality: children and places add up; missing places only where
    // a district is short (a surplus elsewhere does not fill a gap across town).
    nlohmann::json summary = nlohmann::json::array();
    for (std::size_t g = 0; g < groups.size(); ++g) {
        double children = 0;
        double places = 0;
        double missing = 0;
        std::size_t short_districts = 0;
        std::size_t unknown = 0;
        for (std::size_t d = 0; d < model.districts.size(); ++d) {
            const auto& r = rows[d * groups.size() + g];
            if (!r.children || !r.places) {
                ++unknown;
                continue;
            }
            children += *r.children;
            places += *r.places;
            if (*r.missing > 0) {
                missing += *r.missing;
                ++short_districts;
            }
        }
        summary.push_back({{"group", groups[g].name},
                           {"children", children},
                           {"places", places},
                           {"quota", children > 0 ? nlohmann::json(100 * places / children)
                                                  : nlohmann::json()},
                           {"target", groups[g].target_per_100},
                           {"missing_in_short_districts", missing},
                           {"short_districts", short_districts},
                           {"districts_without_data", unknown}});
    }
    if (options.json) {
        std::cout << json_text({{"year", year}, {"groups", summary}, {"written", paths_json(written)}}) << "\n";
    } else if (!options.quiet) {
        std::cout << fmt::format("Versorgung {} ({}), places per 100 children:\n",
                                 project.file.spec.name, year);
        std::cout << fmt::format("  {:<12} {:>10} {:>9} {:>7} {:>7} {:>9} {:>6} {:>8}\n", "group",
                                 "children", "places", "quota", "target", "missing", "short",
                                 "no data");
        for (const auto& s : summary) {
            std::cout << fmt::format(
                "  {:<12} {:>10.0f} {:>9.0f} {:>7} {:>7.0f} {:>9.0f} {:>6} {:>8}\n",
                s["group"].get<std::string>(), s["children"].get<double>(),
                s["places"].get<double>(),
                s["quota"].is_null() ? std::string("-")
                                     : fmt::format("{:.1f}", s["quota"].get<double>()),
                s["target"].get<double>(), s["missing_in_short_districts"].get<double>(),
                s["short_districts"].get<std::size_t>(), s["districts_without_data"].get<std::size_t>());
        }
        std::cout << "  (missing: places lacking in the districts below target; short: those "
                     "districts)\n";
        print_written(std::cout, written);
    }
    return exit_ok;
}

} // namespace

void add_supply_command(CLI::App& app, const global_options& options, action& run) {
    auto args = std::make_shared<supply_args>();
    CLI::App* cmd = app.add_subcommand(
        "supply", "Versorgungsquote per district: places against children of the matching ages");
    cmd->add_option("project", args->project, "The project file (YAML)")->required();
    cmd->add_option("--out,-o", args->out, "Output folder (created when missing)")->required();
    cmd->add_option("--year", args->year,
                    "Population year (default: supply.year of the project, else the latest)");
    cmd->callback([&options, &run, args] { run = [&options, args] { return run_supply(options, *args); }; });
}

} // namespace standort::services::cli
