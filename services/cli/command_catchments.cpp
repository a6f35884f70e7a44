#include "geo/write_layer.hpp"
#include "planning/reach/catchment_analysis.hpp"
#include "services/cli/commands.hpp"
#include "services/cli/travel_options.hpp"
#include "services/render/layer_values.hpp"

#include <algorithm>
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
    bool capacity = false;
    std::string capacity_limit; // empty: twice the farthest Grundschule threshold
    travel_args travel;
};


int run_catchments(const global_options& options, const catchments_args& args) {
    const loaded_project project = load_project(args.project, terminal_progress(options));
    end_progress(options);
    if (stop_on_input_errors(project)) {
        return exit_validation;
    }
    const auto& model = *project.model;
    planning::catchment_options o;
    std::optional<planning::travel_cost> limit;
    for (const auto& k : project.file.coverage_kinds) {
        if (k.kind == planning::facility_kind::grundschule) {
            o.ages = k.ages;
            o.metric = k.metric;
            if (!k.thresholds.empty()) {
                limit = planning::travel_cost{k.metric, 2 * k.thresholds.back()};
            }
        }
    }
    if (!args.capacity_limit.empty()) {
        limit = parse_cost_option(args.capacity_limit, "--capacity-limit");
        o.metric = limit->metric;
    }
    if (args.capacity) {
        if (!limit) {
            throw config_error("--capacity needs --capacity-limit: the farthest a child may be sent");
        }
        o.capacity_limit = limit->value;
    }
    const auto& ages = o.ages;
    const travel_setup travel = open_travel(options, project, args.travel);
    auto progress = terminal_progress(options);
    if (progress) {
        progress(args.capacity ? "nearest schools and the capacity assignment" : "nearest schools");
    }
    const auto r = planning::analyse_catchments(model, o, travel.costs);
    end_progress(options);
    const std::string cost_name = o.metric == planning::cost_metric::time_s ? "minutes" : "distance_m";

    geo::feature_layer nearest;
    nearest.name = "catchments_nearest";
    nearest.crs = model.crs;
    nearest.fields = {{"facility_id", geo::field_type::text}, {"name", geo::field_type::text},
                      {"cells", geo::field_type::integer},    {"children", geo::field_type::real},
                      {"seats", geo::field_type::real},       {"seats_per_100", geo::field_type::real},
                      {"mean_" + cost_name, geo::field_type::real}};
    for (const auto& c : r.nearest) {
        const auto& f = model.facilities[c.facility];
        geo::feature row;
        row.source_fid = static_cast<std::int64_t>(nearest.features.size());
        row.shape = c.area;
        row.values = {f.id.value, f.name, static_cast<std::int64_t>(c.cells), c.children,
                      rounded(c.seats, 0),
                      rounded(c.seats && c.children > 0 ? std::optional(100 * *c.seats / c.children)
                                                        : std::nullopt,
                              1),
                      cost_output(o.metric, c.mean_cost)};
        nearest.features.push_back(std::move(row));
    }
    geo::feature_layer capacity;
    capacity.name = "catchments_capacity";
    capacity.crs = model.crs;
    capacity.fields = {{"facility_id", geo::field_type::text}, {"name", geo::field_type::text},
                       {"seats", geo::field_type::real},       {"children", geo::field_type::real},
                       {"utilisation", geo::field_type::real}, {"mean_" + cost_name, geo::field_type::real}};
    geo::feature_layer unassigned;
    unassigned.name = "catchments_unassigned";
    unassigned.crs = model.crs;
    unassigned.fields = {{"children", geo::field_type::real}, {"beyond", geo::field_type::text}};
    if (r.capacity) {
        for (const auto& c : r.capacity->schools) {
            const auto& f = model.facilities[c.facility];
            geo::feature row;
            row.source_fid = static_cast<std::int64_t>(capacity.features.size());
            row.shape = c.area;
            row.values = {f.id.value, f.name, c.seats, rounded(c.children, 1),
                          c.seats > 0 ? rounded(100 * c.children / c.seats, 1) : geo::value{},
                          c.children > 0 ? cost_output(o.metric, c.mean_cost) : geo::value{}};
            capacity.features.push_back(std::move(row));
        }
        if (r.capacity->children_unassigned > 0) {
            geo::feature row;
            row.source_fid = 0;
            row.shape = r.capacity->unassigned_area;
            row.values = {rounded(r.capacity->children_unassigned, 1),
                          planning::to_string(planning::travel_cost{o.metric, r.capacity->limit})};
            unassigned.features.push_back(std::move(row));
        }
    }
    // Every cell with children: its nearest school, and where the assignment sends them.
    geo::feature_layer cells;
    cells.name = "catchments_cells";
    cells.crs = model.crs;
    cells.fields = {{"children", geo::field_type::real},
                    {"nearest_id", geo::field_type::text},
                    {"nearest_" + cost_name, geo::field_type::real}};
    if (r.capacity) {
        cells.fields.push_back({"assigned", geo::field_type::text});
        cells.fields.push_back({"unassigned", geo::field_type::real});
    }
    {
        std::vector<std::string> assigned(r.units.size());
        if (r.capacity) {
            for (const auto& fl : r.capacity->flows) {
                auto& text = assigned[fl.unit];
                text += fmt::format("{}{}: {:g}", text.empty() ? "" : ", ",
                                    model.facilities[fl.facility].id.value, fl.children);
            }
        }
        for (std::size_t u = 0; u < r.units.size(); ++u) {
            geo::feature row;
            row.source_fid = static_cast<std::int64_t>(u);
            row.shape = r.units[u];
            const auto near = r.unit_nearest[u];
            row.values = {r.unit_children[u],
                          near >= 0 ? geo::value{model.facilities[static_cast<std::size_t>(near)].id.value}
                                    : geo::value{},
                          cost_output(o.metric, r.unit_cost[u])};
            if (r.capacity) {
                row.values.push_back(assigned[u]);
                row.values.push_back(r.capacity->unit_unassigned[u]);
            }
            cells.features.push_back(std::move(row));
        }
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
    std::vector<fs::path> written{out / "catchments_nearest.geojson"};
    geo::write_geojson(nearest, written[0]);
    std::vector<const geo::feature_layer*> layers{&nearest};
    if (r.capacity) {
        written.push_back(out / "catchments_capacity.geojson");
        geo::write_geojson(capacity, written.back());
        layers.push_back(&capacity);
        written.push_back(out / "catchments_unassigned.geojson");
        geo::write_geojson(unassigned, written.back());
        layers.push_back(&unassigned);
    }
    if (!official.features.empty()) {
        written.push_back(out / "catchments_official.geojson");
        geo::write_geojson(official, written.back());
        layers.push_back(&official);
    }
    layers.push_back(&cells);
    // One row per Grundschule for the annex: nearest-school and capacity figures side by side.
    geo::feature_layer table;
    table.name = "catchments_table";
    table.fields = {{"facility_id", geo::field_type::text},
                    {"name", geo::field_type::text},
                    {"seats", geo::field_type::real},
                    {"nearest_children", geo::field_type::real},
                    {"nearest_mean_" + cost_name, geo::field_type::real}};
    if (r.capacity) {
        table.fields.push_back({"assigned_children", geo::field_type::real});
        table.fields.push_back({"utilisation", geo::field_type::real});
        table.fields.push_back({"assigned_mean_" + cost_name, geo::field_type::real});
    }
    for (std::size_t f = 0; f < model.facilities.size(); ++f) {
        const auto& fac = model.facilities[f];
        if (fac.kind != planning::facility_kind::grundschule) {
            continue;
        }
        const auto near = std::find_if(r.nearest.begin(), r.nearest.end(),
                                       [&](const auto& c) { return c.facility == f; });
        geo::feature row;
        row.source_fid = static_cast<std::int64_t>(table.features.size());
        row.values = {fac.id.value, fac.name, rounded(fac.cap.seats, 0),
                      near != r.nearest.end() ? near->children : 0.0,
                      near != r.nearest.end() ? cost_output(o.metric, near->mean_cost) : geo::value{}};
        if (r.capacity) {
            const auto cap = std::find_if(r.capacity->schools.begin(), r.capacity->schools.end(),
                                          [&](const auto& c) { return c.facility == f; });
            if (cap == r.capacity->schools.end()) {
                row.values.insert(row.values.end(), {geo::value{}, geo::value{}, geo::value{}});
            } else {
                row.values.push_back(rounded(cap->children, 1));
                row.values.push_back(cap->seats > 0 ? rounded(100 * cap->children / cap->seats, 1)
                                                    : geo::value{});
                row.values.push_back(cap->children > 0 ? cost_output(o.metric, cap->mean_cost)
                                                       : geo::value{});
            }
        }
        table.features.push_back(std::move(row));
    }
    written.push_back(out / "catchments_table.csv");
    geo::write_csv(table, written.back());
    written.push_back(out / "catchments.gpkg");
    geo::write_gpkg(layers, written.back());
    written.push_back(out / "catchments_parameters.json");
    nlohmann::json parameters{{"analysis", "catchments"},
                              {"ages", planning::to_string(ages)},
                              {"measure", to_string(o.metric)},
                              {"demand_units", "grid cells"},
                              {"official_school", "the school the catchment names, else the "
                                                  "Grundschulen inside it"}};
    if (r.capacity) {
        parameters["capacity"] = {
            {"limit", planning::to_string(planning::travel_cost{o.metric, r.capacity->limit})},
            {"method", "minimum-cost flow (LEMON network simplex): as many children placed as the "
                       "seats allow, then the least total travel"},
            {"schools_without_seats", r.capacity->schools_without_seats}};
    }
    parameters.update(travel.describe());
    write_json_file(parameters, out / "catchments_parameters.json");

    double children_total = 0;
    for (double n : r.unit_children) {
        children_total += n;
    }
    double children = 0;
    double elsewhere = 0;
    for (const auto& row : r.official) {
        children += row.children;
        elsewhere += row.children_nearer_elsewhere;
    }
    if (options.json) {
        nlohmann::json j{{"ages", planning::to_string(ages)},
                         {"travel", r.travel},
                         {"children", children_total},
                         {"children_unreached", r.children_unreached},
                         {"nearest_catchments", r.nearest.size()},
                         {"official_catchments", r.official.size()},
                         {"children_in_official", children},
                         {"children_nearer_elsewhere", elsewhere},
                         {"children_outside_official", r.children_outside_official},
                         {"written", paths_json(written)}};
        if (r.capacity) {
            j["capacity"] = {{"children_assigned", children_total - r.capacity->children_unassigned},
                             {"children_unassigned", r.capacity->children_unassigned},
                             {"schools_without_seats", r.capacity->schools_without_seats},
                             {"total_cost", r.capacity->total_cost}};
        }
        std::cout << json_text(j) << "\n";
    } else if (!options.quiet) {
        std::cout << fmt::format("Schuleinzugsbereiche {} (ages {}, {}):\n", project.file.spec.name,
                                 planning::to_string(ages), r.travel);
        std::cout << fmt::format("  {} nearest-school catchments, {:.0f} children", r.nearest.size(),
                                 children_total);
        if (r.children_unreached > 0) {
            std::cout << fmt::format(", {:.0f} of them reach no school on the network",
                                     r.children_unreached);
        }
        std::cout << "\n";
        if (r.capacity) {
            std::cout << fmt::format("  capacity-constrained within {}: {:.0f} children placed, {:.0f} "
                                     "without a seat in reach{}\n",
                                     planning::to_string(planning::travel_cost{o.metric, r.capacity->limit}),
                                     children_total - r.capacity->children_unassigned,
                                     r.capacity->children_unassigned,
                                     r.capacity->schools_without_seats > 0
                                         ? fmt::format(" ({} schools without a seat figure left out)",
                                                       r.capacity->schools_without_seats)
                                         : std::string{});
        }
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
    cmd->add_flag("--capacity", args->capacity,
                  "Also capacity-constrained catchments: no school above its seats, least total travel");
    cmd->add_option("--capacity-limit", args->capacity_limit,
                    "How far a child may be sent (\"4 km\", \"30 min\"); default twice the farthest "
                    "Grundschule threshold");
    add_travel_options(*cmd, args->travel);
    cmd->callback([&options, &run, args] { run = [&options, args] { return run_catchments(options, *args); }; });
}

} // namespace standort::services::cli
