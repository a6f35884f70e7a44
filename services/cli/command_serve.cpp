#include "services/cli/command.hpp"
#include "services/cli/options.hpp"
#include "services/cli/session.hpp"
#include "services/render/export_layers.hpp"
#include "services/server/api.hpp"
#include "services/server/collections.hpp"
#include "services/server/http_server.hpp"
#include "services/server/startup.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <iostream>

namespace standort::services::cli {

namespace {

struct serve_args {
    project_args io;
    int port = 8080;
    std::string bind = "127.0.0.1";
    std::vector<std::string> results;
    std::size_t max_limit = 10000;
};

void add_options(CLI::App& cmd, serve_args& args) {
    add_project_options(cmd, args.io, false);
    cmd.add_option("--port", args.port, "TCP port; 0 picks a free one")
        ->check(CLI::Range(0, 65535));
    cmd.add_option("--bind", args.bind,
                   "Address to listen on: 127.0.0.1 (this machine only, the default) or, for "
                   "the network, 0.0.0.0");
    cmd.add_option("--results", args.results,
                   "Result folders of earlier runs to serve (their GeoPackages, with their "
                   "styles) instead of computing the analyses at start");
    cmd.add_option("--max-limit", args.max_limit, "Most features a page may ask for")
        ->check(CLI::Range(1, 100000));
}

std::string web_dir() {
    if (const char* path = std::getenv("STANDORT_WEB_DIR")) {
        return path;
    }
    return STANDORT_WEB_DIR;
}

void print_start(const std::string& project, const std::string& url, bool loopback,
                 const std::vector<std::string>& done, const std::vector<std::string>& skipped,
                 std::size_t collections) {
    std::cout << fmt::format("standort serve: {}\n", project);
    std::cout << fmt::format("Adresse: {}\n", url);
    std::cout << (loopback ? "Nur von diesem Rechner erreichbar (--bind 0.0.0.0 öffnet ihn "
                             "für das Netz).\n"
                           : "Im Netz erreichbar: jeder, der diese Adresse erreicht, sieht die "
                             "Daten.\n");
    std::cout << fmt::format("Karte für die Sitzung: {}/\n", url);
    std::cout << fmt::format("QGIS: Layer → Layer hinzufügen → WFS-/OGC-API-Features-Layer, "
                             "URL {}\n",
                             url);
    std::cout << fmt::format("{} Ebenen; berechnet: {}\n", collections,
                             done.empty() ? "keine" : fmt::format("{}", fmt::join(done, ", ")));
    for (const auto& s : skipped) {
        std::cout << "nicht berechnet: " << s << "\n";
    }
    std::cout << "Beenden mit Strg+C.\n" << std::flush;
}

// Today's siting evaluation per kind, so the ways from every home to every site are computed
// before the first what-if of a session, not during it (the planner keeps them).
std::string prepare_what_ifs(const planning::planner& planner) {
    std::vector<std::string> ready;
    for (const auto& kind : planner.coverage_kinds()) {
        try {
            planning::siting_request q;
            q.kind = kind.name;
            planner.siting(q);
            ready.push_back(server::kind_title(kind.name));
        } catch (const error&) {
            // A kind the project cannot site (no facilities) is reported by the request itself.
        }
    }
    return "Was wäre, wenn (" +
           (ready.empty() ? std::string("nichts vorbereitet")
                          : fmt::format("{}", fmt::join(ready, ", "))) +
           ")";
}

int run(const global_options& options, const serve_args& args) {
    auto project = open_for_analysis(options, args.io.project, {.streets = true});
    if (!project) {
        return exit_validation;
    }
    server::computed_layers layers;
    if (args.results.empty()) {
        layers = server::compute_layers(*project, terminal_progress(options));
    } else {
        layers.collections.add_files(export_files(*project, {geo::output_format::gpkg}),
                                     "Grundlagen");
        for (const auto& dir : args.results) {
            layers.collections.add_folder(dir);
            layers.done.push_back(dir);
        }
    }
    end_progress(options);
    const auto count = layers.collections.all().size();
    project->planner->keep_siting_problems(true);
    auto planner = std::make_shared<const planning::planner>(std::move(*project->planner));
    layers.done.push_back(prepare_what_ifs(*planner));
    const server::api api(planner, std::move(layers.collections), server::load_web_files(web_dir()),
                          "standort: " + project->file.spec.name, {.max_limit = args.max_limit});
    server::server_options o;
    o.bind = args.bind;
    o.port = args.port;
    o.log_requests = !options.quiet;
    server::serve(api, o, [&](int port) {
        const bool v6 = args.bind.find(':') != std::string::npos;
        const auto host = args.bind == "0.0.0.0" ? "127.0.0.1"
                          : v6                   ? "[" + args.bind + "]"
                                                 : args.bind;
        const bool loopback =
            args.bind.rfind("127.", 0) == 0 || args.bind == "::1" || args.bind == "localhost";
        print_start(project->file.spec.name, fmt::format("http://{}:{}", host, port), loopback,
                    layers.done, layers.skipped, count);
    });
    return exit_ok;
}

} // namespace

command serve_command() {
    return make_command<serve_args>(
        "serve",
        "Serve the project and its analyses: OGC API Features for QGIS, the web map for the "
        "council, what-if evaluation",
        add_options, run);
}

} // namespace standort::services::cli
