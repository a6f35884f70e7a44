#include "planning/monitoring/series_check.hpp"

#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

namespace standort::planning {

namespace {

// One table's series: per key (and the source table it came from, so a year from another
// table with other ages is never compared), the total of each year it holds.
struct series_table {
    std::string table;
    bool school_years = false;
    std::string what; // German: "Einwohner", "Schüler"
    std::map<std::pair<std::uint16_t, std::string>, std::map<int, double>> series;
    std::set<int> years; // every year the table holds, any key
};

std::string year_text(const series_table& t, int year) {
    return t.school_years ? school_year_label(year) : std::to_string(year);
}

std::string number_text(double v) {
    return fmt::format("{:.0f}", v);
}

void add_population(const planning_model& model, series_table& t) {
    for (const auto& r : model.population) {
        t.series[{r.source, r.district.value}][r.year] += r.persons;
        t.years.insert(r.year);
    }
}

// Pupils per school and year: its "all" rows where it has them, else the sum of its grades.
void add_enrolment(const planning_model& model, series_table& t) {
    std::map<std::tuple<std::uint16_t, std::string, int>, std::pair<double, double>> sums;
    for (const auto& r : model.enrolment) {
        auto& [all, grades] = sums[{r.source, r.facility.value, r.school_year}];
        (r.grade == "all" ? all : grades) += r.pupils;
    }
    for (const auto& [key, s] : sums) {
        const auto& [source, facility, year] = key;
        t.series[{source, facility}][year] = s.first > 0 ? s.first : s.second;
        t.years.insert(year);
    }
}

void add_care(const planning_model& model, series_table& t) {
    for (const auto& r : model.care) {
        t.series[{r.source, r.district.value}][r.year] += r.children;
        t.years.insert(r.year);
    }
}

void add_ganztag(const planning_model& model, series_table& t) {
    for (const auto& r : model.ganztag) {
        t.series[{r.source, r.facility.value}][r.school_year] += r.participants;
        t.years.insert(r.school_year);
    }
}

void add_transitions(const planning_model& model, series_table& t) {
    for (const auto& r : model.transitions) {
        t.series[{r.source, r.facility.value}][r.school_year] += r.pupils.value_or(0);
        t.years.insert(r.school_year);
    }
}

void check_table_gaps(const series_table& t, std::vector<series_finding>& out) {
    if (t.years.empty()) {
        return;
    }
    for (int y = *t.years.begin() + 1; y < *t.years.rbegin(); ++y) {
        if (!t.years.contains(y)) {
            out.push_back(
                {"series-gap", t.table, "", y,
                 fmt::format("{}: das Jahr {} fehlt (Bestand {} bis {})", t.table, year_text(t, y),
                             year_text(t, *t.years.begin()), year_text(t, *t.years.rbegin()))});
        }
    }
}

void check_key(const series_table& t, const std::string& key, const std::map<int, double>& s,
               const series_rules& rules, std::vector<series_finding>& out) {
    const int first = s.begin()->first;
    const int last = s.rbegin()->first;
    for (int y : t.years) {
        if (y > first && y < last && !s.contains(y)) {
            out.push_back({"series-gap", t.table, key, y,
                           fmt::format("{}: {} fehlt für {}, das es davor und danach gibt", key,
                                       year_text(t, y), t.table)});
        }
    }
    const int table_last = *t.years.rbegin();
    if (last < table_last) {
        const bool school = t.table == "enrolment";
        out.push_back(
            {school ? "school-vanished" : "series-ends", t.table, key, last + 1,
             fmt::format("{}: ab {} keine {} mehr (zuletzt {}: {}){}", key, year_text(t, last + 1),
                         t.what, year_text(t, last), number_text(s.rbegin()->second),
                         school ? "; geschlossen oder unter anderem Schlüssel?" : "")});
    }
    for (auto it = s.begin(), next = std::next(s.begin()); next != s.end(); ++it, ++next) {
        const double before = it->second;
        const double after = next->second;
        if (next->first != it->first + 1 || before < rules.jump_minimum) {
            continue;
        }
        const double change = (after - before) / before;
        if (std::abs(change) > rules.jump_share) {
            out.push_back(
                {"sudden-jump", t.table, key, next->first,
                 fmt::format("{}: {} {} {} → {} {} ({:+.0f} %): Gebietsänderung "
                             "oder Fehler in der Quelle?",
                             key, t.what, year_text(t, it->first), number_text(before),
                             year_text(t, next->first), number_text(after), 100 * change)});
        }
    }
}

} // namespace

std::vector<series_finding> check_series(const planning_model& model, const series_rules& rules) {
    std::vector<series_table> tables{{"population", false, "Einwohner", {}, {}},
                                     {"enrolment", true, "Schülerzahlen", {}, {}},
                                     {"kita_care", false, "betreuten Kinder", {}, {}},
                                     {"ganztag", true, "Ganztagsteilnehmer", {}, {}},
                                     {"transitions", true, "Übergänge", {}, {}}};
    add_population(model, tables[0]);
    add_enrolment(model, tables[1]);
    add_care(model, tables[2]);
    add_ganztag(model, tables[3]);
    add_transitions(model, tables[4]);
    std::vector<series_finding> out;
    for (const auto& t : tables) {
        check_table_gaps(t, out);
        for (const auto& [key, s] : t.series) {
            check_key(t, key.second, s, rules, out);
        }
    }
    return out;
}

} // namespace standort::planning
