#include "planning/monitoring/publication.hpp"

#include "planning/monitoring/spread.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

namespace standort::planning {

namespace {

bool is_count(const indicator_report& r, const std::string& id) {
    const auto* d = find_definition(r, id);
    return d && d->unit == indicator_unit::count;
}

using cell = std::tuple<std::string, std::size_t, int>; // indicator, area, year

// A total and its parts: "total = sum of parts" holds between them, so with all but one of
// them published the last is given back.
struct equation {
    std::vector<cell> cells; // the parts, then the total
    std::string where;       // German, for the reason: "in der Summe gemeinde 0001"
};

// The sums a report holds: every parent area is the sum of its parts (per indicator and
// year), and a total indicator the sum of its parts' indicators (the report's `sums`: the
// transitions of all forms, the children under 6) in every area and year. Only cells that
// have a value take part.
std::vector<equation> equations(const indicator_report& r, const std::map<cell, double>& value) {
    std::map<std::pair<std::string, std::string>, std::size_t> area_of;
    for (std::size_t a = 0; a < r.areas.size(); ++a) {
        area_of.emplace(std::make_pair(r.areas[a].level, r.areas[a].id), a);
    }
    std::map<std::size_t, std::vector<std::size_t>> parts; // parent area -> its parts
    for (std::size_t a = 0; a < r.areas.size(); ++a) {
        const auto& x = r.areas[a];
        if (const auto it = area_of.find({x.parent_level, x.parent_id}); it != area_of.end()) {
            parts[it->second].push_back(a);
        }
    }
    std::set<std::pair<std::string, int>> groups; // indicator, year
    std::set<std::pair<std::size_t, int>> area_years;
    for (const auto& [c, v] : value) {
        groups.insert({std::get<0>(c), std::get<2>(c)});
        area_years.insert({std::get<1>(c), std::get<2>(c)});
    }
    std::vector<equation> out;
    const auto add = [&](std::vector<cell> cells, const cell& total, std::string where) {
        if (!cells.empty() && value.contains(total)) {
            cells.push_back(total);
            out.push_back({std::move(cells), std::move(where)});
        }
    };
    for (const auto& [indicator, year] : groups) {
        for (const auto& [parent, members] : parts) {
            std::vector<cell> cells;
            for (auto m : members) {
                if (value.contains({indicator, m, year})) {
                    cells.push_back({indicator, m, year});
                }
            }
            add(std::move(cells), {indicator, parent, year},
                fmt::format("in der Summe {} {}", r.areas[parent].level, r.areas[parent].name));
        }
    }
    for (const auto& sum : r.sums) {
        for (const auto& [area, year] : area_years) {
            std::vector<cell> cells;
            for (const auto& part : sum.parts) {
                if (value.contains({part, area, year})) {
                    cells.push_back({part, area, year});
                }
            }
            add(std::move(cells), {sum.total, area, year},
                fmt::format("in der Summe {} von {} {}", sum.total, r.areas[area].level,
                            r.areas[area].name));
        }
    }
    return out;
}

// Secondary suppression: a total and its published parts must never give back a suppressed
// part. Where one figure of an equation is hidden, the smallest further part is hidden too;
// repeated until no equation is left with exactly one hidden figure, all at once.
void protect_totals(const indicator_report& r, const std::map<cell, double>& value,
                    std::map<cell, std::string>& hidden) {
    const auto all = equations(r, value);
    for (bool changed = true; changed;) {
        changed = false;
        for (const auto& e : all) {
            const auto& cells = e.cells;
            std::size_t hidden_count = 0;
            for (const auto& c : cells) {
                hidden_count += hidden.contains(c) ? 1 : 0;
            }
            if (hidden_count != 1) {
                continue;
            }
            // Hide the smallest published part (never the total first: the total is the
            // figure planners need most); a total with a single part hides nothing more.
            // A part of 0 protects nothing (no count is below it), so the smallest above 0
            // is taken where there is one.
            const cell* smallest = nullptr;
            const auto better = [&](const cell& a, const cell& b) {
                const double x = value.at(a), y = value.at(b);
                return (x > 0) != (y > 0) ? x > 0 : x < y;
            };
            for (std::size_t i = 0; i + 1 < cells.size(); ++i) {
                if (!hidden.contains(cells[i]) && (!smallest || better(cells[i], *smallest))) {
                    smallest = &cells[i];
                }
            }
            const cell& chosen = smallest ? *smallest : cells.back();
            const auto shown = [&] {
                for (const auto& c : cells) {
                    if (hidden.contains(c)) {
                        return c;
                    }
                }
                return cells.back();
            }();
            hidden[chosen] = fmt::format("sekundär: schützt {} {} {}", std::get<0>(shown),
                                         r.areas[std::get<1>(shown)].id, e.where);
            changed = true;
        }
    }
}

// A count derived from a hidden one (the Ganztag need from the entitled pupils) is hidden
// too: the factor between them is published. True when any cell was newly hidden.
bool hide_derived(const indicator_report& r, const std::map<cell, double>& value,
                  std::map<cell, std::string>& hidden) {
    bool any = false;
    for (const auto& [c, v] : value) {
        const auto* def = find_definition(r, std::get<0>(c));
        if (!def || def->derived_from.empty() || hidden.contains(c)) {
            continue;
        }
        if (hidden.contains({def->derived_from, std::get<1>(c), std::get<2>(c)})) {
            hidden[c] = fmt::format("abgeleitet: {} ist geheim", def->derived_from);
            any = true;
        }
    }
    return any;
}

} // namespace

published_report publish(const indicator_report& report, const publication_rules& rules) {
    published_report out;
    out.report = report;
    auto& rows = out.report.rows;

    // Counts: whole children, and the primary suppression.
    std::map<cell, double> value;
    std::map<cell, std::string> hidden;
    for (auto& row : rows) {
        if (!is_count(report, row.indicator) || !row.value) {
            continue;
        }
        row.value = std::round(*row.value);
        row.numerator = row.value;
        const cell c{row.indicator, row.area, row.year};
        value[c] = *row.value;
        if (*row.value > 0 && *row.value < rules.min_count) {
            hidden[c] = fmt::format("primär: {:.0f} < {:.0f}", *row.value, rules.min_count);
        }
    }
    do {
        protect_totals(report, value, hidden);
    } while (hide_derived(report, value, hidden));

    // Rates: left out with a small denominator or a hidden part (the rate times the
    // denominator would give the numerator back).
    for (auto& row : rows) {
        const auto* def = find_definition(report, row.indicator);
        if (!def || def->unit == indicator_unit::count) {
            continue;
        }
        const cell num{def->numerator, row.area, row.year};
        const cell den{def->denominator, row.area, row.year};
        std::string reason;
        if (row.denominator && *row.denominator < rules.min_denominator) {
            reason = fmt::format("Nenner {:.0f} < {:.0f}", *row.denominator, rules.min_denominator);
        } else if (hidden.contains(num) || hidden.contains(den)) {
            reason = "Zähler oder Nenner geheim";
        }
        row.numerator = row.numerator ? std::optional(std::round(*row.numerator)) : std::nullopt;
        row.denominator =
            row.denominator ? std::optional(std::round(*row.denominator)) : std::nullopt;
        if (!reason.empty() && row.value) {
            out.suppressed.push_back({row.area, row.year, row.indicator, *row.value, reason});
            row.value.reset();
        }
        if (hidden.contains(num) || !reason.empty()) {
            row.numerator.reset();
        }
        if (hidden.contains(den) || !reason.empty()) {
            row.denominator.reset();
        }
    }
    for (auto& row : rows) {
        const cell c{row.indicator, row.area, row.year};
        if (const auto it = hidden.find(c); it != hidden.end()) {
            out.suppressed.push_back({row.area, row.year, row.indicator, *row.value, it->second});
            row.value.reset();
            row.numerator.reset();
        }
    }
    // From the published rates only: the lowest district of an area could be a suppressed one.
    out.report.spreads = spread_between_districts(out.report, &report.spreads);
    return out;
}

} // namespace standort::planning
