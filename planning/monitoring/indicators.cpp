#include "planning/monitoring/indicators.hpp"

#include "planning/model/population_index.hpp"

#include <fmt/format.h>

#include <map>
#include <set>
#include <unordered_map>

namespace standort::planning {

namespace {

constexpr age_band under_three{0, 3};
constexpr age_band three_to_six{3, 6};

std::vector<indicator_definition> definitions() {
    using u = indicator_unit;
    return {
        {"kinder_u3", "Kinder unter 3 Jahren", u::count,
         "Einwohnerinnen und Einwohner im Alter von 0 bis unter 3 Jahren am Stichtag",
         "Einwohnermelderegister (population)", "", ""},
        {"kinder_ue3", "Kinder von 3 bis unter 6 Jahren", u::count,
         "Einwohnerinnen und Einwohner im Alter von 3 bis unter 6 Jahren am Stichtag",
         "Einwohnermelderegister (population)", "", ""},
        {"betreute_u3", "Kinder unter 3 Jahren in Kindertagesbetreuung", u::count,
         "betreute Kinder von 0 bis unter 3 Jahren am Stichtag, gezählt am Ort der Kita",
         "Meldungen der Kitas (kita_care)", "", ""},
        {"betreute_ue3", "Kinder von 3 bis unter 6 Jahren in Kindertagesbetreuung", u::count,
         "betreute Kinder von 3 bis unter 6 Jahren am Stichtag, gezählt am Ort der Kita",
         "Meldungen der Kitas (kita_care)", "", ""},
        {"betreuungsquote_u3", "Betreuungsquote U3", u::percent,
         "betreute Kinder unter 3 Jahren je 100 Kinder unter 3 Jahren (Definition von Destatis; "
         "Kinder am Ort der Kita gezählt, Einwohner am Wohnort)",
         "kita_care, population", "betreute_u3", "kinder_u3"},
        {"betreuungsquote_ue3", "Betreuungsquote Ü3", u::percent,
         "betreute Kinder von 3 bis unter 6 Jahren je 100 Kinder dieses Alters (Definition von "
         "Destatis; Kinder am Ort der Kita gezählt, Einwohner am Wohnort)",
         "kita_care, population", "betreute_ue3", "kinder_ue3"},
        {"plaetze_u3", "genehmigte Plätze U3", u::count,
         "genehmigte Plätze für Kinder unter 3 Jahren in den Kitas des Gebiets",
         "Kita-Verzeichnis (facilities, Stand des Verzeichnisses)", "", ""},
        {"plaetze_ue3", "genehmigte Plätze Ü3", u::count,
         "genehmigte Plätze für Kinder von 3 Jahren bis zur Einschulung in den Kitas des Gebiets",
         "Kita-Verzeichnis (facilities, Stand des Verzeichnisses)", "", ""},
        {"versorgungsquote_u3", "Versorgungsquote U3", u::percent,
         "genehmigte Plätze U3 je 100 Kinder unter 3 Jahren", "facilities, population",
         "plaetze_u3", "kinder_u3"},
        {"versorgungsquote_ue3", "Versorgungsquote Ü3", u::percent,
         "genehmigte Plätze Ü3 je 100 Kinder von 3 bis unter 6 Jahren", "facilities, population",
         "plaetze_ue3", "kinder_ue3"},
        {"schueler_grundschule", "Schülerinnen und Schüler an Grundschulen", u::count,
         "Schülerinnen und Schüler aller Jahrgangsstufen im Schuljahr (Jahr: sein Beginn), am "
         "Schulstandort gezählt",
         "Schulstatistik (enrolment)", "", ""},
        {"plaetze_grundschule", "Schulplätze an Grundschulen", u::count,
         "Schulplätze (Züge × Klassenfrequenz × Jahrgänge, oder die Plätze der Quelle)",
         "Schulverzeichnis (facilities, Stand des Verzeichnisses)", "", ""},
        {"auslastung_grundschule", "Auslastung der Grundschulen", u::percent,
         "Schülerinnen und Schüler je 100 Schulplätze", "enrolment, facilities",
         "schueler_grundschule", "plaetze_grundschule"},
    };
}

// The areas: districts, each level's units, the whole municipality, and the schools.
struct hierarchy {
    std::vector<indicator_area> areas;
    std::vector<std::size_t> district_area; // per model district
    std::map<std::pair<std::string, std::string>, std::size_t> index;
    std::size_t top = 0;

    std::size_t add(indicator_area a) {
        const auto key = std::make_pair(a.level, a.id);
        if (const auto it = index.find(key); it != index.end()) {
            return it->second;
        }
        areas.push_back(std::move(a));
        index.emplace(key, areas.size() - 1);
        return areas.size() - 1;
    }
};

hierarchy make_hierarchy(const planning_model& model) {
    hierarchy h;
    for (const auto& d : model.districts) {
        const auto& finest =
            d.levels.empty() ? std::pair<std::string, std::string>{"gesamt", ""} : d.levels.back();
        h.district_area.push_back(
            h.add({"district", d.id.value, d.name, finest.first, finest.second}));
    }
    for (const auto& d : model.districts) {
        for (std::size_t l = 0; l < d.levels.size(); ++l) {
            const auto& [level, key] = d.levels[l];
            const auto parent =
                l == 0 ? std::pair<std::string, std::string>{"gesamt", ""} : d.levels[l - 1];
            h.add({level, key, key, parent.first, parent.second});
        }
    }
    h.top = h.add({"gesamt", "", model.name, "", ""});
    return h;
}

// Counts per district (or school) and year, summed up the hierarchy; a total with an unknown
// part is unknown, never a partial sum.
using cell_values = std::map<std::pair<std::size_t, int>, std::optional<double>>;

void sum_up(const hierarchy& h, cell_values& cells) {
    // An area is summed once all its parts are done (leaves: districts without schools, and
    // schools), in passes until none is left, whatever order `areas` has.
    std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> children;
    for (std::size_t a = 0; a < h.areas.size(); ++a) {
        if (!h.areas[a].parent_level.empty()) {
            children[{h.areas[a].parent_level, h.areas[a].parent_id}].push_back(a);
        }
    }
    std::set<int> years;
    for (const auto& [key, v] : cells) {
        years.insert(key.second);
    }
    std::vector<bool> done(h.areas.size(), false);
    for (std::size_t a = 0; a < h.areas.size(); ++a) {
        done[a] = !children.contains({h.areas[a].level, h.areas[a].id});
    }
    for (bool progress = true; progress;) {
        progress = false;
        for (std::size_t a = 0; a < h.areas.size(); ++a) {
            if (done[a]) {
                continue;
            }
            const auto& parts = children.at({h.areas[a].level, h.areas[a].id});
            bool ready = true;
            for (auto c : parts) {
                ready = ready && done[c];
            }
            if (!ready) {
                continue;
            }
            for (int y : years) {
                std::optional<double> total = 0.0;
                bool any = false;
                for (auto c : parts) {
                    const auto it = cells.find({c, y});
                    if (it == cells.end()) {
                        continue; // a part without the figure at all (a school of another kind)
                    }
                    any = true;
                    total =
                        total && it->second ? std::optional(*total + *it->second) : std::nullopt;
                }
                if (any) {
                    cells[{a, y}] = total;
                }
            }
            done[a] = true;
            progress = true;
        }
    }
}

class builder {
public:
    builder(const planning_model& model, const indicator_request& request)
        : m_model(model), m_request(request), m_h(make_hierarchy(model)) {
        m_out.definitions = definitions();
    }

    indicator_report build() {
        children();
        care();
        places();
        schools();
        rate("betreuungsquote_u3");
        rate("betreuungsquote_ue3");
        rate("versorgungsquote_u3");
        rate("versorgungsquote_ue3");
        rate("auslastung_grundschule");
        m_out.areas = std::move(m_h.areas);
        std::set<int> years;
        for (const auto& r : m_out.rows) {
            years.insert(r.year);
        }
        m_out.years.assign(years.begin(), years.end());
        return std::move(m_out);
    }

private:
    void emit(const std::string& indicator, cell_values cells) {
        sum_up(m_h, cells);
        for (const auto& [key, v] : cells) {
            m_out.rows.push_back({key.first, key.second, indicator, v, v, std::nullopt});
        }
        m_counts[indicator] = std::move(cells);
    }

    void children() {
        const population_index index(m_model.population);
        for (const auto& [name, band] :
             {std::pair{"kinder_u3", under_three}, std::pair{"kinder_ue3", three_to_six}}) {
            cell_values cells;
            std::size_t unknown = 0;
            for (int y : index.years()) {
                for (std::size_t d = 0; d < m_model.districts.size(); ++d) {
                    const auto n = index.persons(m_model.districts[d].id, y, band);
                    unknown += n ? 0 : 1;
                    cells[{m_h.district_area[d], y}] = n;
                }
            }
            if (unknown > 0) {
                m_out.notes.push_back(fmt::format(
                    "{}: {} Bezirk-Jahre ohne passende Altersgruppen in den Einwohnerdaten (die "
                    "Summen darüber bleiben leer)",
                    name, unknown));
            }
            emit(name, std::move(cells));
        }
    }

    void care() {
        if (m_model.care.empty()) {
            m_out.notes.push_back(
                "Betreuungsquoten: keine Meldungen betreuter Kinder (kita_care) im Projekt");
            return;
        }
        // The care rows as population records: the same exact tiling of bands answers them.
        // Summed per district, year and band first: two Kitas of a district report the same
        // band, which as two records would look like overlapping bands.
        std::map<std::tuple<std::string, int, age_band>, double> summed;
        std::set<int> years;
        for (const auto& c : m_model.care) {
            summed[{c.district.value, c.year, c.ages}] += c.children;
            years.insert(c.year);
        }
        std::vector<population_record> records;
        for (const auto& [key, n] : summed) {
            records.push_back(
                {district_id{std::get<0>(key)}, std::get<1>(key), std::get<2>(key), n});
        }
        // Per Kita, so a district whose Kitas all reported counts and one with a Kita missing
        // a year is unknown; per district, a district without rows is unknown.
        const bool per_kita = m_model.care.front().facility.has_value();
        std::map<std::string, std::set<int>> reported; // Kita or district -> years
        for (const auto& c : m_model.care) {
            reported[c.facility ? c.facility->value : c.district.value].insert(c.year);
        }
        std::map<std::string, std::vector<const facility*>> kitas_in;
        for (const auto& f : m_model.facilities) {
            if (f.kind == facility_kind::kita && f.district) {
                kitas_in[f.district->value].push_back(&f);
            }
        }
        const population_index index(records);
        for (const auto& [name, band] :
             {std::pair{"betreute_u3", under_three}, std::pair{"betreute_ue3", three_to_six}}) {
            cell_values cells;
            std::size_t missing = 0;
            for (int y : years) {
                for (std::size_t d = 0; d < m_model.districts.size(); ++d) {
                    const auto& id = m_model.districts[d].id;
                    std::optional<double> n;
                    if (per_kita) {
                        bool all = true;
                        for (const auto* k : kitas_in[id.value]) {
                            all = all && reported[k->id.value].contains(y);
                        }
                        // Every Kita reported: their sum; no Kita at all: 0 children.
                        n = !all                         ? std::nullopt
                            : kitas_in[id.value].empty() ? std::optional(0.0)
                                                         : index.persons(id, y, band);
                    } else {
                        n = reported[id.value].contains(y) ? index.persons(id, y, band)
                                                           : std::nullopt;
                    }
                    missing += n ? 0 : 1;
                    cells[{m_h.district_area[d], y}] = n;
                }
            }
            if (missing > 0) {
                m_out.notes.push_back(fmt::format(
                    "{}: {} Bezirk-Jahre unbekannt (eine Kita ohne Meldung für das Jahr, oder "
                    "Altersgruppen, die {} nicht genau ergeben)",
                    name, missing, to_string(band)));
            }
            emit(name, std::move(cells));
        }
    }

    void places() {
        const int y = m_request.facilities_year;
        std::unordered_map<std::string, std::size_t> district_of;
        for (std::size_t d = 0; d < m_model.districts.size(); ++d) {
            district_of.emplace(m_model.districts[d].id.value, d);
        }
        for (const auto& [name, u3] : {std::pair{"plaetze_u3", true}, {"plaetze_ue3", false}}) {
            std::vector<std::optional<double>> sum(m_model.districts.size(), 0.0);
            for (const auto& f : m_model.facilities) {
                if (f.kind != facility_kind::kita || !f.district) {
                    continue;
                }
                auto& s = sum[district_of.at(f.district->value)];
                const auto& p = u3 ? f.cap.places_u3 : f.cap.places_ue3;
                s = s && p ? std::optional(*s + *p) : std::nullopt;
            }
            cell_values cells;
            for (std::size_t d = 0; d < sum.size(); ++d) {
                cells[{m_h.district_area[d], y}] = sum[d];
            }
            emit(name, std::move(cells));
        }
    }

    // Pupils per Grundschule and school year (all grades), seats for the facilities' year; the
    // schools are areas of their own, adding up to their district.
    void schools() {
        std::unordered_map<std::string, std::size_t> school_area;
        for (const auto& f : m_model.facilities) {
            if (f.kind != facility_kind::grundschule || !f.district || f.competitor) {
                continue;
            }
            school_area.emplace(
                f.id.value, m_h.add({"schule", f.id.value, f.name, "district", f.district->value}));
        }
        cell_values pupils;
        for (const auto& e : m_model.enrolment) {
            const auto it = school_area.find(e.facility.value);
            if (it == school_area.end()) {
                continue;
            }
            auto& v = pupils[{it->second, e.school_year}];
            v = v.value_or(0.0) + e.pupils;
        }
        cell_values seats;
        for (const auto& f : m_model.facilities) {
            if (const auto it = school_area.find(f.id.value); it != school_area.end()) {
                seats[{it->second, m_request.facilities_year}] = f.cap.seats;
            }
        }
        emit("schueler_grundschule", std::move(pupils));
        emit("plaetze_grundschule", std::move(seats));
    }

    void rate(const std::string& id) {
        const auto* def = find_definition(m_out, id);
        const auto num = m_counts.find(def->numerator);
        const auto den = m_counts.find(def->denominator);
        if (num == m_counts.end() || den == m_counts.end()) {
            return;
        }
        for (const auto& [key, n] : num->second) {
            const auto d = den->second.find(key);
            if (d == den->second.end()) {
                continue; // the years of one are not the years of the other
            }
            std::optional<double> value;
            if (n && d->second && *d->second > 0) {
                value = 100.0 * *n / *d->second;
            }
            m_out.rows.push_back({key.first, key.second, id, value, n, d->second});
        }
    }

    const planning_model& m_model;
    const indicator_request& m_request;
    hierarchy m_h;
    indicator_report m_out;
    std::map<std::string, cell_values> m_counts;
};

} // namespace

const indicator_definition* find_definition(const indicator_report& r, const std::string& id) {
    for (const auto& d : r.definitions) {
        if (d.id == id) {
            return &d;
        }
    }
    return nullptr;
}

indicator_report compute_indicators(const planning_model& model, const indicator_request& request) {
    return builder(model, request).build();
}

} // namespace standort::planning
