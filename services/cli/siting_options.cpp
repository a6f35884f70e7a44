#include "services/cli/siting_options.hpp"

#include "geo/error.hpp"

#include <fmt/format.h>

#include <charconv>
#include <sstream>

namespace standort::services::cli {

namespace {

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

} // namespace

planning::siting_request siting_request_of(const siting_args& a) {
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

} // namespace standort::services::cli
