#include "geo/write_layer.hpp"
#include "planning/reach/accessibility.hpp"
#include "services/cli/commands.hpp"
#include "services/cli/travel_options.hpp"
#include "services/render/layer_values.hpp"

#include <cmath>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

namespace standort::services::cli {

namespace fs = std::filesystem;

namespace {

struct access_args {
    std::string project;
    std::string out;
    std::optional<int> year;
    std::string decay = "step";
    std::string kita_catchment = "1000";
    std::string school_catchment = "2000";
    bool balanced = false;
    travel_args travel;
};


int run_access(const global_options& options, const access_args& args) {
    const auto weighting = planning::parse_decay(args.decay);
    if (!weighting) {
        throw config_error(fmt::format("unknown decay '{}'; use step, e2sfca, gaussian or gravity",
                                       args.decay));
    }
    const loaded_project project = load_project(args.project, terminal_progress(options));
    end_progress(options);
    if (stop_on_input_errors(project)) {
        return exit_validation;
    }
    const auto kita_d0 = parse_cost_option(args.kita_catchment, "--kita-catchment");
    const auto school_d0 = parse_cost_option(args.school_catchment, "--school-catchment");
    const auto& model = *project.model;
    const int year = analysis_year(project, args.year);
    const travel_setup travel = open_travel(options, project, args.travel);

    // The kinds and their ages follow the coverage settings of the project file.
    std::vector<planning::access_result> results;
    for (const auto& kind : project.file.coverage_kinds) {
        planning::access_options o;
        o.name = kind.name;
        o.kind = kind.kind;
        o.ages = kind.ages;
        o.weighting = *weighting;
        o.balanced = args.balanced;
        const auto d0 = kind.kind == planning::facility_kind::kita ? kita_d0 : school_d0;
        o.metric = d0.metric;
        o.catchment = d0.value;
        // Gravity weights: a cost below 100 m or 1 minute counts as that, not as nearly 0.
        o.gravity_floor = d0.metric == planning::cost_metric::time_s ? 60.0 : 100.0;
        results.push_back(planning::compute_access(model, year, o, travel.costs));
    }

    geo::feature_layer districts;
    districts.name = "access_districts";
    districts.crs = model.crs;
    districts.fields = {{"district_id", geo::field_type::text}, {"name", geo::field_type::text}};
    for (const auto& r : results) {
        districts.fields.push_back({r.options.name + "_access_index", geo::field_type::real});
    }
    for (std::size_t d = 0; d < model.districts.size(); ++d) {
        geo::feature f;
        f.source_fid = static_cast<std::int64_t>(d);
        f.shape = model.districts[d].area;
        f.values = {model.districts[d].id.value, model.districts[d].name};
        for (const auto& r : results) {
            f.values.push_back(r.district_index[d] ? rounded(*r.district_index[d], 3) : geo::value{});
        }
        districts.features.push_back(std::move(f));
    }
    geo::feature_layer facilities;
    facilities.name = "access_facilities";
    facilities.crs = model.crs;
    facilities.fields = {{"facility_id", geo::field_type::text},
                         {"name", geo::field_type::text},
                         {"kind", geo::field_type::text},
                         {"places", geo::field_type::real},
                         {"places_per_child_in_reach", geo::field_type::real}};
    geo::feature_layer units;
    units.name = "access_units";
    units.crs = model.crs;
    units.fields = {{"kind", geo::field_type::text},
                    {"district_id", geo::field_type::text},
                    {"children", geo::field_type::real},
                    {"places_per_child", geo::field_type::real},
                    {"access_index", geo::field_type::real}};
    for (const auto& r : results) {
        for (std::size_t j = 0; j < r.facility.size(); ++j) {
            const auto& fac = model.facilities[r.facility[j]];
            geo::feature f;
            f.source_fid = static_cast<std::int64_t>(facilities.features.size());
            f.shape = fac.location;
            f.values = {fac.id.value, fac.name, r.options.name, r.supply[j], rounded(r.ratio[j], 4)};
            facilities.features.push_back(std::move(f));
        }
        for (std::size_t u = 0; u < r.units.size(); ++u) {
            geo::feature f;
            f.source_fid = static_cast<std::int64_t>(units.features.size());
            f.shape = r.units[u];
            const auto d = r.unit_district[u];
            f.values = {r.options.name,
                        d >= 0 ? geo::value{model.districts[static_cast<std::size_t>(d)].id.value}
                               : geo::value{},
                        r.demand[u], rounded(r.access[u], 4), rounded(r.access_index[u], 3)};
            units.features.push_back(std::move(f));
        }
    }
    const fs::path out = args.out;
    std::vector<fs::path> written{out / "access_districts.geojson", out / "access_facilities.geojson",
                                  out / "access.gpkg", out / "access_parameters.json"};
    geo::write_geojson(districts, written[0]);
    geo::write_geojson(facilities, written[1]);
    geo::write_gpkg({&districts, &facilities, &units}, written[2]);
    nlohmann::json kinds = nlohmann::json::array();
    nlohmann::json summary = nlohmann::json::array();
    for (const auto& r : results) {
        kinds.push_back({{"kind", r.options.name},
                         {"ages", planning::to_string(r.options.ages)},
                         {"catchment", planning::to_string(planning::travel_cost{r.options.metric,
                                                                                 r.options.catchment})},
                         {"decay", planning::to_string(r.options.weighting)},
                         {"balanced", r.options.balanced},
                         {"travel", r.travel},
                         {"demand_units", r.from_grid ? "grid cells" : "district points"}});
        double without = 0;
        double children = 0;
        for (std::size_t u = 0; u < r.units.size(); ++u) {
            children += r.demand[u];
            without += r.access[u] == 0 ? r.demand[u] : 0.0;
        }
        summary.push_back({{"kind", r.options.name},
                           {"facilities_without_capacity", r.facilities_without_capacity},
                           {"mean_places_per_child", r.mean_access},
                           {"children", children},
                           {"children_without_access", without}});
    }
    nlohmann::json parameters{{"analysis", "access (2SFCA family)"}, {"year", year}, {"kinds", kinds}};
    parameters.update(travel.describe());
    write_json_file(parameters, written[3]);
    if (options.json) {
        std::cout << json_text({{"year", year},
                                {"travel", travel.costs.describe()},
                                {"kinds", summary},
                                {"written", paths_json(written)}})
                  << "\n";
    } else if (!options.quiet) {
        std::cout << fmt::format("Erreichbarkeitsindex {} ({}{}, {}):\n", project.file.spec.name,
                                 planning::to_string(*weighting), args.balanced ? ", balanced" : "",
                                 travel.costs.describe());
        for (const auto& s : summary) {
            std::cout << fmt::format("  {:<12} {:.3f} places per child on average, {:.0f} of {:.0f} "
                                     "children with no place in reach\n",
                                     s["kind"].get<std::string>(),
                                     s["mean_places_per_child"].get<double>(),
                                     s["children_without_access"].get<double>(),
                                     s["children"].get<double>());
            if (s["facilities_without_capacity"].get<std::size_t>() > 0) {
                std::cout << fmt::format("               {} facilities left out: no capacity figure\n",
                                         s["facilities_without_capacity"].get<std::size_t>());
            }
        }
        print_written(std::cout, written);
    }
    return exit_ok;
}

} // namespace

void add_access_command(CLI::App& app, const global_options& options, action& run) {
    auto args = std::make_shared<access_args>();
    CLI::App* cmd = app.add_subcommand(
        "access", "Accessibility index (2SFCA family): places per child within reach, 1 = average");
    cmd->add_option("project", args->project, "The project file (YAML)")->required();
    cmd->add_option("--out,-o", args->out, "Output folder (created when missing)")->required();
    cmd->add_option("--year", args->year, "Population year of the district figures (no grid)");
    cmd->add_option("--decay", args->decay, "step (2SFCA), e2sfca, gaussian or gravity")
        ->capture_default_str();
    cmd->add_option("--kita-catchment", args->kita_catchment,
                    "Catchment d0 for Kitas: metres, \"1 km\" or \"10 min\" (a time needs the network)")
        ->capture_default_str();
    cmd->add_option("--school-catchment", args->school_catchment, "Catchment d0 for Grundschulen")
        ->capture_default_str();
    add_travel_options(*cmd, args->travel);
    cmd->add_flag("--balanced", args->balanced,
                  "Count each child and each place once (balanced weights)");
    cmd->callback([&options, &run, args] { run = [&options, args] { return run_access(options, *args); }; });
}

} // namespace standort::services::cli
