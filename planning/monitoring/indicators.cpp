#include "planning/monitoring/indicators.hpp"

#include "planning/forecast/forecast.hpp"
#include "planning/model/population_index.hpp"
#include "planning/monitoring/spread.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace standort::planning {

namespace {

constexpr age_band under_three{0, 3};
constexpr age_band three_to_six{3, 6};
constexpr age_band under_six{0, 6};

std::vector<indicator_definition> definitions(const indicator_request& request) {
    using u = indicator_unit;
    const std::string carried =
        "; Schuljahre nach dem letzten der Schulstatistik: die Prognose (mittlere Variante), "
        "bis 2029/30";
    return {
        {"kinder_u3", "Kinder unter 3 Jahren", u::count,
         "Einwohnerinnen und Einwohner im Alter von 0 bis unter 3 Jahren am Stichtag",
         "Einwohnermelderegister (population)", "", "", ""},
        {"kinder_ue3", "Kinder von 3 bis unter 6 Jahren", u::count,
         "Einwohnerinnen und Einwohner im Alter von 3 bis unter 6 Jahren am Stichtag",
         "Einwohnermelderegister (population)", "", "", ""},
        {"betreute_u3", "Kinder unter 3 Jahren in Kindertagesbetreuung", u::count,
         "betreute Kinder von 0 bis unter 3 Jahren am Stichtag, gezählt am Ort der Kita",
         "Meldungen der Kitas (kita_care)", "", "", ""},
        {"betreute_ue3", "Kinder von 3 bis unter 6 Jahren in Kindertagesbetreuung", u::count,
         "betreute Kinder von 3 bis unter 6 Jahren am Stichtag, gezählt am Ort der Kita",
         "Meldungen der Kitas (kita_care)", "", "", ""},
        {"betreuungsquote_u3", "Betreuungsquote U3", u::percent,
         "betreute Kinder unter 3 Jahren je 100 Kinder unter 3 Jahren (Definition von Destatis; "
         "Kinder am Ort der Kita gezählt, Einwohner am Wohnort)",
         "kita_care, population", "betreute_u3", "kinder_u3", ""},
        {"betreuungsquote_ue3", "Betreuungsquote Ü3", u::percent,
         "betreute Kinder von 3 bis unter 6 Jahren je 100 Kinder dieses Alters (Definition von "
         "Destatis; Kinder am Ort der Kita gezählt, Einwohner am Wohnort)",
         "kita_care, population", "betreute_ue3", "kinder_ue3", ""},
        {"plaetze_u3", "genehmigte Plätze U3", u::count,
         "genehmigte Plätze für Kinder unter 3 Jahren in den Kitas des Gebiets",
         "Kita-Verzeichnis (facilities, Stand des Verzeichnisses)", "", "", ""},
        {"plaetze_ue3", "genehmigte Plätze Ü3", u::count,
         "genehmigte Plätze für Kinder von 3 Jahren bis zur Einschulung in den Kitas des Gebiets",
         "Kita-Verzeichnis (facilities, Stand des Verzeichnisses)", "", "", ""},
        {"versorgungsquote_u3", "Versorgungsquote U3", u::percent,
         "genehmigte Plätze U3 je 100 Kinder unter 3 Jahren", "facilities, population",
         "plaetze_u3", "kinder_u3", ""},
        {"versorgungsquote_ue3", "Versorgungsquote Ü3", u::percent,
         "genehmigte Plätze Ü3 je 100 Kinder von 3 bis unter 6 Jahren", "facilities, population",
         "plaetze_ue3", "kinder_ue3", ""},
        {"kinder_u6", "Kinder unter 6 Jahren", u::count,
         "Einwohnerinnen und Einwohner im Alter von 0 bis unter 6 Jahren am Stichtag",
         "Einwohnermelderegister (population)", "", "", ""},
        {"plaetze_kita", "genehmigte Plätze in Kitas", u::count,
         "alle genehmigten Plätze der Kitas des Gebiets (U3 und Ü3, oder die Gesamtzahl der "
         "Quelle)",
         "Kita-Verzeichnis (facilities, Stand des Verzeichnisses)", "", "", ""},
        {"versorgungsquote_kita", "Versorgungsquote Kita (unter 6)", u::percent,
         "genehmigte Plätze je 100 Kinder unter 6 Jahren (Plätze am Ort der Kita, Kinder am "
         "Wohnort)",
         "facilities, population", "plaetze_kita", "kinder_u6", ""},
        {"schueler_grundschule", "Schülerinnen und Schüler an Grundschulen", u::count,
         "Schülerinnen und Schüler aller Jahrgangsstufen im Schuljahr (Jahr: sein Beginn), am "
         "Schulstandort gezählt",
         "Schulstatistik (enrolment)", "", "", ""},
        {"plaetze_grundschule", "Schulplätze an Grundschulen", u::count,
         "Schulplätze (Züge × Klassenfrequenz × Jahrgänge, oder die Plätze der Quelle)",
         "Schulverzeichnis (facilities, Stand des Verzeichnisses)", "", "", ""},
        {"auslastung_grundschule", "Auslastung der Grundschulen", u::percent,
         "Schülerinnen und Schüler je 100 Schulplätze", "enrolment, facilities",
         "schueler_grundschule", "plaetze_grundschule", ""},
        {"einschueler", "Einschülerinnen und Einschüler", u::count,
         "Schülerinnen und Schüler der Klasse 1 im Schuljahr, am Schulstandort gezählt",
         "Schulstatistik (enrolment)", "", "", ""},
        {"kinder_einschulungsalter", "Kinder im Einschulungsalter", u::count,
         fmt::format("Kinder im Alter von {} Jahren im Einschulungsbereich der Schule am "
                     "Stichtag des Jahres, in dem das Schuljahr beginnt (die Kinder jedes "
                     "Planungsraums mal seinem Anteil im Bereich, nach dem Zensusgitter oder der "
                     "Fläche); summiert über die Schulen des Gebiets",
                     request.entry_age),
         "Einwohnermelderegister (population)", "", "", ""},
        {"einschulungsquote", "Einschulungsquote", u::percent,
         "Einschülerinnen und Einschüler je 100 Kinder im Einschulungsalter der "
         "Einschulungsbereiche, je Schule und über die Schulen des Gebiets (Kinder an "
         "Privatschulen oder mit Rückstellung fehlen im Zähler)",
         "enrolment, population", "einschueler", "kinder_einschulungsalter", ""},
        {"ganztag_teilnehmer", "Schülerinnen und Schüler im Ganztag", u::count,
         "Grundschülerinnen und -schüler in offener oder gebundener Ganztagsbetreuung (OGS) im "
         "Schuljahr, am Schulstandort gezählt",
         "Ganztagsstatistik (ganztag)", "", "", ""},
        {"ganztag_plaetze", "Ganztagsplätze", u::count,
         "Ganztagsplätze der Grundschulen im Schuljahr", "Ganztagsstatistik (ganztag)", "", "", ""},
        {"ganztag_quote", "Ganztagsquote", u::percent,
         "Schülerinnen und Schüler im Ganztag je 100 Grundschülerinnen und -schüler",
         "ganztag, enrolment", "ganztag_teilnehmer", "schueler_grundschule", ""},
        {"ganztag_anspruch", "Anspruchsberechtigte im Ganztag", u::count,
         "Schülerinnen und Schüler der Klassen, die der Rechtsanspruch auf Ganztagsbetreuung "
         "(GaFöG, § 24 Abs. 4 SGB VIII) im Schuljahr umfasst: 2026/27 Klasse 1, je Jahr eine "
         "mehr, ab 2029/30 Klassen 1 bis 4" +
             carried,
         "Schulstatistik (enrolment), Prognose", "", "", ""},
        {"ganztag_bedarf", "Bedarf an Ganztagsplätzen", u::count,
         fmt::format("Anspruchsberechtigte × {} je 100 (erwartete Inanspruchnahme, Projektdatei "
                     "monitoring.ganztag_per_100)",
                     request.ganztag_per_100),
         "enrolment, Prognose, Projektdatei", "", "", "ganztag_anspruch"},
        {"ganztag_plaetze_fehlend", "fehlende Ganztagsplätze", u::count,
         "Bedarf minus Ganztagsplätze je Grundschule, wo positiv, summiert (ein Überschuss an "
         "einer Schule deckt nicht den Bedarf einer anderen); Jahre ohne Angabe der Plätze: "
         "die Plätze des letzten Jahrs mit Angabe (kein Ausbau angenommen)",
         "ganztag, enrolment, Prognose", "", "", "ganztag_bedarf"},
        {"uebergaenge", "Übergänge auf weiterführende Schulen", u::count,
         "Schülerinnen und Schüler, die von der Grundschule auf eine weiterführende Schule "
         "wechseln (Jahr: das Schuljahr, in dem sie dort beginnen), an der abgebenden "
         "Grundschule gezählt",
         "Schulstatistik (transitions)", "", "", ""},
        {"uebergaenge_gymnasium", "Übergänge auf das Gymnasium", u::count,
         "Übergänge von der Grundschule auf ein Gymnasium", "Schulstatistik (transitions)", "", "",
         ""},
        {"uebergaenge_gesamtschule", "Übergänge auf Gesamtschulen", u::count,
         "Übergänge auf eine Schulform mit mehreren Bildungsgängen bis zum Abitur (Gesamtschule, "
         "Integrierte Sekundarschule, Gemeinschafts-, Stadtteilschule)",
         "Schulstatistik (transitions)", "", "", ""},
        {"uebergaenge_realschule", "Übergänge auf die Realschule", u::count,
         "Übergänge von der Grundschule auf eine Realschule", "Schulstatistik (transitions)", "",
         "", ""},
        {"uebergaenge_sonstige", "Übergänge auf sonstige Schulformen", u::count,
         "Übergänge auf Hauptschulen, Förderschulen und andere Schulformen",
         "Schulstatistik (transitions)", "", "", ""},
        {"uebergangsquote_gymnasium", "Übergangsquote Gymnasium", u::percent,
         "Übergänge auf das Gymnasium je 100 Übergänge von der Grundschule",
         "Schulstatistik (transitions)", "uebergaenge_gymnasium", "uebergaenge", ""},
        {"uebergangsquote_gesamtschule", "Übergangsquote Gesamtschule", u::percent,
         "Übergänge auf Gesamtschulen (ISS, Gemeinschaftsschulen) je 100 Übergänge",
         "Schulstatistik (transitions)", "uebergaenge_gesamtschule", "uebergaenge", ""},
        {"uebergangsquote_realschule", "Übergangsquote Realschule", u::percent,
         "Übergänge auf die Realschule je 100 Übergänge", "Schulstatistik (transitions)",
         "uebergaenge_realschule", "uebergaenge", ""},
        {"uebergangsquote_sonstige", "Übergangsquote sonstige Schulformen", u::percent,
         "Übergänge auf sonstige Schulformen je 100 Übergänge", "Schulstatistik (transitions)",
         "uebergaenge_sonstige", "uebergaenge", ""},
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
using cell_set = std::set<std::pair<std::size_t, int>>;

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
        m_out.definitions = definitions(request);
    }

    indicator_report build() {
        children();
        care();
        places();
        schools();
        ganztag();
        transitions();
        reach();
        for (const auto* id : {"betreuungsquote_u3", "betreuungsquote_ue3", "versorgungsquote_u3",
                               "versorgungsquote_ue3", "versorgungsquote_kita",
                               "auslastung_grundschule", "ganztag_quote", "einschulungsquote",
                               "uebergangsquote_gymnasium", "uebergangsquote_gesamtschule",
                               "uebergangsquote_realschule", "uebergangsquote_sonstige"}) {
            rate(id);
        }
        for (const auto& k : m_request.reach) {
            rate(k.name + "_anteil_jenseits");
        }
        m_out.areas = std::move(m_h.areas);
        std::set<int> years;
        for (const auto& r : m_out.rows) {
            years.insert(r.year);
        }
        m_out.years.assign(years.begin(), years.end());
        m_out.spreads = spread_between_districts(m_out);
        // 0-3 and 3-6 tile 0-6; the forms tile the transitions; U3 and Ü3 places are the
        // places where a Kita splits them (protecting where they do not costs a cell or two).
        m_out.sums = {{"kinder_u6", {"kinder_u3", "kinder_ue3"}},
                      {"plaetze_kita", {"plaetze_u3", "plaetze_ue3"}},
                      {"uebergaenge",
                       {"uebergaenge_gymnasium", "uebergaenge_gesamtschule",
                        "uebergaenge_realschule", "uebergaenge_sonstige"}}};
        return std::move(m_out);
    }

private:
    // `projected`: the leaf cells from the projection; a total with such a part is one too.
    void emit(const std::string& indicator, cell_values cells, cell_set projected = {}) {
        sum_up(m_h, cells);
        for (auto todo = std::vector(projected.begin(), projected.end()); !todo.empty();) {
            const auto [a, y] = todo.back();
            todo.pop_back();
            const auto& area = m_h.areas[a];
            const auto parent = m_h.index.find({area.parent_level, area.parent_id});
            if (!area.parent_level.empty() && parent != m_h.index.end() &&
                projected.insert({parent->second, y}).second) {
                todo.push_back({parent->second, y});
            }
        }
        for (const auto& [key, v] : cells) {
            m_out.rows.push_back(
                {key.first, key.second, indicator, v, v, std::nullopt, projected.contains(key)});
        }
        m_counts[indicator] = std::move(cells);
        m_projected[indicator] = std::move(projected);
    }

    void children() {
        const population_index index(m_model.population);
        for (const auto& [name, band] :
             {std::pair{"kinder_u3", under_three}, std::pair{"kinder_ue3", three_to_six},
              std::pair{"kinder_u6", under_six}}) {
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
        using places_of = std::optional<double> capacity::*;
        for (const auto& [name, field] :
             {std::pair<const char*, places_of>{"plaetze_u3", &capacity::places_u3},
              {"plaetze_ue3", &capacity::places_ue3},
              {"plaetze_kita", &capacity::places}}) {
            std::vector<std::optional<double>> sum(m_model.districts.size(), 0.0);
            for (const auto& f : m_model.facilities) {
                if (f.kind != facility_kind::kita || !f.district) {
                    continue;
                }
                auto& s = sum[district_of.at(f.district->value)];
                const auto& p = f.cap.*field;
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
        auto& school_area = m_school_area;
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
        entrants();
    }

    // Grade 1 per school and school year against the district's children of the entry age. A
    // school year a school reported without a grade 1 figure (totals only) is unknown, so the
    // district's sum is not a partial one.
    void entrants() {
        cell_values first;
        for (const auto& e : m_model.enrolment) {
            const auto it = m_school_area.find(e.facility.value);
            if (it == m_school_area.end()) {
                continue;
            }
            auto& v = first.try_emplace({it->second, e.school_year}, std::nullopt).first->second;
            if (e.grade == "1") {
                v = v.value_or(0.0) + e.pupils;
            }
        }
        if (first.empty()) {
            return;
        }
        emit("einschueler", std::move(first));
        if (m_model.catchments.empty()) {
            m_out.notes.push_back("Einschulungsquote: keine Einschulungsbereiche (catchments) im "
                                  "Projekt, also keine Kinder je Schule");
            return;
        }
        emit("kinder_einschulungsalter", catchment_children());
    }

    // The children of entry age in each school's Einschulungsbereich(e): each district's count
    // times the share of its children living in the catchment (the grid's, else by area), the
    // forecast's pool. A school without a catchment has none (unknown): it would draw on all.
    cell_values catchment_children() const {
        const population_index index(m_model.population);
        const age_band entry{m_request.entry_age, m_request.entry_age + 1};
        const auto shares =
            catchment_shares(m_model, m_model.grid.year.value_or(m_request.facilities_year));
        const auto catchments_of = facility_catchments(m_model);
        cell_values children;
        for (std::size_t f = 0; f < m_model.facilities.size(); ++f) {
            const auto it = m_school_area.find(m_model.facilities[f].id.value);
            if (it == m_school_area.end()) {
                continue;
            }
            const auto area = it->second;
            const auto& mine = catchments_of[f];
            for (int y : index.years()) {
                std::optional<double> n = mine.empty() ? std::nullopt : std::optional(0.0);
                for (auto c : mine) {
                    for (std::size_t d = 0; n && d < m_model.districts.size(); ++d) {
                        if (shares[c][d] > 0) {
                            const auto p = index.persons(m_model.districts[d].id, y, entry);
                            n = p ? std::optional(*n + shares[c][d] * *p) : std::nullopt;
                        }
                    }
                }
                children[{area, y}] = n;
            }
        }
        return children;
    }

    // Ganztag at the Grundschulen: participants and places as reported, then the legal claim.
    // A competitor's school is not counted, as its pupils are not.
    void ganztag() {
        const bool has_places = std::any_of(m_model.ganztag.begin(), m_model.ganztag.end(),
                                            [](const ganztag_record& g) { return g.places; });
        cell_values participants;
        cell_values places;
        school_places places_by_school;
        for (const auto& g : m_model.ganztag) {
            const auto it = m_school_area.find(g.facility.value);
            if (it == m_school_area.end()) {
                continue;
            }
            participants[{it->second, g.school_year}] = g.participants;
            if (has_places) {
                places[{it->second, g.school_year}] = g.places;
            }
            if (g.places) {
                places_by_school[it->second][g.school_year] = *g.places;
            }
        }
        if (participants.empty()) {
            m_out.notes.push_back("Ganztag: keine Ganztagsstatistik (ganztag) im Projekt");
        } else {
            emit("ganztag_teilnehmer", std::move(participants));
        }
        if (has_places) {
            emit("ganztag_plaetze", std::move(places));
        }
        claim(places_by_school, has_places);
    }

    // Transitions per Grundschule and year, all and per form. A school that reported the year
    // has 0 for a form it has no row for; one that did not report it, though it had pupils the
    // school year before (or the enrolment does not say), is unknown, and so are the totals
    // above it: never a partial sum.
    void transitions() {
        if (m_model.transitions.empty()) {
            m_out.notes.push_back("Übergangsquoten: keine Übergänge (transitions) im Projekt");
            return;
        }
        using forms = std::array<std::optional<double>, school_forms.size()>;
        std::map<std::pair<std::size_t, int>, forms> reported;
        std::set<int> years;
        for (const auto& t : m_model.transitions) {
            const auto it = m_school_area.find(t.facility.value);
            if (it == m_school_area.end()) {
                continue;
            }
            auto [r, fresh] = reported.try_emplace({it->second, t.school_year});
            if (fresh) {
                r->second.fill(0.0); // a form the school has no row for: none went there
            }
            auto& n = r->second[static_cast<std::size_t>(t.form)];
            n = n && t.pupils ? std::optional(*n + *t.pupils) : std::nullopt;
            years.insert(t.school_year);
        }
        std::set<std::pair<std::size_t, int>> taught; // school, school year with pupils
        std::set<int> enrolment_years;
        for (const auto& e : m_model.enrolment) {
            enrolment_years.insert(e.school_year);
            if (const auto it = m_school_area.find(e.facility.value);
                it != m_school_area.end() && e.pupils > 0) {
                taught.insert({it->second, e.school_year});
            }
        }
        std::array<cell_values, school_forms.size()> by_form;
        cell_values all;
        std::size_t unknown = 0;
        for (int y : years) {
            for (const auto& [id, area] : m_school_area) {
                const auto r = reported.find({area, y});
                if (r == reported.end()) {
                    if (!enrolment_years.contains(y - 1) || taught.contains({area, y - 1})) {
                        ++unknown;
                        all[{area, y}] = std::nullopt;
                        for (auto& cells : by_form) {
                            cells[{area, y}] = std::nullopt;
                        }
                    }
                    continue;
                }
                std::optional<double> total = 0.0;
                for (std::size_t f = 0; f < school_forms.size(); ++f) {
                    const auto& n = r->second[f];
                    by_form[f][{area, y}] = n;
                    total = total && n ? std::optional(*total + *n) : std::nullopt;
                }
                all[{area, y}] = total;
            }
        }
        if (unknown > 0) {
            m_out.notes.push_back(fmt::format(
                "Übergänge: {} Schul-Jahre ohne Meldung, obwohl die Schule im Schuljahr davor "
                "Schülerinnen und Schüler hatte (die Summen darüber bleiben leer)",
                unknown));
        }
        emit("uebergaenge", std::move(all));
        for (std::size_t f = 0; f < school_forms.size(); ++f) {
            emit("uebergaenge_" + to_string(school_forms[f]), std::move(by_form[f]));
        }
    }

    // Access: per coverage kind the children of its ages and those beyond its farthest
    // threshold, per district (where they live) and summed up; the share is a rate.
    void reach() {
        using u = indicator_unit;
        for (const auto& k : m_request.reach) {
            const auto children = k.name + "_kinder";
            const auto beyond = k.name + "_kinder_jenseits";
            const auto where = fmt::format("über {} bis zur nächsten {}", k.limit, k.title);
            const auto source = fmt::format("Zensusgitter {}, Standorte (facilities), Wege der "
                                            "Versorgungsanalyse (standort coverage)",
                                            k.year);
            m_out.definitions.push_back(
                {children, fmt::format("Kinder von {} ({})", k.ages, k.title), u::count,
                 fmt::format("Kinder von {} am Wohnort, {}", k.ages, k.basis), source, "", "", ""});
            m_out.definitions.push_back({beyond, fmt::format("Kinder {}", where), u::count,
                                         fmt::format("Kinder von {}, {}", k.ages, where), source,
                                         "", "", ""});
            m_out.definitions.push_back(
                {k.name + "_anteil_jenseits", fmt::format("Anteil der Kinder {}", where),
                 u::percent, fmt::format("Kinder {} je 100 Kinder von {}", where, k.ages), source,
                 beyond, children, ""});
            cell_values all;
            cell_values far;
            for (std::size_t d = 0; d < m_model.districts.size() && d < k.children.size(); ++d) {
                all[{m_h.district_area[d], k.year}] = k.children[d];
                far[{m_h.district_area[d], k.year}] = k.beyond[d];
            }
            emit(children, std::move(all));
            emit(beyond, std::move(far));
        }
    }

    using school_places = std::map<std::size_t, std::map<int, double>>; // area -> year -> places
    using grade_pupils =
        std::map<std::pair<std::size_t, int>, std::array<std::optional<double>, 4>>;

    // Grades 1 to 4 per Grundschule from the first claim year on: observed, and after the last
    // observed school year the projection's, up to the claim's full year (`projected`).
    grade_pupils claim_grades(cell_set& projected) const {
        grade_pupils grades;
        for (const auto& e : m_model.enrolment) {
            const auto it = m_school_area.find(e.facility.value);
            if (it == m_school_area.end() || ganztag_claim_grades(e.school_year) == 0) {
                continue;
            }
            auto& g = grades[{it->second, e.school_year}]; // a total-only school: all unknown
            if (e.grade.size() == 1 && e.grade[0] >= '1' && e.grade[0] <= '4') {
                auto& n = g[static_cast<std::size_t>(e.grade[0] - '1')];
                n = n.value_or(0.0) + e.pupils;
            }
        }
        for (const auto& p : m_request.projected) {
            const auto it = m_school_area.find(p.school.value);
            if (it == m_school_area.end() || ganztag_claim_grades(p.school_year) == 0 ||
                p.school_year > ganztag_claim_full_year) {
                continue;
            }
            const std::pair key{it->second, p.school_year};
            if (grades
                    .emplace(key, std::array<std::optional<double>, 4>{p.pupils[0], p.pupils[1],
                                                                       p.pupils[2], p.pupils[3]})
                    .second) {
                projected.insert(key);
            }
        }
        return grades;
    }

    // The entitled pupils, the need (times the expected take-up) and the places missing per
    // school; a school year without its own places figure uses the latest one before it.
    void claim(const school_places& places, bool has_places) {
        cell_set projected;
        const auto grades = claim_grades(projected);
        if (grades.empty()) {
            m_out.notes.push_back("Rechtsanspruch Ganztag: keine Schülerzahlen ab 2026/27 (weder "
                                  "Schulstatistik noch Prognose)");
            return;
        }
        cell_values entitled;
        cell_values need;
        cell_values missing;
        cell_set missing_projected = projected;
        std::size_t unknown = 0;
        for (const auto& [key, g] : grades) {
            std::optional<double> n = 0.0;
            for (int i = 0; i < ganztag_claim_grades(key.second); ++i) {
                n = n && g[static_cast<std::size_t>(i)]
                        ? std::optional(*n + *g[static_cast<std::size_t>(i)])
                        : std::nullopt;
            }
            unknown += n ? 0 : 1;
            entitled[key] = n;
            need[key] = n ? std::optional(*n * m_request.ganztag_per_100 / 100.0) : std::nullopt;
            if (!has_places) {
                continue;
            }
            std::optional<double> p;
            if (const auto s = places.find(key.first); s != places.end()) {
                if (auto it = s->second.upper_bound(key.second); it != s->second.begin()) {
                    --it;
                    p = it->second;
                    if (it->first != key.second) {
                        missing_projected.insert(key);
                    }
                }
            }
            missing[key] =
                need[key] && p ? std::optional(std::max(0.0, *need[key] - *p)) : std::nullopt;
        }
        if (unknown > 0) {
            m_out.notes.push_back(fmt::format(
                "ganztag_anspruch: {} Schul-Jahre ohne Schülerzahlen nach Klassen (die Summen "
                "darüber bleiben leer)",
                unknown));
        }
        emit("ganztag_anspruch", std::move(entitled), projected);
        emit("ganztag_bedarf", std::move(need), projected);
        if (has_places) {
            emit("ganztag_plaetze_fehlend", std::move(missing), std::move(missing_projected));
        }
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
            m_out.rows.push_back({key.first, key.second, id, value, n, d->second,
                                  m_projected[def->numerator].contains(key) ||
                                      m_projected[def->denominator].contains(key)});
        }
    }

    const planning_model& m_model;
    const indicator_request& m_request;
    hierarchy m_h;
    indicator_report m_out;
    std::map<std::string, cell_values> m_counts;
    std::map<std::string, cell_set> m_projected;
    std::unordered_map<std::string, std::size_t> m_school_area; // Grundschule id -> area
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

int ganztag_claim_grades(int school_year) {
    return std::clamp(school_year - (ganztag_claim_full_year - 4), 0, 4);
}

indicator_report compute_indicators(const planning_model& model, const indicator_request& request) {
    return builder(model, request).build();
}

} // namespace standort::planning
