#include "geo/write_layer.hpp"
#include "planning/synth/municipality.hpp"
#include "services/cli/command.hpp"
#include "services/cli/session.hpp"
#include "services/render/common.hpp"
#include "services/render/synth_writer.hpp"

#include <fmt/format.h>

#include <chrono>

namespace standort::services::cli {

namespace {

struct synth_args {
    std::string out;
    std::string scale = "town";
    std::uint64_t seed = 1;
    int base_year = 2024;
};

void add_options(CLI::App& cmd, synth_args& args) {
    cmd.add_option("--out,-o", args.out, "Output folder (created when missing)")->required();
    cmd.add_option("--scale", args.scale,
                   "town (~20,000 people), city (~1 million), land (~10 million) or germany "
                   "(~84 million)")
        ->capture_default_str();
    cmd.add_option("--seed", args.seed, "Random seed: same seed, same bytes")
        ->capture_default_str();
    cmd.add_option("--base-year", args.base_year, "The latest observed year")
        ->capture_default_str();
}

int run(const global_options& options, const synth_args& args) {
    const auto size = planning::synth::parse_scale(args.scale);
    if (!size) {
        throw request_error("--scale", fmt::format("unknown scale '{}'; use town, city, land or "
                                                   "germany",
                                                   args.scale));
    }
    const auto started = std::chrono::steady_clock::now();
    auto progress = terminal_progress(options);
    if (progress) {
        progress(fmt::format("generating {} (seed {})", args.scale, args.seed));
    }
    const planning::synth::options opts{*size, args.seed, args.base_year};
    const auto m = planning::synth::generate(opts);
    // Same seed, same bytes: GeoPackages otherwise record the time they were written.
    geo::set_fixed_timestamp(fmt::format("{}-12-31T00:00:00.000Z", args.base_year));
    const auto files = write_synthetic_project(m, opts, args.out, progress);
    end_progress(options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (options.json) {
        auto j = synth_json(m, args.scale, args.seed, seconds);
        j["files"] = paths_json(files);
        std::cout << json_text(j) << "\n";
    } else if (!options.quiet) {
        print_synth(std::cout, m, args.scale, args.seed, seconds);
        print_written(std::cout, files);
    }
    return exit_ok;
}

} // namespace

command synth_command() {
    return make_command<synth_args>(
        "synth", "Generate an example municipality (project file and all inputs) at a scale",
        add_options, run);
}

} // namespace standort::services::cli
