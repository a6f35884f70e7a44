#include "geo/write_layer.hpp"
#include "planning/reach/coverage.hpp"
#include "services/cli/commands.hpp"
#include "services/cli/travel_options.hpp"
#include "services/render/coverage_layers.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

namespace standort::services::cli {

namespace fs = std::filesystem;

namespace {

struct coverage_args {
    std::string project;
    std::string out;
    std::optional<int> year;
    travel_args travel;
};

double seconds_since(std::chrono::steady_clock::time_point& start) {
    const auto now = std::chrono::steady_clock::now();
    const double s = std::chrono::duration<double>(now - start).count();
    start = now;
    return s;
}

int run_coverage(const global_options& options, const coverage_args& args) {
    auto clock = std::chrono::steady_clock::now();
    const loaded_project project = load_project(args.project, terminal_progress(options));
    const double load_s = seconds_since(clock);
    end_progress(options);
    if (stop_on_input_errors(project)) {
        return exit_validation;
    }
    const auto& model = *project.model;
    const int year = analysis_year(project, args.year);
    const travel_setup travel = open_travel(options, project, args.travel);
    const double network_s = seconds_since(clock);
    auto progress = terminal_progress(options);
    std::vector<planning::coverage_result> results;
    for (const auto& kind : project.file.coverage_kinds) {
        if (progress) {
            progress("nearest " + kind.name);
        }
        results.push_back(planning::compute_coverage(model, year, kind, travel.costs));
    }
    const double compute_s = seconds_since(clock);
    const fs::path out = args.out;
    std::vector<fs::path> written;
    auto write_both = [&](const geo::feature_layer& layer) {
        written.push_back(out / (layer.name + ".geojson"));
        geo::write_geojson(layer, written.back());
    };
    const auto districts = coverage_districts(model, results);
    const auto gaps = coverage_gaps(model, results);
    const auto units = coverage_units(model, results);
    if (progress) {
        progress("writing " + out.string());
    }
    write_both(districts);
    write_both(gaps);
    written.push_back(out / "coverage.gpkg");
    geo::write_gpkg({&districts, &gaps, &units}, written.back());
    written.push_back(out / "coverage_table.csv");
    geo::write_csv(coverage_table(model, results), written.back());
    {
        nlohmann::json kinds = nlohmann::json::array();
        for (const auto& r : results) {
            std::vector<std::string> thresholds;
            for (double t : r.kind.thresholds) {
                thresholds.push_back(planning::to_string(planning::travel_cost{r.kind.metric, t}));
            }
            kinds.push_back({{"kind", r.kind.name},
                             {"ages", planning::to_string(r.kind.ages)},
                             {"thresholds", thresholds},
                             {"measure", to_string(r.kind.metric)},
                             {"travel", r.travel},
                             {"demand_units", r.from_grid ? "grid cells" : "district points "
                                                                          "(point on surface)"}});
        }
        written.push_back(out / "coverage_parameters.json");
        nlohmann::json parameters{{"analysis", "coverage"}, {"year", year}, {"kinds", kinds}};
        parameters.update(travel.describe());
        write_json_file(parameters, written.back());
    }
    end_progress(options);
    const double write_s = seconds_since(clock);

    nlohmann::json summary = nlohmann::json::array();
    for (const auto& r : results) {
        double children = 0;
        std::vector<double> within(r.kind.thresholds.size(), 0.0);
        for (const auto& d : r.districts) {
            if (d.children) {
                children += *d.children;
                for (std::size_t t = 0; t < within.size(); ++t) {
                    within[t] += d.within[t];
                }
            }
        }
        double in_gaps = 0;
        for (const auto& g : r.gaps) {
            for (double n : g.children) {
                in_gaps += n;
            }
        }
        nlohmann::json shares = nlohmann::json::array();
        for (std::size_t t = 0; t < within.size(); ++t) {
            shares.push_back({{"threshold", planning::output_value(r.kind.metric, r.kind.thresholds[t])},
                              {"unit", planning::output_unit(r.kind.metric)},
                              {"children", within[t]},
                              {"share", children > 0 ? 100 * within[t] / children : 0.0}});
        }
        summary.push_back({{"kind", r.kind.name},
                           {"facilities", r.facilities},
                           {"demand_units", r.units.size()},
                           {"from_grid", r.from_grid},
                           {"children", children},
                           {"within", shares},
                           {"gaps", r.gaps.size()},
                           {"children_in_gaps", in_gaps}});
    }
    if (options.json) {
        std::cout << json_text({{"year", year},
                                {"travel", travel.costs.describe()},
                                {"kinds", summary},
                                {"written", paths_json(written)},
                                {"seconds", {{"load", load_s}, {"network", network_s}, {"compute", compute_s}, {"write", write_s}}}})
                  << "\n";
    } else if (!options.quiet) {
        std::cout << fmt::format("Erreichbarkeit {} ({}):\n", project.file.spec.name,
                                 travel.costs.describe());
        for (const auto& s : summary) {
            std::cout << fmt::format("  {:<12} {} facilities, {:.0f} children in {} {}\n",
                                     s["kind"].get<std::string>(), s["facilities"].get<std::size_t>(),
                                     s["children"].get<double>(), s["demand_units"].get<std::size_t>(),
                                     s["from_grid"].get<bool>() ? "grid cells" : "district points");
            for (const auto& w : s["within"]) {
                const auto label = fmt::format("{:g} {}", w["threshold"].get<double>(),
                                               w["unit"].get<std::string>());
                std::cout << fmt::format("               within {:>8}: {:>8.0f} ({:.1f} %)\n", label,
                                         w["children"].get<double>(), w["share"].get<double>());
            }
            std::cout << fmt::format("               {} gap area(s) with {:.0f} children beyond {:g} {}\n",
                                     s["gaps"].get<std::size_t>(), s["children_in_gaps"].get<double>(),
                                     s["within"].empty() ? 0.0 : s["within"][0]["threshold"].get<double>(),
                                     s["within"].empty() ? "" : s["within"][0]["unit"].get<std::string>());
        }
        print_written(std::cout, written);
    }
    return exit_ok;
}

} // namespace

void add_coverage_command(CLI::App& app, const global_options& options, action& run) {
    auto args = std::make_shared<coverage_args>();
    CLI::App* cmd = app.add_subcommand(
        "coverage", "Nearest facility and the children within distance thresholds, with gap areas");
    cmd->add_option("project", args->project, "The project file (YAML)")->required();
    cmd->add_option("--out,-o", args->out, "Output folder (created when missing)")->required();
    cmd->add_option("--year", args->year,
                    "Population year of the district figures (projects without a grid)");
    add_travel_options(*cmd, args->travel);
    cmd->callback([&options, &run, args] { run = [&options, args] { return run_coverage(options, *args); }; });
}

} // namespace standort::services::cli
