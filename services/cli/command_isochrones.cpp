#include "geo/write_layer.hpp"
#include "planning/reach/isochrones.hpp"
#include "services/cli/commands.hpp"
#include "services/cli/travel_options.hpp"
#include "services/render/layer_values.hpp"

#include <cmath>
#include <filesystem>
#include <iostream>
#include <numeric>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace standort::services::cli {

namespace fs = std::filesystem;

namespace {

struct isochrones_args {
    std::string project;
    std::string out;
    std::optional<int> year;
    std::string kind = "kita";
    std::string limits; // empty: the kind's coverage thresholds
    double buffer_m = 50;
    travel_args travel;
};

int run_isochrones(const global_options& options, const isochrones_args& args) {
    if (!(args.buffer_m > 0 && args.buffer_m <= 1000)) {
        throw config_error(fmt::format("--buffer must be between 0 and 1000 m, not {}", args.buffer_m));
    }
    const loaded_project project = load_project(args.project, terminal_progress(options));
    end_progress(options);
    if (stop_on_input_errors(project)) {
        return exit_validation;
    }
    const auto& model = *project.model;
    const int year = analysis_year(project, args.year);
    const auto kind = std::find_if(project.file.coverage_kinds.begin(), project.file.coverage_kinds.end(),
                                   [&](const auto& k) { return k.name == args.kind; });
    if (kind == project.file.coverage_kinds.end()) {
        throw config_error(fmt::format("--kind '{}' is unknown; use kita or grundschule", args.kind));
    }
    planning::isochrone_options o;
    o.kind = kind->kind;
    o.ages = kind->ages;
    o.buffer_m = args.buffer_m;
    if (args.limits.empty()) {
        o.metric = kind->metric;
        o.limits = kind->thresholds;
    } else {
        const auto limits = parse_cost_list_option(args.limits, "--limits");
        o.metric = limits.front().metric;
        for (const auto& l : limits) {
            o.limits.push_back(l.value);
        }
    }
    if (args.travel.travel == "straight") {
        throw config_error("isochrones follow the street network; --travel straight has none");
    }
    travel_args travel_options = args.travel;
    travel_options.travel = "network";
    const travel_setup travel = open_travel(options, project, travel_options);
    auto progress = terminal_progress(options);
    if (progress) {
        progress("service areas of every " + args.kind);
    }
    const auto r = planning::compute_isochrones(model, year, travel.network->network, o);
    end_progress(options);

    geo::feature_layer layer;
    layer.name = "isochrones";
    layer.crs = model.crs;
    layer.fields = {{"facility_id", geo::field_type::text}, {"name", geo::field_type::text},
                    {"kind", geo::field_type::text},        {"limit", geo::field_type::real},
                    {"unit", geo::field_type::text},        {"label", geo::field_type::text},
                    {"children", geo::field_type::real},    {"places", geo::field_type::real},
                    {"places_per_100_children", geo::field_type::real},
                    {"area_ha", geo::field_type::real}};
    // Far limits first, so a map draws the near areas on top.
    std::vector<std::size_t> order(r.areas.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](auto a, auto b) { return r.areas[a].limit > r.areas[b].limit; });
    for (auto i : order) {
        const auto& a = r.areas[i];
        const auto& fac = model.facilities[a.facility];
        const planning::travel_cost limit{o.metric, a.limit};
        geo::feature f;
        f.source_fid = static_cast<std::int64_t>(layer.features.size());
        f.shape = a.area;
        f.values = {fac.id.value,
                    fac.name,
                    args.kind,
                    planning::output_value(o.metric, a.limit),
                    planning::output_unit(o.metric),
                    fmt::format("{}: {}", fac.name, planning::to_string(limit)),
                    rounded(a.children, 1),
                    rounded(a.places, 0),
                    a.places && a.children > 0 ? rounded(100 * *a.places / a.children, 1) : geo::value{},
                    std::round(geo::area(f.shape) / 100.0) / 100.0};
        layer.features.push_back(std::move(f));
    }
    const fs::path out = args.out;
    std::vector<fs::path> written{out / "isochrones.geojson", out / "isochrones.gpkg",
                                  out / "isochrones_table.csv", out / "isochrones_parameters.json"};
    geo::write_geojson(layer, written[0]);
    geo::write_gpkg({&layer}, written[1]);
    geo::write_csv(layer, written[2]);
    std::vector<std::string> limits;
    for (double l : o.limits) {
        limits.push_back(planning::to_string(planning::travel_cost{o.metric, l}));
    }
    nlohmann::json parameters{{"analysis", "isochrones"},
                              {"kind", args.kind},
                              {"ages", planning::to_string(o.ages)},
                              {"year", year},
                              {"limits", limits},
                              {"direction", "from the homes to the facility"},
                              {"area", fmt::format("reached streets buffered by {:g} m", o.buffer_m)},
                              {"children", r.from_grid ? "grid cells whose centre lies inside"
                                                       : "district points inside"}};
    parameters.update(travel.describe());
    write_json_file(parameters, written[3]);
    if (options.json) {
        std::cout << json_text({{"kind", args.kind},
                                {"travel", travel.costs.describe()},
                                {"facilities", r.areas.size() / o.limits.size()},
                                {"limits", limits},
                                {"areas", r.areas.size()},
                                {"written", paths_json(written)}})
                  << "\n";
    } else if (!options.quiet) {
        std::cout << fmt::format("Einzugsgebiete ({}) {}: {} facilities, limits {}\n",
                                 travel.costs.describe(), args.kind, r.areas.size() / o.limits.size(),
                                 fmt::join(limits, ", "));
        print_written(std::cout, written);
    }
    return exit_ok;
}

} // namespace

void add_isochrones_command(CLI::App& app, const global_options& options, action& run) {
    auto args = std::make_shared<isochrones_args>();
    CLI::App* cmd = app.add_subcommand(
        "isochrones", "Service areas per facility along the streets, with the children inside");
    cmd->add_option("project", args->project, "The project file (YAML)")->required();
    cmd->add_option("--out,-o", args->out, "Output folder (created when missing)")->required();
    cmd->add_option("--year", args->year, "Population year of the district figures (no grid)");
    cmd->add_option("--kind", args->kind, "kita or grundschule")->capture_default_str();
    cmd->add_option("--limits", args->limits,
                    "Comma-separated, e.g. \"5 min,10 min,15 min\" or \"500 m,1 km\" (default: the "
                    "kind's coverage thresholds)");
    cmd->add_option("--buffer", args->buffer_m, "Metres either side of a reached street")
        ->capture_default_str();
    add_travel_options(*cmd, args->travel);
    cmd->callback([&options, &run, args] { run = [&options, args] { return run_isochrones(options, *args); }; });
}

} // namespace standort::services::cli
