#include "planning/monitoring/series_check.hpp"
#include "services/cli/command.hpp"
#include "services/cli/session.hpp"
#include "services/load/education_db.hpp"
#include "services/render/common.hpp"

#include <chrono>
#include <iostream>
#include <map>
#include <optional>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace standort::services::cli {

namespace {

enum class db_action { import, list, check, crosswalk };

struct db_args {
    db_action action = db_action::list;
    std::string project;
    std::string database;
    int year = 0; // 0: the latest population year
    planning::series_rules rules;
    db_crosswalk_request crosswalk;
};

void add_options(CLI::App& cmd, db_args& args) {
    cmd.require_subcommand(1);
    auto* import = cmd.add_subcommand(
        "import", "Add the project's validated inputs to the education database; the years "
                  "they hold replace what the database has for them (one transaction)");
    import->add_option("project", args.project, "The project file (YAML)")->required();
    import->add_option("--db", args.database,
                       "The database: a GeoPackage (created when missing) or PG:... (default: "
                       "the project file's `database:`)");
    import->add_option("--year", args.year,
                       "The year the districts and facilities describe (default: the latest "
                       "population year)");
    import->callback([&args] { args.action = db_action::import;
});
for (auto [name, action, help] :
     {std::tuple{"list", db_action::list,
                 "What the database holds: tables, years, sources, "
                 "Gebietsstände and imports"},
      std::tuple{"check", db_action::check,
                 "Check the series: a year missing, a school that stops reporting, a sudden "
                 "jump"}}) {
    auto* sub = cmd.add_subcommand(name, help);
    sub->add_option("database", args.database, "A GeoPackage or PG:...");
    sub->add_option("--project", args.project, "Take the database from this project file");
    if (action == db_action::check) {
        sub->add_option("--jump", args.rules.jump_share,
                        "A change above this share from one year to the next is a jump "
                        "(default 0.25)");
        sub->add_option("--jump-minimum", args.rules.jump_minimum,
                        "...where the earlier year has at least this many (default 50)");
    }
    sub->callback([&args, action = action] { args.action = action; });
}
auto* cw = cmd.add_subcommand(
    "crosswalk", "Link two Gebietsstände, so that the series of the earlier districts carry "
                 "over to the later ones (and back): from a matches file or the polygons");
cw->add_option("database", args.database, "A GeoPackage or PG:...");
cw->add_option("--project", args.project, "Take the database from this project file");
cw->add_option("--matches", args.crosswalk.matches_file,
               "A JSON object from each key to the key or keys it matches in the other "
               "Gebietsstand, either way round (Berlin's berlin-lor-matches.json); without "
               "it, districts are linked where their polygons overlap")
    ->check(CLI::ExistingFile);
cw->add_option("--from", args.crosswalk.from_year,
               "A year of the earlier Gebietsstand (default: the one before the latest)");
cw->add_option("--to", args.crosswalk.to_year,
               "A year of the later Gebietsstand (default: the latest)");
cw->callback([&args] { args.action = db_action::crosswalk; });
} // namespace

std::string database_of(const db_args& args) {
    if (!args.database.empty()) {
        return args.database;
    }
    if (!args.project.empty()) {
        const auto file = read_project_file(args.project);
        if (!file.database.empty()) {
            return file.database;
        }
    }
    throw request_error("database", "name the database: a GeoPackage or PG:... (or "
                                    "--project with `database:` in the project file)");
}

std::string now_utc() {
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                       std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

std::string year_range(const std::vector<int>& years) {
    if (years.empty()) {
        return "-";
    }
    return years.size() == 1 ? std::to_string(years.front())
                             : fmt::format("{}-{}", years.front(), years.back());
}

int run_import(const global_options& options, const db_args& args) {
    const auto project = open_for_analysis(options, args.project);
    if (!project) {
        std::cerr << "Nothing was imported.\n";
        return exit_validation;
    }
    std::string database = args.database.empty() ? project->file.database : args.database;
    if (database.empty()) {
        throw request_error("--db", "name the database: --db FILE.gpkg or PG:..., or "
                                    "`database:` in the project file " +
                                        project->file.path.string());
    }
    const auto result = import_into_database(
        *project, database, args.year > 0 ? std::optional<int>(args.year) : std::nullopt,
        now_utc());
    nlohmann::json tables = nlohmann::json::array();
    for (const auto& t : result.tables) {
        tables.push_back({{"table", t.table},
                          {"years", t.years},
                          {"removed", t.removed},
                          {"written", t.written}});
    }
    print_result(options,
                 {{"database", result.database},
                  {"year", result.year},
                  {"imported_at", result.imported_at},
                  {"districts", result.districts},
                  {"notes", result.notes},
                  {"tables", tables}},
                 {}, [&](std::ostream& out) {
                     out << fmt::format("Bildungsdatenbank {}: Import {} ({})\n", result.database,
                                        result.year, result.imported_at);
                     out << "  " << result.districts << "\n";
                     for (const auto& note : result.notes) {
                         out << "  " << note << "\n";
                     }
                     for (const auto& t : result.tables) {
                         out << fmt::format("  {:<11} {:>9}  {:>7} Zeilen ersetzt, {:>7} "
                                            "geschrieben\n",
                                            t.table, year_range(t.years), t.removed, t.written);
                     }
                 });
    return exit_ok;
}

int run_list(const global_options& options, const db_args& args) {
    const auto inv = list_database(database_of(args));
    nlohmann::json tables = nlohmann::json::array();
    for (const auto& t : inv.tables) {
        nlohmann::json per_year = nlohmann::json::object();
        for (const auto& [y, n] : t.rows_per_year) {
            per_year[std::to_string(y)] = n;
        }
        tables.push_back({{"table", t.table},
                          {"rows", t.rows},
                          {"rows_per_year", per_year},
                          {"sources", t.sources}});
    }
    nlohmann::json versions = nlohmann::json::array();
    for (const auto& v : inv.district_versions) {
        versions.push_back({{"valid_from", v.valid_from},
                            {"valid_to", v.valid_to ? nlohmann::json(*v.valid_to) : nullptr},
                            {"districts", v.districts}});
    }
    nlohmann::json imports = nlohmann::json::array();
    for (const auto& i : inv.imports) {
        imports.push_back({{"year", i.year},
                           {"project", i.project},
                           {"imported_at", i.imported_at},
                           {"rows", i.rows}});
    }
    print_result(options,
                 {{"database", inv.database},
                  {"crs", inv.crs},
                  {"tables", tables},
                  {"district_versions", versions},
                  {"imports", imports}},
                 {}, [&](std::ostream& out) {
                     out << fmt::format("Bildungsdatenbank {} ({})\n", inv.database, inv.crs);
                     out << "Gebietsstände:\n";
                     for (const auto& v : inv.district_versions) {
                         out << fmt::format("  ab {} bis {}: {} Gebiete\n", v.valid_from,
                                            v.valid_to ? std::to_string(*v.valid_to) : "heute",
                                            v.districts);
                     }
                     out << "Tabellen:\n";
                     for (const auto& t : inv.tables) {
                         std::vector<int> years;
                         for (const auto& [y, n] : t.rows_per_year) {
                             years.push_back(y);
                         }
                         out << fmt::format("  {:<11} {:>8} Zeilen, Jahre {} ({} Jahre), {} "
                                            "Quelle(n)\n",
                                            t.table, t.rows, year_range(years), years.size(),
                                            t.sources.size());
                     }
                     out << "Importe:\n";
                     for (const auto& i : inv.imports) {
                         out << fmt::format("  {} am {}: {} ({} Zeilen)\n", i.year, i.imported_at,
                                            i.project, i.rows);
                     }
                 });
    return exit_ok;
}

int run_check(const global_options& options, const db_args& args) {
    const auto database = database_of(args);
    const auto db = read_database(database, std::nullopt);
    const auto found = planning::check_series(db.model, args.rules);
    nlohmann::json list = nlohmann::json::array();
    for (const auto& f : found) {
        list.push_back({{"code", f.code},
                        {"table", f.table},
                        {"key", f.key},
                        {"year", f.year},
                        {"message", f.message}});
    }
    print_result(options,
                 {{"database", geo::redacted_source(database)},
                  {"findings", list},
                  {"notes", to_json(db.found)}},
                 {}, [&](std::ostream& out) {
                     out << fmt::format("Prüfung der Bildungsdatenbank {}: {} Befund(e)\n",
                                        geo::redacted_source(database), found.size());
                     for (const auto& f : found) {
                         out << fmt::format("  [{}] {}\n", f.code, f.message);
                     }
                     print_findings(out, db.found);
                 });
    return exit_ok;
}

// The first keys of a list, for a terminal line ("01011101, 01011102 ... (12)").
std::string first_keys(const std::vector<std::string>& keys) {
    std::string out;
    for (std::size_t i = 0; i < keys.size() && i < 8; ++i) {
        out += (i == 0 ? "" : ", ") + keys[i];
    }
    return keys.size() > 8 ? fmt::format("{} ... ({})", out, keys.size()) : out;
}

int run_crosswalk(const global_options& options, const db_args& args) {
    const auto r = store_crosswalk(database_of(args), args.crosswalk, now_utc());
    std::map<std::string, std::size_t> per_from;
    std::map<std::string, std::size_t> per_to;
    for (const auto& l : r.links) {
        ++per_from[l.from];
        ++per_to[l.to];
    }
    std::size_t split = 0;
    std::size_t merged = 0;
    for (const auto& [key, n] : per_from) {
        split += n > 1 ? 1 : 0;
    }
    for (const auto& [key, n] : per_to) {
        merged += n > 1 ? 1 : 0;
    }
    print_result(options,
                 {{"database", r.database},
                  {"from", r.from_valid_from},
                  {"to", r.to_valid_from},
                  {"method", r.method},
                  {"links", r.links.size()},
                  {"split", split},
                  {"merged_into", merged},
                  {"ignored", r.ignored},
                  {"replaced", r.replaced},
                  {"unlinked_from", r.unlinked_from},
                  {"unreached_to", r.unreached_to}},
                 {}, [&](std::ostream& out) {
                     out << fmt::format("Bildungsdatenbank {}: Zuordnung der Gebietsstände ab {} "
                                        "und ab {} ({})\n",
                                        r.database, r.from_valid_from, r.to_valid_from,
                                        r.method == "matches" ? "aus der Zuordnungsdatei"
                                                              : "aus den Flächen");
                     out << fmt::format("  {} Verknüpfungen ({} vorherige ersetzt): {} Gebiete "
                                        "geteilt, {} aus mehreren zusammengelegt\n",
                                        r.links.size(), r.replaced, split, merged);
                     if (r.ignored > 0) {
                         out << fmt::format("  {} Einträge der Datei nennen kein Gebiet der beiden "
                                            "Gebietsstände (andere Ebenen) und sind übergangen\n",
                                            r.ignored);
                     }
                     if (!r.unlinked_from.empty()) {
                         out << fmt::format(
                             "  ohne Zuordnung, ab {} über ihr übergeordnetes Gebiet "
                             "verteilt: {}\n",
                             r.to_valid_from, first_keys(r.unlinked_from));
                     }
                     if (!r.unreached_to.empty()) {
                         out << fmt::format("  neue Gebiete ohne Zuordnung: {}\n",
                                            first_keys(r.unreached_to));
                     }
                 });
    return exit_ok;
}

int run(const global_options& options, const db_args& args) {
    switch (args.action) {
    case db_action::crosswalk:
        return run_crosswalk(options, args);
    case db_action::import:
        return run_import(options, args);
    case db_action::check:
        return run_check(options, args);
    case db_action::list:
        break;
    }
    return run_list(options, args);
}

} // namespace standort::services::cli

command db_command() {
    return make_command<db_args>(
        "db",
        "The education database (Bildungsdatenbank): import a year's inputs, list what it "
        "holds, check its series, link Gebietsstände",
        add_options, run);
}

} // namespace standort::services::cli
