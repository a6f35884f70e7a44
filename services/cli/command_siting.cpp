#include "services/cli/command.hpp"
#include "services/cli/options.hpp"
#include "services/cli/session.hpp"
#include "services/render/siting.hpp"

#include <fmt/format.h>

#include <charconv>
#include <sstream>

namespace standort::services::cli {

namespace {

struct siting_args {
    project_args io;
    std::string kind = "grundschule";
    std::vector<std::string> open, close, extend, option;
    std::string objective;
    std::string p = "1";
    bool may_close = false;
    std::string threshold, capacity_limit;
    std::optional<int> year;
    std::string variant = "middle";
    bool robust = false;
    double gap = 0.005;
    double time_limit = 60;
    travel_args travel;
};

void add_options(CLI::App& cmd, siting_args& a) {
    add_project_options(cmd, a.io);
    cmd.add_option("--kind", a.kind, "kita or grundschule")->capture_default_str();
    cmd.add_option(
        "--open", a.open,
        "An option: candidates to build, e.g. ST00001,ST00003 (repeat for more options)");
    cmd.add_option("--close", a.close, "An option: facilities to give up");
    cmd.add_option("--extend", a.extend, "An option: capacity added, GS00001:+1zug or K0001:+25");
    cmd.add_option(
        "--option", a.option,
        "An option of several changes: \"open=ST00001;close=GS00004;extend=GS00001:+1zug\"");
    cmd.add_option("--objective", a.objective,
                   "Choose sites: p-median, mclp, lscp, p-center, capacitated-p-median or "
                   "capacitated-coverage");
    cmd.add_option("--p", a.p, "Sites to choose, or a range 0..3 for the trade-off curve")
        ->capture_default_str();
    cmd.add_flag("--may-close", a.may_close, "Existing facilities may close (p then counts them)");
    cmd.add_option("--threshold", a.threshold,
                   "The way limit of coverage (default: the kind's farthest threshold)");
    cmd.add_option("--capacity-limit", a.capacity_limit,
                   "How far a child may be sent to a seat (default: twice the threshold)");
    cmd.add_option("--year", a.year,
                   "Demand of a future year, from the forecast (default: today's)");
    cmd.add_option("--variant", a.variant, "low, middle or high")->capture_default_str();
    cmd.add_flag("--robust", a.robust, "Least maximum regret over the forecast's three variants");
    cmd.add_option("--gap", a.gap, "Stop when proven within this fraction of the optimum")
        ->capture_default_str();
    cmd.add_option("--time-limit", a.time_limit, "Seconds for the optimisation")
        ->capture_default_str();
    add_travel_options(cmd, a.travel);
}

std::vector<std::string> list_of(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, ',')) {
        if (!part.empty()) {
            out.push_back(part);
        }
    }
    return out;
}

// "GS00001:+1zug" (Züge) or "K0001:+25" (places or seats).
planning::siting_option::extension parse_extension(const std::string& text) {
    const auto colon = text.find(':');
    const auto bad = [&] {
        return request_error(
            "--extend", fmt::format("--extend '{}' is ID:+N (places or seats) or ID:+Nzug", text));
    };
    if (colon == std::string::npos || colon + 1 >= text.size()) {
        throw bad();
    }
    std::string amount = text.substr(colon + 1);
    const bool zug = amount.ends_with("zug") || amount.ends_with("zuege");
    amount = amount.substr(0, amount.find_first_not_of("+0123456789.", amount[0] == '+' ? 1 : 0));
    double v = 0;
    const char* first = amount.data() + (amount[0] == '+' ? 1 : 0);
    const auto [end, ec] = std::from_chars(first, amount.data() + amount.size(), v);
    if (ec != std::errc{} || !(v > 0)) {
        throw bad();
    }
    planning::siting_option::extension e;
    e.facility = text.substr(0, colon);
    (zug ? e.zuege : e.capacity) = v;
    return e;
}

std::vector<planning::siting_option> options_of(const siting_args& a) {
    std::vector<planning::siting_option> out;
    for (const auto& o : a.open) {
        out.push_back({"open " + o, list_of(o), {}, {}});
    }
    for (const auto& c : a.close) {
        out.push_back({"close " + c, {}, list_of(c), {}});
    }
    for (const auto& e : a.extend) {
        planning::siting_option option{"extend " + e, {}, {}, {}};
        for (const auto& part : list_of(e)) {
            option.extend.push_back(parse_extension(part));
        }
        out.push_back(option);
    }
    for (const auto& text : a.option) {
        planning::siting_option option{text, {}, {}, {}};
        std::stringstream in(text);
        std::string part;
        while (std::getline(in, part, ';')) {
            const auto eq = part.find('=');
            const auto key = part.substr(0, eq);
            const auto value = eq == std::string::npos ? std::string() : part.substr(eq + 1);
            if (key == "open") {
                option.open = list_of(value);
            } else if (key == "close") {
                option.close = list_of(value);
            } else if (key == "extend") {
                for (const auto& x : list_of(value)) {
                    option.extend.push_back(parse_extension(x));
                }
            } else {
                throw request_error(
                    "--option", fmt::format("--option '{}': use open=, close= and extend=", text));
            }
        }
        out.push_back(option);
    }
    return out;
}

planning::siting_request request_of(const siting_args& a) {
    planning::siting_request r;
    r.kind = a.kind;
    r.options = options_of(a);
    if (!a.objective.empty()) {
        r.objective = planning::parse_siting_objective(a.objective);
        if (!r.objective) {
            throw request_error(
                "--objective", fmt::format("unknown objective '{}'; use p-median, mclp, lscp, "
                                           "p-center, capacitated-p-median or capacitated-coverage",
                                           a.objective));
        }
    }
    const auto dots = a.p.find("..");
    const auto number = [&](const std::string& text) {
        std::size_t v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc{} || end != text.data() + text.size()) {
            throw request_error(
                "--p", fmt::format("--p '{}' is a number of sites or a range such as 0..3", a.p));
        }
        return v;
    };
    r.p_from = number(dots == std::string::npos ? a.p : a.p.substr(0, dots));
    r.p_to = dots == std::string::npos ? r.p_from : number(a.p.substr(dots + 2));
    r.may_close = a.may_close;
    if (!a.threshold.empty()) {
        r.threshold = parse_cost_option(a.threshold, "--threshold");
    }
    if (!a.capacity_limit.empty()) {
        r.capacity_limit = parse_cost_option(a.capacity_limit, "--capacity-limit");
    }
    r.year = a.year;
    r.variant = a.variant;
    r.robust = a.robust;
    r.gap = a.gap;
    r.time_limit_s = a.time_limit;
    r.travel = travel_request(a.travel);
    return r;
}

int run(const global_options& options, const siting_args& args) {
    const auto request = request_of(args);
    const auto project =
        open_for_analysis(options, args.io.project, {.streets = true, .housing = true});
    if (!project) {
        return exit_validation;
    }
    const auto report = project->planner->siting(request, terminal_progress(options));
    const auto& model = project->model();
    const auto written = write_outputs(options, siting_files(model, report), args.io.out);
    print_result(options, siting_json(model, report), written,
                 [&](std::ostream& out) { print_siting(out, model, report); });
    return exit_ok;
}

} // namespace

command siting_command() {
    return make_command<siting_args>(
        "siting",
        "Site choice: options compared, or the best p new sites chosen with a proven bound",
        add_options, run);
}

} // namespace standort::services::cli
