#include "geo/write_layer.hpp"
#include "planning/synth/municipality.hpp"
#include "services/cli/commands.hpp"
#include "services/render/synth_writer.hpp"

#include <chrono>
#include <iostream>

#include <fmt/format.h>

namespace standort::services::cli {

namespace {

struct synth_args {
    std::string out;
    std::string scale = "town";
    std::uint64_t seed = 1;
    int base_year = 2024;
};

int run_synth(const global_options& options, const synth_args& args) {
    const auto size = planning::synth::parse_scale(args.scale);
    if (!size) {
        throw config_error(fmt::format("unknown scale '{}'; use town, city, land or germany",
                                       args.scale));
    }
    const auto started = std::chrono::steady_clock::now();
    auto progress = terminal_progress(options);
    if (progress) {
        progress(fmt::format("generating {} (seed {})", args.scale, args.seed));
    }
    planning::synth::options opts;
    opts.size = *size;
    opts.seed = args.seed;
    opts.base_year = args.base_year;
    const auto m = planning::synth::generate(opts);
    // Same seed, same bytes: GeoPackages otherwise record the time they were written.
    geo::set_fixed_timestamp(fmt::format("{}-12-31T00:00:00.000Z", args.base_year));
    const auto files = write_synthetic_project(m, opts, args.out, progress);
    end_progress(options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    double persons = 0;
    for (const auto& r : m.population) {
        if (r.year == m.base_year) {
            persons += r.persons;
        }
    }
    std::map<planning::facility_kind, std::size_t> kinds;
    for (const auto& f : m.facilities) {
        ++kinds[f.kind];
    }
    const auto count = [&](planning::facility_kind k) { return kinds[k]; };
    if (options.json) {
        nlohmann::json files_json = nlohmann::json::array();
        for (const auto& f : files) {
            files_json.push_back(f.string());
        }
        std::cout << json_text({{"scale", args.scale},
                                {"seed", args.seed},
                                {"persons", persons},
                                {"districts", m.districts.size()},
                                {"settlements", m.settlements.size()},
                                {"grid_cells", m.grid.size()},
                                {"kitas", count(planning::facility_kind::kita)},
                                {"grundschulen", count(planning::facility_kind::grundschule)},
                                {"sek1", count(planning::facility_kind::sek1)},
                                {"foerderschulen", count(planning::facility_kind::foerderschule)},
                                {"berufsschulen", count(planning::facility_kind::berufsschule)},
                                {"candidates", m.candidates.size()},
                                {"street_segments", m.streets.size()},
                                {"seconds", seconds},
                                {"files", files_json}})
                  << "\n";
    } else if (!options.quiet) {
        std::cout << fmt::format(
            "Generated {} ({}, seed {}) in {:.1f} s:\n"
            "  {:.0f} persons in {}, {} districts in {} settlements, {} inhabited 100 m cells\n"
            "  {} Kitas, {} Grundschulen, {} weiterführende Schulen, {} Förderschulen, "
            "{} Berufsschulen, {} candidate sites\n"
            "  {} street segments, {} new housing area(s)\n",
            m.name, args.scale, args.seed, seconds, persons, m.base_year, m.districts.size(),
            m.settlements.size(), m.grid.size(), count(planning::facility_kind::kita),
            count(planning::facility_kind::grundschule), count(planning::facility_kind::sek1),
            count(planning::facility_kind::foerderschule),
            count(planning::facility_kind::berufsschule), m.candidates.size(), m.streets.size(),
            m.housing.size());
        for (const auto& f : files) {
            std::cout << "  " << f.string() << "\n";
        }
    }
    return exit_ok;
}

} // namespace

void add_synth_command(CLI::App& app, const global_options& options, action& run) {
    auto args = std::make_shared<synth_args>();
    CLI::App* cmd = app.add_subcommand(
        "synth", "Generate an example municipality (project file and all inputs) at a scale");
    cmd->add_option("--out,-o", args->out, "Output folder (created when missing)")->required();
    cmd->add_option("--scale", args->scale,
                    "town (~20,000 people), city (~1 million), land (~10 million) or germany "
                    "(~84 million)")
        ->capture_default_str();
    cmd->add_option("--seed", args->seed, "Random seed: same seed, same bytes")
        ->capture_default_str();
    cmd->add_option("--base-year", args->base_year, "The latest observed year")
        ->capture_default_str();
    cmd->callback([&options, &run, args] { run = [&options, args] { return run_synth(options, *args); }; });
}

} // namespace standort::services::cli
