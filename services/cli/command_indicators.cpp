#include "services/cli/command.hpp"
#include "services/cli/options.hpp"
#include "services/cli/session.hpp"
#include "services/render/indicators.hpp"
#include "services/render/report.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <thread>

extern char** environ;

namespace standort::services::cli {

namespace fs = std::filesystem;

namespace {

struct indicators_args {
    project_args io;
    extra_outputs extras;
    bool publish = false;
    // NaN: the project's (monitoring.min_count, .min_denominator), else 3 and 10.
    double min_count = std::numeric_limits<double>::quiet_NaN();
    double min_denominator = std::numeric_limits<double>::quiet_NaN();
    std::string office_out;
    std::string database;
    CLI::Option* database_option = nullptr;
};

void add_options(CLI::App& cmd, indicators_args& args) {
    add_project_options(cmd, args.io);
    add_extra_output_options(cmd, args.extras, false);
    cmd.add_flag("--publish", args.publish,
                 "Apply the statistical offices' confidentiality rules to every output; what was "
                 "suppressed goes to a list for the office (--office-out), never to --out");
    cmd.add_option("--min-count", args.min_count,
                   "Counts from 1 to below this are suppressed (default: the project's, else 3)");
    cmd.add_option("--min-denominator", args.min_denominator,
                   "Rates over fewer persons are left out (default: the project's, else 10)");
    cmd.add_option("--office-out", args.office_out,
                   "Folder for the office's list of suppressed values (default: <out>-intern "
                   "beside --out)");
    args.database_option =
        cmd.add_option("--db", args.database,
                       "Every year of the education database instead of the project's files "
                       "(without a value: the project file's `database:`)")
            ->expected(0, 1);
}

// The database --db names, the project's when it names none; empty without --db.
std::string database_of(const indicators_args& args) {
    if (args.database_option == nullptr || args.database_option->count() == 0) {
        return {};
    }
    if (!args.database.empty()) {
        return args.database;
    }
    const auto file = read_project_file(args.io.project);
    if (file.database.empty()) {
        throw request_error("--db", "the project file names no `database:`; give --db FILE.gpkg");
    }
    return file.database;
}

// The target of a Kita group, for the classes of the maps.
double target_of(const planning::planner& planner, const std::string& group) {
    for (const auto& g : planner.supply_groups()) {
        if (g.name == group) {
            return g.target_per_100;
        }
    }
    return 0;
}

// "3. Dezember 2026": the day the report was computed, as a German report writes it.
std::string german_today() {
    static constexpr std::array<const char*, 12> months{
        "Januar", "Februar", "März",      "April",   "Mai",      "Juni",
        "Juli",   "August",  "September", "Oktober", "November", "Dezember"};
    const auto today = std::chrono::year_month_day{
        std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    return fmt::format("{}. {} {}", static_cast<unsigned>(today.day()),
                       months[static_cast<unsigned>(today.month()) - 1],
                       static_cast<int>(today.year()));
}

// The Bildungsbericht beside the indicator files (standort report).
void add_report(output_files& files, const planning::indicator_report& report,
                const std::string& project, const planning::publication_rules* rules,
                std::size_t suppressed) {
    files.text("bildungsbericht.html",
               bildungsbericht_html(
                   report, {project, german_today(), STANDORT_VERSION, rules, suppressed}));
}

// "file:///tmp/a%20b/bericht.html": a path as a URL, every byte but the unreserved ones and
// '/' percent-encoded (a folder named "#1" must not become a fragment).
std::string file_url(const fs::path& path) {
    std::string url = "file://";
    for (unsigned char c : fs::absolute(path).lexically_normal().string()) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
            url += static_cast<char>(c);
        } else {
            url += fmt::format("%{:02X}", c);
        }
    }
    return url;
}

// Waits up to `seconds` for the child; false when it is still running.
bool wait_for(pid_t pid, int seconds, int& status) {
    for (int tenth = 0; tenth < seconds * 10; ++tenth) {
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR)) {
            return r == pid;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

// Chromium prints the report to PDF as a browser shows it (Debian's `chromium`, headless, no
// network: the HTML needs nothing from outside). Run without a shell in a process group of
// its own (its renderers go with it on a timeout), given at most two minutes; the PDF appears
// under its name only when complete. An older PDF is removed first: beside a new (perhaps
// published) HTML it would show other, perhaps unprotected, figures.
fs::path print_pdf(const fs::path& html) {
    const std::string chromium = "/usr/bin/chromium";
    const auto pdf = fs::path(html).replace_extension(".pdf");
    std::error_code ec;
    fs::remove(pdf, ec);
    if (!fs::exists(chromium)) {
        throw output_error(fmt::format("{} written, but no PDF: {} is missing (apt install "
                                       "chromium, or scripts/setup)",
                                       html.string(), chromium));
    }
    const auto tag = std::to_string(::getpid());
    const auto partial = fs::path(pdf).concat(".partial-" + tag);
    const auto profile = html.parent_path() / (".chromium-" + tag);
    std::vector<std::string> args{chromium,
                                  "--headless",
                                  "--no-sandbox",
                                  "--disable-gpu",
                                  "--no-pdf-header-footer",
                                  "--user-data-dir=" + profile.string(),
                                  "--print-to-pdf=" + partial.string(),
                                  file_url(html)};
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    pid_t pid = 0;
    const int spawned =
        posix_spawn(&pid, chromium.c_str(), &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (spawned != 0) {
        throw output_error(fmt::format("cannot start {}: {}", chromium, std::strerror(spawned)));
    }
    int status = 0;
    const bool done = wait_for(pid, 120, status);
    if (!done) {
        ::kill(-pid, SIGKILL);
        ::waitpid(pid, &status, 0);
    }
    fs::remove_all(profile, ec);
    const bool ok = done && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
                    fs::exists(partial, ec) && fs::file_size(partial, ec) > 0;
    if (ok) {
        fs::rename(partial, pdf, ec);
    }
    if (!ok || ec) {
        fs::remove(partial, ec);
        throw output_error(fmt::format("{} written, but chromium did not print it to PDF{}",
                                       html.string(), done ? "" : " within two minutes"));
    }
    return pdf;
}

int run_monitoring(const global_options& options, const indicators_args& args, bool report_too) {
    // The housing areas: the Ganztag claim's years come from the forecast, which needs them;
    // the streets: the access indicators measure the ways as `standort coverage` does.
    check_extra_outputs(args.extras); // before anything is computed
    const auto project =
        open_for_analysis(options, args.io.project,
                          {.streets = true, .housing = true, .database = database_of(args)});
    if (!project) {
        return exit_validation;
    }
    const auto& planner = *project->planner;
    const double u3 = target_of(planner, "kita_u3");
    const double ue3 = target_of(planner, "kita_ue3");
    const auto& project_name = project->file.spec.name;
    if (!args.publish) {
        const auto report = planner.indicators();
        auto files = indicator_files(project->model(), report, nullptr, u3, ue3);
        if (report_too) {
            add_report(files, report, project_name, nullptr, 0);
        }
        auto written = write_outputs(options, std::move(files), args.io.out, *project, "indicators",
                                     args.extras);
        if (report_too) {
            written.push_back(print_pdf(fs::path(args.io.out) / "bildungsbericht.html"));
        }
        print_result(options, indicators_json(report), written, [&](std::ostream& out) {
            print_indicators(out, project->file.spec.name, report, nullptr);
        });
        return exit_ok;
    }
    auto rules = planner.settings().monitoring.publication;
    rules.min_count = std::isnan(args.min_count) ? rules.min_count : args.min_count;
    rules.min_denominator =
        std::isnan(args.min_denominator) ? rules.min_denominator : args.min_denominator;
    const auto published = planner.published_indicators(rules);
    auto office = args.office_out;
    if (office.empty()) {
        const auto out = std::filesystem::absolute(args.io.out).lexically_normal();
        const auto name = out.has_filename() ? out.filename() : out.parent_path().filename();
        const auto parent =
            out.has_filename() ? out.parent_path() : out.parent_path().parent_path();
        office = (parent / (name.string() + "-intern")).string();
    }
    auto files = indicator_files(project->model(), published.report, &rules, u3, ue3);
    if (report_too) {
        add_report(files, published.report, project_name, &rules, published.suppressed.size());
    }
    auto written =
        write_outputs(options, std::move(files), args.io.out, *project, "indicators", args.extras);
    // The office's list first: the report says it has it, whatever becomes of the PDF.
    const auto side = write_outputs(options, suppressed_files(published), office, project->file);
    if (report_too) {
        written.push_back(print_pdf(fs::path(args.io.out) / "bildungsbericht.html"));
    }
    written.insert(written.end(), side.begin(), side.end());
    auto summary = indicators_json(published.report);
    summary["suppressed"] = published.suppressed.size();
    print_result(options, summary, written, [&](std::ostream& out) {
        print_indicators(out, project->file.spec.name, published.report, &published);
    });
    return exit_ok;
}

int run_indicators(const global_options& options, const indicators_args& args) {
    return run_monitoring(options, args, false);
}

int run_report(const global_options& options, const indicators_args& args) {
    return run_monitoring(options, args, true);
}

} // namespace

command indicators_command() {
    return make_command<indicators_args>(
        "indicators",
        "Bildungsmonitoring: Betreuungs- and Versorgungsquote, pupils and Auslastung per district, "
        "level and year; --publish applies the confidentiality rules",
        add_options, run_indicators);
}

command report_command() {
    return make_command<indicators_args>(
        "report",
        "The Bildungsbericht: the indicators as a German report (bildungsbericht.html: charts, "
        "tables, spread, definitions, notes) beside the indicator files; --publish for the public",
        add_options, run_report);
}

} // namespace standort::services::cli
